"""Reserves reach every inspection, through the real command line across two data folders: the centre draws
a pack's sample with reserves (``central pack --quota --reserves --seed``), the inspector replaces a case with
one (``sample replace`` on the pack inspection) and adds more (``sample import --reserve``), ``inspection
show`` lists the replacements, and the centre holds them after the bundle."""

from __future__ import annotations

import re
import sqlite3

from tests.e2e.test_sync_loop import Loop, loop  # noqa: F401  (the fixture)

ROUTES = ("police", "cpsd", "area")


def finalised(loop: Loop) -> str:  # noqa: F811
    rows = [f"{kind}-{i:02d},{kind},{ROUTES[i % 3]}" for kind in ("MC", "CC", "RASSO") for i in range(6)]
    return str(loop.file("finalised.csv", "reference,casework_type,charging_route\n" + "\n".join(rows) + "\n"))


def central_cases(loop: Loop, inspection: str) -> dict[str, tuple[int, str]]:  # noqa: F811
    con = sqlite3.connect(loop.centre / "central.sqlite")
    try:
        return {ref: (reserve, withdrawn) for ref, reserve, withdrawn in con.execute(
            "SELECT reference, reserve, withdrawn_reason FROM central_case WHERE inspection_id = ?", (inspection,))}
    finally:
        con.close()


def test_reserves_from_the_centre_used_by_sample_replace(loop: Loop) -> None:  # noqa: F811
    assert loop.central("init")[0] == 0
    cases = finalised(loop)
    pack = loop.tmp / "p.crpack"
    base = ("pack", "--form", "worked-example@1", "--area", "Kent", "--round", "baseline", "--sample", cases)
    code, _, err = loop.central(*base, "--out", pack, "--reserves", "1")
    assert code == 2 and "give --quota too" in err and not pack.exists()
    code, out, err = loop.central(*base, "--out", pack, "--quota", "MC=2,CC=1", "--reserves", "1", "--seed", "7")
    assert code == 0, err
    assert "drew 3 case(s) and 2 reserve(s) from finalised.csv with seed 7 by casework_type (CC: 1+1, MC: 2+1)" in out
    assert "3 case(s) and 2 reserve(s)" in out
    inspection = re.search(r"inspection ([0-9a-f-]{36})", out).group(1)  # type: ignore[union-attr]
    held = central_cases(loop, inspection)
    assert len(held) == 5 and sum(reserve for reserve, _ in held.values()) == 2
    assert {r[:2] for r, (reserve, _) in held.items() if reserve} == {"MC", "CC"}  # one per stratum
    again = loop.tmp / "again.crpack"  # the same list, quota and seed draw the same cases
    code, out, err = loop.central(*base, "--out", again, "--quota", "MC=2,CC=1", "--reserves", "1", "--seed", "7")
    assert code == 0, err
    other = re.search(r"inspection ([0-9a-f-]{36})", out).group(1)  # type: ignore[union-attr]
    assert central_cases(loop, other) == held

    code, out, err = loop.inspector("pack", "import", pack)
    assert code == 0, err
    assert loop.inspector("sync", "device", "--out", loop.tmp / "device.json")[0] == 0
    assert loop.central("enrol", loop.tmp / "device.json")[0] == 0
    mc = sorted(r for r, (reserve, _) in held.items() if r.startswith("MC") and not reserve)
    mc_reserve = next(r for r, (reserve, _) in held.items() if r.startswith("MC") and reserve)
    code, out, err = loop.inspector("sample", "replace", inspection, "--case", mc[0], "--reason", "file missing")
    assert code == 0, err
    assert f"withdrew {mc[0]} (file missing); brought in reserve {mc_reserve}" in out

    extra = loop.file("extra.csv", "reference,casework_type,charging_route\nCC-99,CC,area\n")
    code, out, err = loop.inspector("sample", "import", inspection, extra, "--reserve")
    assert code == 0 and "added 1 reserve case to" in out, err
    cc = next(r for r, (reserve, _) in held.items() if r.startswith("CC") and not reserve)
    code, out, err = loop.inspector("sample", "replace", inspection, "--case", cc, "--reason", "wrong Area",
                                    "--with", "CC-99")
    assert code == 0 and "brought in reserve CC-99" in out, err

    code, out, err = loop.inspector("inspection", "show", inspection)
    assert code == 0, err
    assert "3 in the sample, 1 reserve, 2 withdrawn" in out
    assert re.search(rf"replaced +{mc[0]} \(file missing\) by reserve {mc_reserve}, 20\d\d-", out)
    assert re.search(rf"replaced +{cc} \(wrong Area\) by reserve CC-99, ", out)

    bundle = loop.tmp / "b.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", bundle)[0] == 0
    code, out, err = loop.central("import", bundle)
    assert code == 0, err
    now = central_cases(loop, inspection)
    assert now[mc[0]] == (0, "file missing") and now[mc_reserve] == (0, "")
    assert now[cc] == (0, "wrong Area") and now["CC-99"] == (0, "")
