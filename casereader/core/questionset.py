"""The question-set definition: an immutable description of one inspection question set and version.

A question set is data (a YAML file in ``forms/``); this module only says what shape that data has.
Loading, line numbers and cross-reference checks live in :mod:`casereader.core.loader`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*$"
FIELD_PATTERN = r"^[a-z][a-z0-9_]*$"
VALUE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"

FORMAT_VERSION = 1

_CY = "Welsh text of the field without the suffix; when empty, the English text is shown"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class FieldType(StrEnum):
    """Types of case header fields."""

    CHOICE = "choice"
    FLAG = "flag"
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"


class ScaleKind(StrEnum):
    """How an answer scale is answered."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"


class Option(_Frozen):
    """One answer (or header value) on a scale: a stable value, its label, its key and its points."""

    value: str = Field(pattern=VALUE_PATTERN, description="Stable value stored in the database and bundles")
    label: str = Field(min_length=1)
    label_cy: str = Field(default="", description=_CY)
    key: str | None = Field(default=None, min_length=1, max_length=1, description="Keyboard key that picks it")
    points: int | None = Field(default=None, ge=0, le=100)


class HeaderField(_Frozen):
    """A case header field the question set needs (casework type, charging route, flags...)."""

    id: str = Field(pattern=FIELD_PATTERN)
    label: str = Field(min_length=1)
    label_cy: str = Field(default="", description=_CY)
    type: FieldType
    options: tuple[Option, ...] = ()
    required: bool = True
    help: str = ""
    help_cy: str = Field(default="", description=_CY)

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Scale(_Frozen):
    """An answer scale shared by several questions."""

    id: str = Field(pattern=FIELD_PATTERN)
    label: str = Field(min_length=1)
    label_cy: str = Field(default="", description=_CY)
    kind: ScaleKind
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)


class NotApplicable(_Frozen):
    """Whether a question may be marked not applicable, and with which reasons."""

    allowed: bool = False
    reasons: tuple[str, ...] = Field(
        default=(), description="Reasons to choose from; when empty, a free-text reason is optional"
    )
    reasons_cy: tuple[str, ...] = Field(
        default=(), description="Welsh text of each reason, in the same order (the English reason is stored)"
    )


class Measure(_Frozen):
    """A headline measure that questions feed (added value, grip, Code compliance...)."""

    id: str = Field(pattern=FIELD_PATTERN)
    title: str = Field(min_length=1)
    title_cy: str = Field(default="", description=_CY)
    description: str = ""
    description_cy: str = Field(default="", description=_CY)


class Theme(_Frozen):
    """A casework theme; questions belong to exactly one."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    title_cy: str = Field(default="", description=_CY)


class Question(_Frozen):
    """One question on the form."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id: never reuse it for a different question")
    text: str = Field(min_length=1)
    text_cy: str = Field(default="", description=_CY)
    guidance: str = ""
    guidance_cy: str = Field(default="", description=_CY)
    scale: str
    theme: str | None = Field(default=None, description="Defaults to the section's theme")
    applies_if: str | None = Field(default=None, description="Rule; the question applies only when true")
    required: bool = True
    na: NotApplicable = NotApplicable()
    comment_required_for: tuple[str, ...] = Field(
        default=(), description="Answer values that need a comment (the evidence for the mark)"
    )
    measures: tuple[str, ...] = ()
    points: dict[str, int] | None = Field(default=None, description="Points per answer value, overriding the scale")
    valid_if: str | None = Field(default=None, description="Rule the answer must satisfy; may name this question")
    valid_message: str = ""
    valid_message_cy: str = Field(default="", description=_CY)
    crosswalk: dict[str, str] = Field(
        default_factory=dict,
        description="Comparable question in another version of this set: {'VERSION': 'QUESTION_ID'}",
    )


class Section(_Frozen):
    """A page of the form: a group of questions, usually one theme."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    title_cy: str = Field(default="", description=_CY)
    theme: str | None = None
    description: str = ""
    description_cy: str = Field(default="", description=_CY)
    applies_if: str | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class QuestionSet(_Frozen):
    """A whole question set, one version. Immutable; loaded and cross-checked by the loader."""

    format: int = Field(default=FORMAT_VERSION, ge=1, le=FORMAT_VERSION)
    id: str = Field(pattern=ID_PATTERN)
    version: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str = Field(min_length=1)
    title_cy: str = Field(default="", description=_CY)
    programme: str = Field(min_length=1)
    programme_cy: str = Field(default="", description=_CY)
    note: str = Field(default="", description="Shown to users, e.g. that wording is reconstructed")
    note_cy: str = Field(default="", description=_CY)
    header: tuple[HeaderField, ...] = ()
    scales: tuple[Scale, ...] = Field(min_length=1)
    themes: tuple[Theme, ...] = ()
    measures: tuple[Measure, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)
    content_hash: str = Field(default="", exclude=True, description="Set by the loader: sha256 of the file")

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def question_index(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        return {q.id: s for s in self.sections for q in s.questions}

    @cached_property
    def scale_index(self) -> dict[str, Scale]:
        return {s.id: s for s in self.scales}

    @cached_property
    def header_index(self) -> dict[str, HeaderField]:
        return {h.id: h for h in self.header}

    def question(self, question_id: str) -> Question:
        return self.question_index[question_id]

    def scale_of(self, question_id: str) -> Scale:
        return self.scale_index[self.question_index[question_id].scale]

    def theme_of(self, question_id: str) -> str | None:
        q = self.question_index[question_id]
        return q.theme if q.theme is not None else self.section_of[question_id].theme

    def points_for(self, question_id: str, value: str) -> int | None:
        """Points an answer value earns, or None when the question is not scored by points."""
        q = self.question_index[question_id]
        if q.points is not None:
            return q.points.get(value)
        opt = self.scale_of(question_id).option(value)
        return None if opt is None else opt.points

    def max_points(self, question_id: str) -> int:
        q = self.question_index[question_id]
        if q.points is not None:
            return max(q.points.values(), default=0)
        return max((o.points or 0 for o in self.scale_of(question_id).options), default=0)


# ---------------------------------------------------------------- languages

LANGUAGES = ("en", "cy")
"""Languages a question set can carry: English (required) and Welsh (optional ``*_cy`` fields)."""


def text_in(item: BaseModel, field: str, lang: str) -> str:
    """The text of ``field`` of a question-set item in ``lang`` (``en`` or ``cy``); English when no Welsh.

    ``text_in(question, "text", "cy")`` reads ``text_cy``, falling back to ``text``.
    """
    english: str = getattr(item, field)
    if lang == "cy":
        welsh: str = getattr(item, f"{field}_cy", "")
        return welsh or english
    return english


def reasons_in(na: NotApplicable, lang: str) -> tuple[str, ...]:
    """The N/A reasons to show in ``lang``; a reason without Welsh stays English. The stored reason is
    always the English one: pair them with ``zip(na.reasons, reasons_in(na, lang))``."""
    if lang != "cy":
        return na.reasons
    padded = (*na.reasons_cy, *("",) * len(na.reasons))
    return tuple(cy or en for en, cy in zip(na.reasons, padded))


def missing_welsh(qs: QuestionSet) -> list[str]:
    """Every field that has English text but no Welsh, as ``WHERE.FIELD`` (``DA-01.text``, ``-.title``)."""
    missing: list[str] = []
    _walk_missing(qs, "-", missing)
    return missing


def _walk_missing(item: BaseModel, where: str, missing: list[str]) -> None:
    fields = type(item).model_fields
    for name in fields:
        value = getattr(item, name)
        if f"{name}_cy" in fields:
            welsh = getattr(item, f"{name}_cy")
            if isinstance(value, tuple):
                missing.extend(f"{where}.{name}[{i}]" for i, en in enumerate(value)
                               if en and not (i < len(welsh) and welsh[i]))
            elif value and not welsh:
                missing.append(f"{where}.{name}")
        elif isinstance(value, BaseModel):
            _walk_missing(value, where, missing)
        elif isinstance(value, tuple):
            for i, child in enumerate(value):
                if isinstance(child, BaseModel):
                    ident = getattr(child, "id", None) or getattr(child, "value", None) or str(i)
                    _walk_missing(child, ident if isinstance(child, (HeaderField, Scale, Section, Question,
                                                                     Theme, Measure)) else f"{where}:{ident}",
                                  missing)
