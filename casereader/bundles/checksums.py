"""The marks checksum of a payload case, and which of a payload case's values can hold a float.

The marks checksum is what an exporter remembers per case and the centre stores per case, to tell an
unchanged case from a changed one: sha256 of the canonical JSON (NaN allowed) of the case's id,
reference, header, status, role, reserve, withdrawn reason and answers (value, N/A, reason, comment), with
absent fields at their defaults — what was marked, not when, by whom or with which audit trail. It is the
value of ``casereader.central.casemarks.CaseMarks.checksum``, computed from the payload JSON without building
the CaseMarks and, for a case without floats, with :func:`canonical.dumps_floatless`.
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
    plain = True
    floats = False
    for a in answers.values():
        if a.keys() != _ANSWER_KEYS:  # other fields, or defaults left out
            plain = False
        v = a.get("value")
        if type(v) is not str and holds_float(v):
            floats = True
    if not plain:
        answers = {qid: {"value": a.get("value"), "na": a.get("na", False), "na_reason": a.get("na_reason", ""),
                         "comment": a.get("comment", "")} for qid, a in answers.items()}
    header = c.get("header", {})
    doc = {"id": c["id"], "reference": c["reference"], "header": header,
           "status": c.get("status", "not_started"), "role": c.get("role", "first"), "reserve": c.get("reserve", False),
           "withdrawn_reason": c.get("withdrawn_reason", ""), "answers": answers}
    if floats or any(isinstance(v, float) for v in c.values()) or any(
            type(v) is not str and holds_float(v) for v in header.values()):
        data = _WITH_NAN(doc).encode()
    else:
        data = dumps_floatless(doc)
    return hashlib.sha256(data).hexdigest()
