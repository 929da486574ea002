"""A question set is its bytes: a changed file under a known id@version is refused in each of the four places
(``forms list``, ``inspection create``, ``central pack``, central import), naming both files and both hashes,
through the real command line across two data folders (the centre and an inspector)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_sync_loop import DATA, Loop, loop  # noqa: F401  (the fixture)

ORIGINAL = DATA / "worked-example.yaml"


def changed_copy(folder: Path) -> tuple[Path, str]:
    """The worked example with one question reworded, same id@version, in ``folder`` (a user forms folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "worked-example-local.yaml"
    text = ORIGINAL.read_text(encoding="utf-8")
    assert "title: Worked example (methodology §6.2)" in text
    path.write_text(text.replace("title: Worked example (methodology §6.2)", "title: Worked example, reworded"),
                    encoding="utf-8")
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


ORIGINAL_HASH = hashlib.sha256(ORIGINAL.read_bytes()).hexdigest()


def assert_names_both(err: str, changed: Path, changed_hash: str, other: str = str(ORIGINAL)) -> None:
    assert "worked-example@1 is refused" in err
    assert other in err and str(changed) in err
    assert ORIGINAL_HASH in err and changed_hash in err


def test_forms_list_and_inspection_create_refuse_a_changed_copy(loop: Loop) -> None:  # noqa: F811
    changed, changed_hash = changed_copy(loop.laptop / "forms")
    code, out, err = loop.inspector("forms", "list")
    assert code == 1
    assert "worked-example" not in out  # neither copy is offered: the user copy never hides the shipped one
    assert_names_both(err, changed, changed_hash)
    code, out, err = loop.inspector("inspection", "create", "--form", "worked-example@1", "--area", "Kent",
                                    "--round", "baseline")
    assert code == 2 and out == ""
    assert_names_both(err, changed, changed_hash)
    code, out, err = loop.inspector("inspection", "create", "--form", "worked-example", "--area", "Kent",
                                    "--round", "baseline")
    assert code == 2
    assert_names_both(err, changed, changed_hash)
    # an identical copy is the same set, not a clash
    changed.write_bytes(ORIGINAL.read_bytes())
    code, out, err = loop.inspector("forms", "list")
    assert code == 0 and "worked-example" in out and err == ""


def test_inspection_create_refuses_a_set_other_than_the_one_inspections_hold(loop: Loop,  # noqa: F811
                                                                             tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = loop.inspector("inspection", "create", "--form", "worked-example@1", "--area", "Kent",
                                    "--round", "baseline")
    assert code == 0, err
    first = out.strip()
    forms = tmp_path / "edited-forms"
    changed, changed_hash = changed_copy(forms)
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(forms))  # the shipped folder itself now holds other bytes
    code, out, err = loop.inspector("inspection", "create", "--form", "worked-example@1", "--area", "Kent",
                                    "--round", "follow-up")
    assert code == 2
    assert_names_both(err, changed, changed_hash, other=f"inspection {first}")
    code, out, _ = loop.inspector("inspection", "list")
    assert out.count("worked-example@1") == 1


def test_central_pack_refuses_a_changed_copy(loop: Loop, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                             tmp_path: Path) -> None:
    loop.central("init")
    sample = loop.file("sample.csv", "reference,casework_type,charging_route\nURN1,MC,area\n")
    changed, changed_hash = changed_copy(loop.centre / "forms")
    code, _, err = loop.central("pack", "--form", "worked-example@1", "--area", "Kent", "--round", "baseline",
                                "--sample", sample, "--out", loop.tmp / "a.crpack")
    assert code == 2 and not (loop.tmp / "a.crpack").exists()
    assert_names_both(err, changed, changed_hash)
    changed.unlink()
    code, _, err = loop.central("pack", "--form", "worked-example@1", "--area", "Kent", "--round", "baseline",
                                "--sample", sample, "--out", loop.tmp / "a.crpack")
    assert code == 0, err
    # the file is then edited in place: the centre holds the first bytes and refuses the new ones
    forms = tmp_path / "edited-forms"
    changed, changed_hash = changed_copy(forms)
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(forms))
    before = loop.central_dump()
    code, _, err = loop.central("pack", "--form", "worked-example@1", "--area", "Wessex", "--round", "baseline",
                                "--sample", sample, "--out", loop.tmp / "b.crpack")
    assert code == 2 and not (loop.tmp / "b.crpack").exists()
    assert_names_both(err, changed, changed_hash, other="the central store's copy (inspection ")
    assert loop.central_dump() == before


def test_central_import_refuses_when_the_store_holds_two_versions_of_a_set(loop: Loop) -> None:  # noqa: F811
    inspection = loop.setup()
    code, _, err = loop.inspector("bundle", "export", inspection, "--out", loop.tmp / "b.crbundle")
    assert code == 0, err
    # a store written before this check could hold a second copy of worked-example@1 (packs were not compared)
    other = ORIGINAL.read_bytes() + b"\n# edited\n"
    other_hash = hashlib.sha256(other).hexdigest()
    with sqlite3.connect(loop.centre / "central.sqlite") as con:
        con.execute("INSERT INTO central_form (form_hash, form_id, form_version, content) VALUES (?, ?, ?, ?)",
                    (other_hash, "worked-example", "1", other))
    con.close()
    before = loop.central_dump()
    code, _, err = loop.central("import", loop.tmp / "b.crbundle")
    assert code == 1
    assert "worked-example@1 is refused" in err and ORIGINAL_HASH in err and other_hash in err
    assert f"the bundle's copy (inspection {inspection})" in err
    assert loop.central_dump() == before
