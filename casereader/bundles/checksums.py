"""The marks checksum of a payload case, and which of a payload case's values can hold a float.

The marks checksum is what an exporter remembers per case and the centre stores per case, to tell an
unchanged case from a changed one: sha256 of the canonical JSON (NaN allowed) of the case's id,
reference, header, status, role, reserve, withdrawn reason and answers (value, N/A, reason, comment), with
absent fields at their defaults — what was marked, not when, by whom or with which audit trail. It is the
checksum of ``casereader.bundles.case_marks.CaseMarks`` too, so exporter and centre compute it the same way;
a case without floats goes through :func:`canonical.dumps_floatless`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from casereader.bundles.canonical import dumps_floatless, holds_float, text_encoder

_ANSWER_KEYS = {"value", "na", "na_reason", "comment"}
_WITH_NAN = text_encoder(allow_nan=True)


def case_holds_float(case: Mapping[str, Any]) -> bool:
    """Whether a float occurs in a payload case that passed the payload schema: only a header value or an
    answer's value can hold one (its other fields are text, booleans and integers)."""
    if any(isinstance(v, float) for v in case.values()):
        return True
    header = case.get("header")
    if header:
        for v in header.values():
            if type(v) is not str and holds_float(v):
                return True
    answers = case.get("answers")
    if answers:
        for a in answers.values():
            v = a.get("value")
            if type(v) is not str and holds_float(v):
                return True
    return False


def marks_checksum(c: Mapping[str, Any]) -> str:
    """The marks checksum of a payload case (a JSON object as exports write it; absent fields take their
    defaults). For a case that passes the payload schema."""
    answers = c.get("answers", {})
    if not all(a.keys() == _ANSWER_KEYS for a in answers.values()):  # other fields, or defaults left out
        answers = {qid: {"value": a.get("value"), "na": a.get("na", False), "na_reason": a.get("na_reason", ""),
                         "comment": a.get("comment", "")} for qid, a in answers.items()}
    doc = {"id": c["id"], "reference": c["reference"], "header": c.get("header", {}),
           "status": c.get("status", "not_started"), "role": c.get("role", "first"), "reserve": c.get("reserve", False),
           "withdrawn_reason": c.get("withdrawn_reason", ""), "answers": answers}
    data = _WITH_NAN(doc).encode() if case_holds_float(c) else dumps_floatless(doc)
    return hashlib.sha256(data).hexdigest()
