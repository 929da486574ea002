"""Load and validate question-set files. Every problem names the file, the line and the question id.

The loader reads YAML with line positions, validates the shape with pydantic, then checks what a
schema cannot: that every scale, theme, measure and rule name exists, that rule value names and types
are right, that rules form no cycle, that scored questions have points, and that ids are unique.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from casereader.core.located import SET_LEVEL, Located, Path_, Problem, QuestionSetError
from casereader.core.questionset import QuestionSet
from casereader.core.setcheck import cross_check

__all__ = ["SET_LEVEL", "Problem", "QuestionSetError", "forget_question_sets", "load_directory", "load_question_set",
           "load_question_set_bytes", "question_set_for_hash"]

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000  # expanded YAML nodes: stops "billion laughs" alias bombs


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser with YAML 1.2 booleans: ``yes``, ``no``, ``on`` and ``off`` stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _Plain:
    """Turns composed YAML nodes into plain data, recording the 1-based line of every path."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.lines: dict[Path_, int] = {}
        self.nodes = 0
        self.scalars = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise QuestionSetError([Problem(self.display, node.start_mark.line + 1, SET_LEVEL,
                                            "YAML expands to too many nodes (aliases?)")])
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(self.scalar(key_node))
                line = key_node.start_mark.line + 1
                if key in out:
                    raise QuestionSetError([Problem(self.display, line, SET_LEVEL,
                                                    f"YAML: duplicate key '{key}' in the same mapping")])
                self.lines[(*path, key)] = line
                out[key] = self.convert(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.lines[(*path, i)] = item.start_mark.line + 1
                items.append(self.convert(item, (*path, i)))
            return items
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise QuestionSetError([Problem(self.display, node.start_mark.line + 1, SET_LEVEL,
                                            "YAML: a key must be a plain value")])
        value = self.scalars.construct_object(node)
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        return str(value)  # dates, timestamps, binary: kept as written


def _read_yaml(raw: bytes, display: str) -> tuple[Any, dict[Path_, int]]:
    if len(raw) > MAX_FILE_BYTES:
        raise QuestionSetError([Problem(display, 1, SET_LEVEL, f"file is larger than {MAX_FILE_BYTES} bytes")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise QuestionSetError([Problem(display, line, SET_LEVEL, "file is not UTF-8 text")]) from None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
        raise QuestionSetError([Problem(display, line, SET_LEVEL, f"YAML: {msg}")]) from None
    except yaml.YAMLError as exc:
        raise QuestionSetError([Problem(display, 1, SET_LEVEL, f"YAML: {exc}")]) from None
    if not isinstance(root, yaml.MappingNode):
        raise QuestionSetError([Problem(display, 1, SET_LEVEL, "a question set must be a YAML mapping")])
    plain = _Plain(display)
    return plain.convert(root, ()), plain.lines


def _pydantic_message(err: Any) -> str:
    loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
    field = loc[-1] if loc else "value"
    kind = err["type"]
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind == "enum":
        return f"'{field}': {err['msg'].lower()}"
    return f"'{field}': {err['msg']}"


def load_question_set(path: str | Path, display: str | None = None) -> QuestionSet:
    """Load, validate and cross-check one question-set file. Raises :class:`QuestionSetError`."""
    name = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise QuestionSetError([Problem(name, 1, SET_LEVEL, f"cannot read file: {exc.strerror}")]) from None
    return load_question_set_bytes(raw, name)


def load_question_set_bytes(raw: bytes, display: str, expect_hash: str | None = None) -> QuestionSet:
    """Load a question set from the bytes of its file (as stored with an inspection or in a pack).

    With ``expect_hash``, refuse bytes whose sha256 differs (the set is pinned to that exact file).
    """
    name = display
    digest = hashlib.sha256(raw).hexdigest()
    if expect_hash is not None and digest != expect_hash:
        raise QuestionSetError([Problem(name, 1, SET_LEVEL, "content does not match its recorded sha256 hash")])
    cached = _by_hash.get(digest)
    if cached is not None:
        _by_hash.move_to_end(digest)
        return cached
    return _remember(digest, _parse(raw, name, digest))


def question_set_for_hash(digest: str, raw: Callable[[], bytes], display: str) -> QuestionSet:
    """The question set whose file has sha256 ``digest``: the one already parsed in this process, or parsed
    from ``raw()`` (called only then, and checked against ``digest``). Raises :class:`QuestionSetError`."""
    cached = _by_hash.get(digest)
    if cached is not None:
        _by_hash.move_to_end(digest)
        return cached
    return load_question_set_bytes(raw(), display, expect_hash=digest)


def _remember(digest: str, qs: QuestionSet) -> QuestionSet:
    if len(_by_hash) >= _CACHE_SIZE:
        _by_hash.popitem(last=False)
    _by_hash[digest] = qs
    return qs


# THE cache of question sets: immutable and identified by the sha256 of their bytes, so one parsed object per
# file is shared by the whole process (and carries its compiled rules, see casereader.core.compiled). Bounded,
# least recently used out first. No other layer keeps question sets.
_CACHE_SIZE = 32
_by_hash: OrderedDict[str, QuestionSet] = OrderedDict()


def forget_question_sets() -> None:
    """Empty the one cache of parsed (and compiled) question sets, as a fresh process starts (benchmarks)."""
    _by_hash.clear()


def _parse(raw: bytes, name: str, digest: str) -> QuestionSet:
    data, lines = _read_yaml(raw, name)
    where = Located(name, data, lines)
    if "content_hash" in data:
        raise QuestionSetError([where.problem(("content_hash",), "content_hash is computed, not written")])
    try:
        qs = QuestionSet.model_validate(data)
    except ValidationError as exc:
        problems = [
            where.problem(tuple(e["loc"]), _pydantic_message(e)) for e in exc.errors(include_url=False)
        ]
        raise QuestionSetError(problems) from None
    problems = list(cross_check(qs, where))
    if problems:
        raise QuestionSetError(problems)
    return qs.model_copy(update={"content_hash": digest})


def load_directory(folder: str | Path) -> tuple[list[QuestionSet], list[Problem]]:
    """Load every ``*.yaml`` set in a folder; returns the good sets and the problems of the bad ones."""
    sets: list[QuestionSet] = []
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            sets.append(load_question_set(path))
        except QuestionSetError as exc:
            problems.extend(exc.problems)
    return sets, problems
