"""``casereader inspection|sample|backup`` through the real command line, on a real SQLite file."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from cli_runner import CliRunner

from casereader.cli.main import main

FORMS = Path(__file__).resolve().parents[1] / "core" / "data"


class Cli(CliRunner):
    def cases(self, inspection: str) -> dict[str, tuple[bool, str, dict[str, object]]]:
        with self.store() as store:
            return {c.reference: (c.reserve, c.withdrawn_reason, dict(c.header)) for c in store.list_cases(inspection)}


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(FORMS))
    monkeypatch.delenv("CASEREADER_DATA_DIR", raising=False)
    return Cli(tmp_path / "data", capsys)


def create(cli: Cli, *extra: str) -> str:
    out = cli.ok("inspection", "create", "--form", "worked-example@1", "--area", "Wessex", "--round", "baseline",
                 *extra)
    return out.strip()


def finalisations(path: Path, counts: dict[str, int], seed: int = 0, shuffle: bool = False) -> Path:
    rows = [f"{kind}-{i:03d},{kind},{('police', 'cpsd', 'area')[i % 3]},{'GP' if i % 2 else 'trial'}"
            for kind, n in counts.items() for i in range(n)]
    if shuffle:
        random.Random(seed).shuffle(rows)
    path.write_text("reference,casework_type,charging_route,outcome\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_create_prints_only_the_id_and_pins_the_form_bytes(cli: Cli) -> None:
    ident = create(cli, "--title", "Wessex AIP", "--inspector", "A. Smith", "--inspector", "B. Jones")
    assert len(ident) == 36 and "\n" not in ident
    with cli.store() as store:
        insp = store.get_inspection(ident)
        assert store.form_bytes(ident) == (FORMS / "worked-example.yaml").read_bytes()
    assert (insp.title, insp.area, insp.round.value, insp.form_key, insp.inspectors) == (
        "Wessex AIP", "Wessex", "baseline", "worked-example@1", ("A. Smith", "B. Jones"))
    listing = cli.ok("inspection", "list").splitlines()
    assert listing[0].split() == ["id", "area", "round", "form", "cases", "complete"]
    assert listing[1].split() == [ident, "Wessex", "baseline", "worked-example@1", "0", "0/0"]


def test_create_with_an_unknown_form_or_round_fails_cleanly(cli: Cli) -> None:
    code, out, err = cli("inspection", "create", "--form", "nope", "--area", "X", "--round", "baseline")
    assert code == 2 and out == ""
    assert "no question set 'nope' (available: worked-example)" in err
    code, _, err = cli("inspection", "create", "--form", "worked-example@9", "--area", "X", "--round", "baseline")
    assert code == 2 and "no question set worked-example@9 (versions available: 1)" in err
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(cli.data), "inspection", "create", "--form", "worked-example", "--area", "X",
              "--round", "final"])
    assert info.value.code == 2


def test_unknown_inspection_is_a_clear_error(cli: Cli) -> None:
    code, _, err = cli("inspection", "show", "deadbeef")
    assert code == 2 and "No inspection with id 'deadbeef'" in err


def test_sample_import_then_show(cli: Cli, tmp_path: Path) -> None:
    ident = create(cli)
    f = tmp_path / "sample.csv"
    f.write_bytes(b"\xef\xbb\xbfreference,casework_type,charging_route,victim_letter_required\r\n"
                  b"U1,MC,area,yes\r\nU2,Crown Court,police,no\r\nU3,rasso,CPS Direct,\r\n")
    out = cli.ok("sample", "import", ident[:6], str(f))
    assert out.startswith(f"added 3 cases to {ident[:8]} from {f}")
    assert cli.cases(ident) == {
        "U1": (False, "", {"casework_type": "MC", "charging_route": "area", "victim_letter_required": True}),
        "U2": (False, "", {"casework_type": "CC", "charging_route": "police", "victim_letter_required": False}),
        "U3": (False, "", {"casework_type": "RASSO", "charging_route": "cpsd"}),
    }
    shown = cli.ok("inspection", "show", ident[:4])
    assert "3 in the sample, 0 reserve, 0 withdrawn" in shown
    rows = {line.split()[0]: line.split() for line in shown.splitlines()[-3:]}
    assert rows["MC"][:3] == ["MC", "1", "1"] and rows["MC"][-1] == "0/5"
    assert rows["CC"][-1] == "0/2"
    assert cli.ok("inspection", "list").splitlines()[1].split()[-2:] == ["3", "0/3"]


def test_bad_sample_imports_add_nothing(cli: Cli, tmp_path: Path) -> None:
    ident = create(cli)
    good = tmp_path / "good.csv"
    good.write_text("reference,casework_type\nU1,MC\n")
    cli.ok("sample", "import", ident, str(good))
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,casework_type,court\nU2,Youth,x\nU1,CC,y\nU3,CC,z\n")
    code, out, err = cli("sample", "import", ident, str(bad))
    assert code == 1 and out == ""
    assert f"{bad}:row 1, column court: unknown column" in err
    bad.write_text("reference,casework_type\nU2,Youth\nu1,CC\nU3,CC\n")
    code, _, err = cli("sample", "import", ident, str(bad))
    assert code == 1
    assert err.splitlines() == [
        f"{bad}:row 2, column casework_type: 'Youth' is not one of: MC (Magistrates' courts), CC (Crown Court), "
        "RASSO",
        f"{bad}:row 3, column reference: case 'U1' is already in this inspection",
        "casereader: error: 2 problems found; nothing was imported",
    ]
    assert list(cli.cases(ident)) == ["U1"]
    assert [p.name for p in (cli.data / "backups").iterdir() if "sample-import" in p.name].__len__() == 1


def test_draw_is_reproducible_from_the_seed_whatever_the_file_order(cli: Cli, tmp_path: Path) -> None:
    counts = {"MC": 60, "CC": 45, "RASSO": 30}
    first = create(cli)
    out = cli.ok("sample", "draw", first, "--from", str(finalisations(tmp_path / "a.csv", counts)),
                 "--quota", "MC=40,CC=30,RASSO=20", "--seed", "8128", "--reserves", "3")
    assert out.splitlines()[0] == f"drew 90 cases and 9 reserves from {tmp_path / 'a.csv'} (135 cases) with seed 8128"
    assert out.splitlines()[2].split() == ["CC", "30", "45", "3"]
    second = create(cli)
    cli.ok("sample", "draw", second, "--from",
           str(finalisations(tmp_path / "b.csv", counts, seed=3, shuffle=True)),
           "--quota", "RASSO=20,MC=40,CC=30", "--seed", "8128", "--reserves", "3")
    a, b = cli.cases(first), cli.cases(second)
    assert a == b
    assert sum(1 for r, _, _ in a.values() if not r) == 90 and sum(1 for r, _, _ in a.values() if r) == 9
    assert sum(1 for r, _, h in a.values() if not r and h["casework_type"] == "RASSO") == 20
    with cli.store() as store:
        assert store.get_inspection(first).sample_seed == 8128
    assert "sample seed 8128" in cli.ok("inspection", "show", first)
    third = create(cli)
    cli.ok("sample", "draw", third, "--from", str(tmp_path / "a.csv"), "--quota", "MC=40,CC=30,RASSO=20",
           "--seed", "8129", "--reserves", "3")
    assert cli.cases(third) != a


def test_draw_without_a_seed_prints_the_one_chosen(cli: Cli, tmp_path: Path) -> None:
    ident = create(cli)
    out = cli.ok("sample", "draw", ident, "--from", str(finalisations(tmp_path / "a.csv", {"MC": 5, "CC": 5})),
                 "--quota", "MC=2,CC=2")
    seed = int(out.splitlines()[0].rsplit(" ", 1)[1])
    with cli.store() as store:
        assert store.get_inspection(ident).sample_seed == seed


@pytest.mark.parametrize(("args", "message"), [
    (["--quota", "MC=40,CC"], "--quota 'MC=40,CC': quota part 'CC' is not STRATUM=COUNT"),
    (["--quota", "MC=4.5"], "the count must be a whole number of at least 1"),
    (["--quota", "Youth=3"], "quota names 'Youth', which is not a value of casework_type"),
    (["--quota", "MC=40,CC=3", "--reserves", "2"],
     "not enough cases to draw the sample: stratum MC: 10 cases in "),
    (["--quota", "MC=1", "--stratify-by", "court"], "has no column 'court' to stratify by"),
    (["--quota", "MC=1", "--reserves", "-1"], "--reserves must be 0 or more"),
])
def test_bad_draws_add_nothing(cli: Cli, tmp_path: Path, args: list[str], message: str) -> None:
    ident = create(cli)
    code, out, err = cli("sample", "draw", ident, "--from",
                         str(finalisations(tmp_path / "a.csv", {"MC": 10, "CC": 10})), "--seed", "1", *args)
    assert code == 2 and out == ""
    assert message in err
    assert cli.cases(ident) == {}
    with cli.store() as store:
        assert store.get_inspection(ident).sample_seed is None


def test_a_bad_list_file_is_refused_before_drawing(cli: Cli, tmp_path: Path) -> None:
    ident = create(cli)
    f = tmp_path / "list.csv"
    f.write_bytes(b"reference,casework_type\nA1,MC\nA2,M\xe9\n")
    code, _, err = cli("sample", "draw", ident, "--from", str(f), "--quota", "MC=1", "--seed", "1")
    assert code == 1 and f"{f}:row 3: byte 0xE9" in err and "no sample was drawn" in err
    assert cli.cases(ident) == {}


def test_draw_twice_is_refused(cli: Cli, tmp_path: Path) -> None:
    ident = create(cli)
    src = str(finalisations(tmp_path / "a.csv", {"MC": 5}))
    cli.ok("sample", "draw", ident, "--from", src, "--quota", "MC=2", "--seed", "1")
    code, _, err = cli("sample", "draw", ident, "--from", src, "--quota", "MC=2", "--seed", "2")
    assert code == 2 and "already has 2 cases; a sample is drawn once" in err


def test_replace_brings_in_the_next_reserve_of_the_same_stratum(cli: Cli, tmp_path: Path) -> None:
    ident = create(cli)
    cli.ok("sample", "draw", ident, "--from", str(finalisations(tmp_path / "a.csv", {"MC": 20, "CC": 20})),
           "--quota", "MC=5,CC=5", "--seed", "99", "--reserves", "2")
    before = cli.cases(ident)
    sampled_cc = sorted(r for r, (res, _, h) in before.items() if not res and h["casework_type"] == "CC")
    reserves_cc = [r for r, (res, _, h) in before.items() if res and h["casework_type"] == "CC"]
    out = cli.ok("sample", "replace", ident, "--case", sampled_cc[0], "--reason", "file sealed by court order")
    assert out.strip() == (f"withdrew {sampled_cc[0]} (file sealed by court order); brought in reserve "
                           f"{reserves_cc[0]}")
    out = cli.ok("sample", "replace", ident, "--case", sampled_cc[1], "--reason", "papers missing")
    assert out.strip().endswith(f"brought in reserve {reserves_cc[1]}")
    code, _, err = cli("sample", "replace", ident, "--case", sampled_cc[2], "--reason", "again")
    assert code == 2 and "no unused reserve left" in err
    after = cli.cases(ident)
    assert after[sampled_cc[0]][1] == "file sealed by court order"
    assert after[reserves_cc[0]][0] is False
    with cli.store() as store:
        case = store.find_case(ident, sampled_cc[0])
        assert case is not None
        history = store.history(case.id)
    assert any(e.kind == "case" and e.key == "withdrawn" and e.reason == "file sealed by court order"
               for e in history)
    shown = cli.ok("inspection", "show", ident)
    assert "10 in the sample, 2 reserve, 2 withdrawn" in shown


def test_replace_with_a_named_reserve_and_its_errors(cli: Cli, tmp_path: Path) -> None:
    ident = create(cli)
    cli.ok("sample", "draw", ident, "--from", str(finalisations(tmp_path / "a.csv", {"MC": 20})),
           "--quota", "MC=3", "--seed", "5", "--reserves", "2")
    cases = cli.cases(ident)
    sampled = sorted(r for r, (res, _, _) in cases.items() if not res)
    spare = [r for r, (res, _, _) in cases.items() if res][1]
    assert cli.ok("sample", "replace", ident, "--case", sampled[0], "--reason", "x", "--with", spare).strip() \
        .endswith(f"brought in reserve {spare}")
    for args, message in [
        (["--case", "NOPE", "--reason", "x"], "no case 'NOPE'"),
        (["--case", sampled[0], "--reason", "x"], f"case {sampled[0]} was already withdrawn (x)"),
        (["--case", sampled[1], "--reason", "x", "--with", sampled[2]], f"case {sampled[2]} is not an unused reserve"),
        (["--case", sampled[1], "--reason", " "], "--reason must say why"),
    ]:
        code, _, err = cli("sample", "replace", ident, *args)
        assert code == 2 and message in err, err
    assert sum(1 for _, w, _ in cli.cases(ident).values() if w) == 1


def test_backup_list_and_restore(cli: Cli, tmp_path: Path) -> None:
    ident = create(cli)
    first = tmp_path / "s1.csv"
    first.write_text("reference,casework_type\nU1,MC\n")
    cli.ok("sample", "import", ident, str(first))
    second = tmp_path / "s2.csv"
    second.write_text("reference,casework_type\nU2,CC\n")
    cli.ok("sample", "import", ident, str(second))
    assert set(cli.cases(ident)) == {"U1", "U2"}
    listing = cli.ok("backup", "list").splitlines()
    assert listing[0].split()[:2] == ["backup", "taken"]
    names = [line.split()[0] for line in listing[1:]]
    assert len(names) == 2 and all("before-sample-import" in n for n in names)
    newest = names[0]
    out = cli.ok("backup", "restore", newest)
    assert out.startswith(f"restored {newest}; the database as it was is kept in ")
    assert set(cli.cases(ident)) == {"U1"}
    code, _, err = cli("backup", "restore", "no-such-backup")
    assert code == 2 and "no backup 'no-such-backup'" in err
    code, _, err = cli("backup", "restore", "before-sample-import")
    assert code == 2 and "matches" in err


def test_backup_list_when_there_are_none(cli: Cli) -> None:
    assert cli.ok("backup", "list").startswith("no backups in ")
