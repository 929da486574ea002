"""Benchmark: n filled marking sheets (one PDF each) against ReportLab writing the same text as paragraphs.

Timed: ``render_case_sheet`` for n cases of the shipped AIP casework set (2023.1), every applicable
question answered, about half with a comment of 100–700 characters. Baseline, same run: the same text
(header, question wording, answer labels, N/A reasons, comments, points, declaration) as plain
``Paragraph``s in a ``SimpleDocTemplate`` with the same embedded fonts, one PDF per case.
Target: at most 1.5 times the baseline. Sheets and baseline documents are timed alternately.

    python bench/bench_sheets.py --n 1000
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereader.core.answers import Answer, CaseState  # noqa: E402
from casereader.core.engine import CaseEngine  # noqa: E402
from casereader.core.inspection import CaseFile, CaseStatus, CaseSummary, Inspection, Round  # noqa: E402
from casereader.core.loader import load_question_set  # noqa: E402
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind  # noqa: E402

FORM = ROOT / "forms" / "aip-casework-2023.1.yaml"
WORDS = ("the", "prosecutor", "reviewed", "file", "MG3", "victim", "witness", "disclosure", "schedule", "timely",
         "hearing", "evidence", "defence", "statement", "counsel", "trial", "case", "proper", "strategy", "£250",
         "“grip”", "–", "Gŵyr", "✓")


def make_cases(qs: QuestionSet, n: int, seed: int = 7) -> list[CaseFile]:
    """n cases with random header values and every applicable question answered (seeded, reproducible)."""
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        header: dict[str, Any] = {}
        for f in qs.header:
            if f.type == FieldType.CHOICE:
                header[f.id] = rng.choice(f.options).value
            elif f.type == FieldType.FLAG:
                header[f.id] = rng.random() < 0.4
        engine = CaseEngine(qs, CaseState(header, {}))
        for q in qs.questions:
            if not engine.is_applicable(q.id):
                continue
            scale = qs.scale_of(q.id)
            comment = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 100))) if rng.random() < 0.5 else ""
            if q.na.allowed and rng.random() < 0.1:
                ans = Answer(na=True, na_reason=q.na.reasons[0] if q.na.reasons else "Not relevant here",
                             comment=comment)
            elif scale.kind == ScaleKind.SINGLE:
                ans = Answer(rng.choice(scale.options).value, comment=comment)
            elif scale.kind == ScaleKind.MULTIPLE:
                ans = Answer(tuple(o.value for o in scale.options[:2]), comment=comment)
            elif scale.kind == ScaleKind.NUMBER:
                ans = Answer(float(rng.randint(0, 20)), comment=comment)
            elif scale.kind == ScaleKind.DATE:
                ans = Answer("2026-03-14", comment=comment)
            else:
                ans = Answer("Free text answer", comment=comment)
            if q.comment_required_for and not ans.comment:
                ans = Answer(ans.value, ans.na, ans.na_reason, "Evidence noted on the file.")
            engine = engine.with_answer(q.id, ans)[0]
        ref = f"{40 + i % 50:02d}AB{1000000 + i}"
        summary = CaseSummary(id=f"case-{i:05d}", inspection_id="bench", reference=ref, header=header,
                              status=CaseStatus.IN_PROGRESS, inspector="Jane Doe", updated_at="2026-11-20T10:00:00Z")
        cases.append(CaseFile(summary, engine.state))
    return cases


def sheet_text(qs: QuestionSet, insp: Inspection, case: CaseFile) -> list[str]:
    """The text a filled sheet carries, as plain strings (what the baseline writes)."""
    from casereader.printing.wording import answer_text, header_value_text

    engine = CaseEngine(qs, case.state)
    out = ["Case marking sheet", f"{qs.title} · {insp.programme}", f"Inspection {insp.title}", f"Area {insp.area}",
           f"Round {insp.round}", f"Case reference {case.reference}", f"Inspector {case.summary.inspector}",
           f"Question set {qs.id} version {qs.version}"]
    out += [f"{f.label}: {header_value_text(qs, f.id, case.state.header.get(f.id))}" for f in qs.header]
    applicable = set(engine.applicable)
    for s in qs.sections:
        qs_in = [q for q in s.questions if q.id in applicable]
        if qs_in:
            out.append(s.title)
        for q in qs_in:
            out.append(f"{q.id} {q.text}")
            ans = engine.answer(q.id)
            labels = " ".join(o.label for o in qs.scale_of(q.id).options)
            out.append(f"{labels} N/A — {answer_text(qs, q.id, ans)}")
            if ans is not None and ans.na_reason:
                out.append(f"N/A reason: {ans.na_reason}")
            if ans is not None and ans.comment:
                out.append(f"Comment: {ans.comment}")
    for q in qs.questions:
        if q.id not in applicable:
            out.append(f"{q.id} {q.text} Not applicable to this case")
    for key, score in [*engine.scores.by_measure.items(), *engine.scores.by_theme.items()]:
        out.append(f"{key} {score.answers} {score.points} {score.max_points} {score.percent_1dp}")
    out += ["Declaration", "I have examined this case file and the marks above are my assessment of it.",
            "Inspector Name Signature Date", "Quality assurance Name Signature Date"]
    return out


def baseline_pdf(texts: list[str], style: Any) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, initialFontName=style.fontName)
    doc.build([Paragraph(escape(t), style) for t in texts])
    return buf.getvalue()


def run(n: int) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    from casereader.printing.fonts import register_fonts
    from casereader.printing.sheets import render_case_sheet

    qs = load_question_set(FORM)
    insp = Inspection(id="bench", title="Area inspection of CPS Wessex", programme="AIP", area="Wessex",
                      round=Round.BASELINE, form_id=qs.id, form_version=qs.version, form_hash=qs.content_hash)
    cases = make_cases(qs, n)
    texts = [sheet_text(qs, insp, c) for c in cases]
    fonts = register_fonts(ROOT / "resources" / "fonts")
    style = ParagraphStyle("bench", fontName=fonts.regular, fontSize=9.5, leading=12.5)
    # warm up both (font loading, first-use caches) outside the timing
    render_case_sheet(qs, insp, cases[0], io.BytesIO())
    baseline_pdf(texts[0], style)

    # Interleaved (sheet, baseline, sheet, ...) so that load from other processes falls on both alike.
    pages = size = base_size = 0
    value = baseline = 0.0
    clock = time.perf_counter
    for i, (case, text) in enumerate(zip(cases, texts, strict=True)):
        for turn in ((0, 1) if i % 2 == 0 else (1, 0)):
            started = clock()
            if turn == 0:
                buf = io.BytesIO()
                pages += render_case_sheet(qs, insp, case, buf)
                value += clock() - started
                size += buf.tell()
            else:
                base_size += len(baseline_pdf(text, style))
                baseline += clock() - started
    return {"name": "marking_sheets", "n": n, "value_s": round(value, 3), "baseline_s": round(baseline, 3),
            "ratio": round(value / baseline, 3), "target": 1.5, "pages": pages,
            "ms_per_sheet": round(1000 * value / n, 2), "mb_written": round(size / 1e6, 1),
            "baseline_mb_written": round(base_size / 1e6, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of filled sheets (default 1000)")
    args = parser.parse_args(argv)
    result = run(args.n)
    print(json.dumps(result, indent=2))
    return 0 if result["ratio"] <= result["target"] else 1


if __name__ == "__main__":
    sys.exit(main())
