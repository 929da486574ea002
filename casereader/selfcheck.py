"""``casereader --self-check``: prove an installation works, from source or frozen, without touching user data.

Loads every shipped question set, opens a temporary database with the real pragmas and migrations, marks
a case, renders its marking sheet, and writes, verifies and opens one signed, encrypted marks bundle.
Prints one line per check and exits non-zero if any fails.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casereader import __version__
from casereader.core.catalogue import Catalogue
from casereader.paths import Paths


@dataclass(frozen=True)
class Context:
    """What the checks need: where the shipped files are, and whether to print tracebacks."""

    paths: Paths
    verbose: bool = False

    @property
    def catalogue(self) -> Catalogue:
        return Catalogue([self.paths.forms, self.paths.user_forms])


def run_self_check(paths: Paths, *, verbose: bool = False) -> int:
    ctx = Context(paths, verbose)
    print(f"Casereader {__version__} self-check")
    print(f"  forms:     {ctx.paths.forms}")
    print(f"  resources: {ctx.paths.resources}")
    state: dict[str, Any] = {}
    failed = 0
    with tempfile.TemporaryDirectory(prefix="casereader-selfcheck-") as tmp:
        state["tmp"] = Path(tmp)
        checks: list[tuple[str, Callable[[Context, dict[str, Any]], str]]] = [
            ("question sets", _forms),
            ("database", _database),
            ("sqlite", _sqlite),
            ("marking", _marking),
            ("marking sheet", _sheet),
            ("marks bundle", _bundle),
        ]
        for name, check in checks:
            started = time.perf_counter()
            try:
                detail = check(ctx, state)
            except Exception as exc:  # a self-check reports every failure, whatever it is
                failed += 1
                print(f"FAIL  {name}: {type(exc).__name__}: {exc}")
                if ctx.verbose:
                    traceback.print_exc()
                if name in {"question sets", "database"}:
                    break  # later checks need these
                continue
            print(f"ok    {name}: {detail} ({time.perf_counter() - started:.2f} s)")
        store = state.get("store")
        if store is not None:
            store.close()
    print("self-check passed" if not failed else f"self-check FAILED: {failed} check(s)")
    return 1 if failed else 0


def _forms(ctx: Context, state: dict[str, Any]) -> str:
    cat = ctx.catalogue
    if cat.problems:
        raise RuntimeError("; ".join(str(p) for p in cat.problems[:3]))
    sets = cat.all()
    if not sets:
        raise RuntimeError(f"no question sets in {ctx.paths.forms}")
    state["qs"] = next((q for q in sets if q.id == "aip-casework"), sets[0])
    state["form_bytes"] = cat.files[(state["qs"].id, state["qs"].version)].read_bytes()
    return f"{len(sets)} loaded ({', '.join(q.key for q in sets)})"


def _database(ctx: Context, state: dict[str, Any]) -> str:
    from casereader.core.inspection import Round
    from casereader.storage import LocalStore

    tmp: Path = state["tmp"]
    store = LocalStore.open(tmp / "casereader.sqlite", backups_dir=tmp / "backups")
    state["store"] = store
    insp = store.create_inspection(state["qs"], area="Self-check", round=Round.BASELINE,
                                   form_bytes=state["form_bytes"], title="Self-check", actor="self-check")
    state["inspection"] = insp
    problems = [p for p in store.integrity_check() if p != "ok"]
    if problems:
        raise RuntimeError("; ".join(problems))
    pragmas = getattr(store, "pragmas", {})
    return "created, migrated, integrity ok" + (f", pragmas {pragmas}" if pragmas else "")


def _sqlite(ctx: Context, state: dict[str, Any]) -> str:
    """The SQLite library the store runs on, as read back from its connection at open: 3.51.3 or newer."""
    from casereader.sqlitedb import describe, is_current

    version = str(state["store"].sqlite_version)
    if not is_current(version):
        raise RuntimeError(describe(version))
    return describe(version)


def _marking(ctx: Context, state: dict[str, Any]) -> str:
    from casereader.core.answers import Answer, CaseState
    from casereader.core.engine import CaseEngine

    store, qs, insp = state["store"], state["qs"], state["inspection"]
    header: dict[str, Any] = {}
    for f in qs.header:
        if f.required and f.options:
            header[f.id] = f.options[0].value
    case = store.add_cases(insp.id, [("SELFCHECK01", header)], actor="self-check")[0]
    engine = CaseEngine(qs, CaseState(header, {}))
    saved = 0
    for qid in engine.applicable[:5]:
        scale = qs.scale_of(qid)
        if scale.kind == "single":
            store.save_answer(case.id, qid, Answer(scale.options[0].value, comment="self-check"), "self-check")
            saved += 1
    back = store.get_case(case.id)
    if len(back.state.answers) != saved:
        raise RuntimeError(f"saved {saved} answers, read back {len(back.state.answers)}")
    state["case"] = back
    return f"{saved} answers saved and read back, {len(store.history(case.id))} audit events"


def _sheet(ctx: Context, state: dict[str, Any]) -> str:
    from casereader.printing.sheets import render_case_sheet

    out = state["tmp"] / "sheet.pdf"
    pages = render_case_sheet(state["qs"], state["inspection"], state["case"], out)
    data = out.read_bytes()
    if not data.startswith(b"%PDF") or pages < 1:
        raise RuntimeError("the marking sheet is not a PDF")
    return f"{pages} page(s), {len(data)} bytes"


def _bundle(ctx: Context, state: dict[str, Any]) -> str:
    from casereader.bundles import CentralKeys, DeviceKey, open_marks_doc, verify_bundle
    from casereader.sync.export import build_export
    from casereader.sync.pins import pin_central

    store, insp = state["store"], state["inspection"]
    keys = CentralKeys.generate()
    pin_central(store, keys.public_keys)
    device = DeviceKey.generate()
    export = build_export(store, insp.id, device)
    if export is None:
        raise RuntimeError("nothing was exported")
    manifest = verify_bundle(export.data)
    _manifest, payload = open_marks_doc(export.data, keys, device_public_key=device.public_bytes())
    answers = sum(len(c.get("answers", {})) for c in payload["cases"])
    if answers != len(state["case"].state.answers):
        raise RuntimeError("the bundle's answers differ from the database's")
    return f"{len(export.data)} bytes, signed by device {manifest.device.id[:12]}, decrypted {answers} answers"
