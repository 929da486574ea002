"""Turning untrusted JSON members into models, with one clear message per failure."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from casereader.bundles import canonical
from casereader.bundles.errors import BundleError

M = TypeVar("M", bound=BaseModel)


# how pydantic names the members of a union (``str | float | list[str] | None``) in an error's location
_MEMBER = re.compile(r"^(constrained-)?(str|bytes|int|float|bool|none)$|^(list|dict|tuple|set|frozenset)\[.*\]$")


def _union(errors: list[ErrorDetails]) -> tuple[tuple[int | str, ...], str, int] | None:
    """When the first errors are one value failing every member of a union: the value's location, one
    message for them, and how many errors they were. ``None`` when they are not."""
    loc = errors[0]["loc"]
    if len(loc) < 2 or not isinstance(loc[-1], str) or not _MEMBER.match(loc[-1]):
        return None
    at = loc[:-1]
    group = [e for e in errors if e["loc"][:len(at)] == at and len(e["loc"]) > len(at)
             and isinstance(e["loc"][len(at)], str) and _MEMBER.match(str(e["loc"][len(at)]))]
    if len({e["loc"][len(at)] for e in group}) < 2 or not any(e["type"].endswith("_type") for e in group):
        return None
    # a member whose type the value has, failing a limit (a list too long, a string too long, an item of the
    # wrong type, infinity for a number): that is the problem; otherwise the value is none of the members'
    near = [e for e in group if len(e["loc"]) > len(at) + 1 or not e["type"].endswith("_type")]
    if near:
        return at + near[0]["loc"][len(at) + 1:], near[0]["msg"], len(group)
    kinds = list(dict.fromkeys(e["msg"].removeprefix("Input should be ") for e in group))
    return at, "Input should be " + (", ".join(kinds[:-1]) + " or " + kinds[-1]), len(group)


def describe(exc: ValidationError) -> str:
    """The first problem of a validation error as "field 'a.b': message" (plus how many more).

    A value that fails every member of a union (an answer's value, a header value) is one problem, named
    at the value itself: the member it nearly matched, or what it should have been.
    """
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc, msg, used = first["loc"], first["msg"], 1
    union = _union(errors)
    if union is not None:
        loc, msg, used = union
    elif first["type"] == "extra_forbidden":
        msg = "is not a known field"
    where = ".".join(str(p) for p in loc) or "(document)"
    rest = len(errors) - used
    more = f" (and {rest} more problem{'s' if rest > 1 else ''})" if rest else ""
    return f"field '{where[:200]}': {msg}{more}"


def check_format(obj: Any, where: str, fmt: str, version: int) -> None:
    """Refuse a document of another format or a format version this build does not read."""
    if not isinstance(obj, dict):
        raise BundleError(f"{where}: expected a JSON object", "wrong-type")
    if obj.get("format") != fmt:
        raise BundleError(f"{where}: not a {fmt} document (format is {str(obj.get('format'))[:40]!r})", "format")
    found = obj.get("format_version")
    if found != version or isinstance(found, bool):
        raise BundleError(f"{where}: format version {str(found)[:20]} is not supported by this version of "
                          f"Casereader (it reads version {version})", "format-version")


def parse(model: type[M], raw: bytes, where: str, *, fmt: str | None = None, version: int = 1) -> tuple[M, Any]:
    """Parse ``raw`` as canonical JSON and validate it as ``model``; returns the model and the plain object."""
    obj = canonical.loads(raw, where)
    if fmt is not None:
        check_format(obj, where, fmt, version)
    return validate(model, obj, where), obj


def validate(model: type[M], obj: Any, where: str) -> M:
    try:
        return model.model_validate(obj)
    except ValidationError as exc:
        raise BundleError(f"{where}: {describe(exc)}", "schema", problem=describe(exc)) from None


def build(model: type[M], where: str, **fields: Any) -> M:
    """Construct a model on the writing side, reporting problems as BundleError."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise BundleError(f"cannot write {where}: {describe(exc)}", "schema") from None
