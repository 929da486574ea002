"""``casereader forms list|check|schema``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casereader.cli.context import CliError, Context


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("forms", help="list and check question sets")
    fs = p.add_subparsers(dest="forms_command", required=True, metavar="COMMAND")
    ls = fs.add_parser("list", help="id, version and title of every available question set")
    ls.set_defaults(func=cmd_list)
    ck = fs.add_parser("check", help="validate question-set files; one line per problem")
    ck.add_argument("files", nargs="+", metavar="FILE")
    ck.set_defaults(func=cmd_check)
    sc = fs.add_parser("schema", help="print the JSON Schema of the question-set format")
    sc.set_defaults(func=cmd_schema)


def cmd_list(ctx: Context) -> int:
    sets = ctx.catalogue.all()
    clashes = list(ctx.catalogue.clashes.values())
    if not sets and not clashes:
        raise CliError(f"no question sets found in {ctx.paths.forms}")
    width = max((len(q.id) for q in sets), default=0)
    for qs in sets:
        ctx.out(f"{qs.id:<{width}}  {qs.version:<10}  {qs.title}")
    for p in ctx.catalogue.problems:
        print(f"warning: {p}")
    for clash in clashes:
        print(f"error: {clash}", file=sys.stderr)
    return 1 if clashes else 0


def cmd_check(ctx: Context) -> int:
    from casereader.core.loader import QuestionSetError, load_question_set
    from casereader.core.questionset import missing_welsh

    bad = 0
    for name in ctx.args.files:
        try:
            qs = load_question_set(Path(name), display=name)
        except QuestionSetError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem)
            continue
        ctx.out(f"{name}: ok ({qs.key}, {len(qs.questions)} questions)")
        missing = missing_welsh(qs)
        if missing:
            shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
            print(f"{name}: warning: {len(missing)} field{'s' if len(missing) != 1 else ''} without Welsh "
                  f"text ({shown})")
    return 1 if bad else 0


def cmd_schema(ctx: Context) -> int:
    ctx.out(json.dumps(schema(), indent=2))
    return 0


def schema() -> dict[str, object]:
    from casereader.core.questionset import QuestionSet

    doc = QuestionSet.model_json_schema(mode="validation")
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "Casereader question set"
    return doc
