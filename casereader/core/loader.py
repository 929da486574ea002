"""Load and validate question-set files. Every problem names the file, the line and the question id.

The loader reads YAML with line positions, validates the shape with pydantic, then checks what a
schema cannot: that every scale, theme, measure and rule name exists, that rule value names and types
are right, that rules form no cycle, that scored questions have points, and that ids are unique.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from casereader.core.compiled import rule_types
from casereader.core.errors import UserError
from casereader.core.expressions import RuleError, ValueType, parse_rule, rule_names
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind

MAX_FILE_BYTES = 2_000_000
SET_LEVEL = "-"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a question-set file."""

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.where}: {self.message}"


class QuestionSetError(UserError, ValueError):
    """A question set that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


Path_ = tuple[str | int, ...]
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


class _Located:
    """Maps a path in the file to a line and to the id of the question (or other element) it is in."""

    def __init__(self, file: str, data: Any, lines: dict[Path_, int]) -> None:
        self.file = file
        self.data = data
        self.lines = lines

    def line(self, path: Path_) -> int:
        for n in range(len(path), 0, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return 1

    def where(self, path: Path_) -> str:
        node = self.data
        found = SET_LEVEL
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                found = node["id"]
        return found

    def problem(self, path: Path_, message: str, where: str | None = None) -> Problem:
        return Problem(self.file, self.line(path), where or self.where(path), message)


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


def _parse(raw: bytes, name: str, digest: str) -> QuestionSet:
    data, lines = _read_yaml(raw, name)
    where = _Located(name, data, lines)
    if "content_hash" in data:
        raise QuestionSetError([where.problem(("content_hash",), "content_hash is computed, not written")])
    try:
        qs = QuestionSet.model_validate(data)
    except ValidationError as exc:
        problems = [
            where.problem(tuple(e["loc"]), _pydantic_message(e)) for e in exc.errors(include_url=False)
        ]
        raise QuestionSetError(problems) from None
    problems = list(_cross_check(qs, where))
    if problems:
        raise QuestionSetError(problems)
    return qs.model_copy(update={"content_hash": digest})


def _q_path(qs: QuestionSet, qid: str) -> Path_:
    for si, s in enumerate(qs.sections):
        for qi, q in enumerate(s.questions):
            if q.id == qid:
                return ("sections", si, "questions", qi)
    return ()


def _duplicates(ids: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            yield i
        seen.add(i)


def _duplicate_positions(items: list[str | None]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item is None:
            continue
        if item in seen:
            yield i, item
        seen.add(item)


def _cross_check(qs: QuestionSet, where: _Located) -> Iterator[Problem]:
    # unique ids
    for dup in _duplicates(h.id for h in qs.header):
        yield where.problem(("header",), f"duplicate header field id '{dup}'", dup)
    for dup in _duplicates(s.id for s in qs.scales):
        yield where.problem(("scales",), f"duplicate scale id '{dup}'", dup)
    for dup in _duplicates(t.id for t in qs.themes):
        yield where.problem(("themes",), f"duplicate theme id '{dup}'", dup)
    for dup in _duplicates(m.id for m in qs.measures):
        yield where.problem(("measures",), f"duplicate measure id '{dup}'", dup)
    for dup in _duplicates(s.id for s in qs.sections):
        yield where.problem(("sections",), f"duplicate section id '{dup}'", dup)
    header_ids = {h.id for h in qs.header}
    seen_q: set[str] = set()
    for si, s in enumerate(qs.sections):
        for qi, q in enumerate(s.questions):
            if q.id in seen_q:
                yield where.problem(("sections", si, "questions", qi, "id"), f"duplicate question id '{q.id}'")
            if q.id in header_ids:
                yield where.problem(("sections", si, "questions", qi, "id"),
                                    f"question id '{q.id}' is also a header field id")
            seen_q.add(q.id)

    # header fields and scales
    for hi, h in enumerate(qs.header):
        if h.type == FieldType.CHOICE and not h.options:
            yield where.problem(("header", hi), "a choice field needs options")
        if h.type != FieldType.CHOICE and h.options:
            yield where.problem(("header", hi, "options"), f"a {h.type} field takes no options")
        for oi, dup in _duplicate_positions([o.value for o in h.options]):
            yield where.problem(("header", hi, "options", oi), f"duplicate option value '{dup}'", h.id)
    for si, sc in enumerate(qs.scales):
        choice = sc.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE)
        if choice and len(sc.options) < 2:
            yield where.problem(("scales", si), "a choice scale needs at least two options")
        if not choice and sc.options:
            yield where.problem(("scales", si, "options"), f"a {sc.kind} scale takes no options")
        for oi, dup in _duplicate_positions([o.value for o in sc.options]):
            yield where.problem(("scales", si, "options", oi), f"duplicate option value '{dup}'", sc.id)
        for oi, dup in _duplicate_positions([o.key for o in sc.options]):
            yield where.problem(("scales", si, "options", oi), f"two options use the key '{dup}'", sc.id)
        if sc.minimum is not None and sc.maximum is not None and sc.minimum > sc.maximum:
            yield where.problem(("scales", si, "minimum"), "minimum is greater than maximum")

    themes = {t.id for t in qs.themes}
    measures = {m.id for m in qs.measures}
    types = rule_types(qs)
    # questions whose scale is unknown (already reported): a rule naming one is not reported again as naming
    # an unknown id, or as mistyped
    unscaled = frozenset(q.id for q in qs.questions if q.scale not in qs.scale_index)
    deps: dict[str, frozenset[str]] = {}
    for si, s in enumerate(qs.sections):
        if s.theme is not None and s.theme not in themes:
            yield where.problem(("sections", si, "theme"), f"unknown theme '{s.theme}'", s.id)
        section_names: frozenset[str] = frozenset()
        if s.applies_if is not None:
            try:
                section_names = parse_rule(s.applies_if, types).names
            except RuleError as exc:
                if not rule_names(s.applies_if) & unscaled:
                    yield where.problem(("sections", si, "applies_if"), f"applies_if: {exc}", s.id)
        for qi, q in enumerate(s.questions):
            base: Path_ = ("sections", si, "questions", qi)
            yield from _check_question(qs, q, base, where, themes, measures, types, s.theme)
            names: set[str] = set(section_names)
            for attr in ("applies_if", "valid_if"):
                text = getattr(q, attr)
                if text is None:
                    continue
                try:
                    self_type = types.get(q.id) if attr == "valid_if" else None
                    rule = parse_rule(text, {k: v for k, v in types.items() if k != q.id},
                                      self_name=q.id if attr == "valid_if" else None, self_type=self_type)
                    names |= rule.names - {q.id} if attr == "valid_if" else rule.names
                except RuleError as exc:
                    if rule_names(text) & (unscaled if attr == "valid_if" else unscaled - {q.id}):
                        continue
                    msg = str(exc)
                    if attr == "applies_if" and f"'{q.id}'" in msg and "unknown" in msg:
                        msg = f"a question's applies_if cannot refer to the question itself ({exc})"
                    yield where.problem((*base, attr), f"{attr}: {msg}")
            deps[q.id] = frozenset(n for n in names if n in qs.question_index)
    yield from _cycles(qs, deps, where)


def _check_question(qs: QuestionSet, q: Any, base: Path_, where: _Located, themes: set[str],
                    measures: set[str], types: dict[str, ValueType], section_theme: str | None
                    ) -> Iterator[Problem]:
    scale = qs.scale_index.get(q.scale)
    if scale is None:
        known = ", ".join(s.id for s in qs.scales)
        yield where.problem((*base, "scale"), f"unknown scale '{q.scale}' (known: {known})")
        return
    theme = q.theme if q.theme is not None else section_theme
    if q.theme is not None and q.theme not in themes:
        yield where.problem((*base, "theme"), f"unknown theme '{q.theme}'")
    for m in q.measures:
        if m not in measures:
            yield where.problem((*base, "measures"), f"unknown measure '{m}'")
    if q.measures and theme is None:
        yield where.problem((*base, "measures"), "a scored question needs a theme (its own or its section's)")
    values = set(scale.values)
    for v in q.comment_required_for:
        if v not in values:
            yield where.problem((*base, "comment_required_for"), f"'{v}' is not a value of scale '{scale.id}'")
    if q.points is not None:
        if scale.kind != ScaleKind.SINGLE:
            yield where.problem((*base, "points"), "points apply only to single-choice scales")
        for v in q.points:
            if v not in values:
                yield where.problem((*base, "points"), f"points given for '{v}', which is not on scale '{scale.id}'")
        for v in values - set(q.points):
            yield where.problem((*base, "points"), f"no points given for '{v}'")
        for v, pts in q.points.items():
            if pts < 0 or pts > 100:
                yield where.problem((*base, "points"), f"points for '{v}' must be between 0 and 100")
    if q.measures:
        if scale.kind != ScaleKind.SINGLE:
            yield where.problem((*base, "measures"), f"a scored question needs a single-choice scale, not {scale.kind}")
        elif q.points is None and any(o.points is None for o in scale.options):
            yield where.problem((*base, "measures"), f"scored, but scale '{scale.id}' gives no points to some answers")
        elif qs.max_points(q.id) <= 0:
            yield where.problem((*base, "measures"), "scored, but no answer earns any points")
    if q.na.reasons and not q.na.allowed:
        yield where.problem((*base, "na"), "N/A reasons are listed but N/A is not allowed")
    if q.na.reasons_cy and len(q.na.reasons_cy) != len(q.na.reasons):
        yield where.problem((*base, "na", "reasons_cy"), f"reasons_cy has {len(q.na.reasons_cy)} entries but "
                            f"reasons has {len(q.na.reasons)}: give the Welsh of each reason, in the same order")
    if q.valid_if is not None and not q.valid_message:
        yield where.problem((*base, "valid_if"), "valid_if needs a valid_message to show the inspector")


def _cycles(qs: QuestionSet, deps: dict[str, frozenset[str]], where: _Located) -> Iterator[Problem]:
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(deps, white)
    reported: set[frozenset[str]] = set()
    for start in deps:
        if colour[start] != white:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(deps[start])))]
        colour[start] = grey
        trail = [start]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = black
                stack.pop()
                trail.pop()
                continue
            if colour.get(child) == grey:
                cycle = [*trail[trail.index(child):], child]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield where.problem((*_q_path(qs, child), "applies_if"),
                                        "rules form a cycle: " + " -> ".join(cycle), child)
            elif colour.get(child) == white:
                colour[child] = grey
                trail.append(child)
                stack.append((child, iter(sorted(deps[child]))))


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
