"""Turning untrusted JSON members into models, with one clear message per failure."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from casereader.bundles import canonical
from casereader.bundles.errors import BundleError

M = TypeVar("M", bound=BaseModel)


def describe(exc: ValidationError) -> str:
    """The first problem of a validation error as "field 'a.b': message" (plus how many more)."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = ".".join(str(p) for p in first["loc"]) or "(document)"
    msg = first["msg"]
    if first["type"] == "extra_forbidden":
        msg = "is not a known field"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"field '{loc[:200]}': {msg}{more}"


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
