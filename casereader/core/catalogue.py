"""Finding question sets by id and version among the shipped and user folders."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from casereader.core.loader import Problem, QuestionSetError, load_question_set
from casereader.core.questionset import QuestionSet


class Catalogue:
    """The question sets available on this installation, loaded and validated."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.sets: dict[tuple[str, str], QuestionSet] = {}
        self.problems: list[Problem] = []
        self.files: dict[tuple[str, str], Path] = {}
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")):
                try:
                    qs = load_question_set(path)
                except QuestionSetError as exc:
                    self.problems.extend(exc.problems)
                    continue
                self.sets[(qs.id, qs.version)] = qs
                self.files[(qs.id, qs.version)] = path

    def all(self) -> list[QuestionSet]:
        return sorted(self.sets.values(), key=lambda q: (q.id, _version_key(q.version)))

    def find(self, spec: str) -> QuestionSet:
        """Find ``ID`` (newest version) or ``ID@VERSION``. Raises KeyError with a helpful message."""
        ident, _, version = spec.partition("@")
        if version:
            qs = self.sets.get((ident, version))
            if qs is None:
                have = ", ".join(q.version for q in self.all() if q.id == ident) or "none"
                raise KeyError(f"no question set {ident}@{version} (versions available: {have})")
            return qs
        versions = [q for q in self.all() if q.id == ident]
        if not versions:
            have = ", ".join(sorted({q.id for q in self.all()})) or "none"
            raise KeyError(f"no question set '{ident}' (available: {have})")
        return versions[-1]

    def by_hash(self, ident: str, version: str, content_hash: str) -> QuestionSet | None:
        qs = self.sets.get((ident, version))
        return qs if qs is not None and qs.content_hash == content_hash else None


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    parts = version.replace("-", ".").split(".")
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)
