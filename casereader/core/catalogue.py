"""Finding question sets by id and version among the shipped and user folders.

A question set is its bytes: two files that claim the same id@version with different content are both
refused (never one silently hiding the other), and every lookup of that id@version names both files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casereader.core.loader import Problem, QuestionSetError, load_question_set
from casereader.core.questionset import QuestionSet


@dataclass(frozen=True)
class Clash:
    """Two files claiming one id@version with different bytes."""

    key: str
    first: Path
    first_hash: str
    second: Path
    second_hash: str

    def __str__(self) -> str:
        return (f"question set {self.key} is refused: {self.first} (sha256 {self.first_hash}) and {self.second} "
                f"(sha256 {self.second_hash}) have the same id and version but different content; give the "
                "changed file a new version")


def clash_message(key: str, first: str, first_hash: str, second: str, second_hash: str) -> str:
    """The one wording of a same-id@version, different-bytes refusal, for places other than the catalogue."""
    return str(Clash(key, Path(first), first_hash, Path(second), second_hash))


class Catalogue:
    """The question sets available on this installation, loaded and validated."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.sets: dict[tuple[str, str], QuestionSet] = {}
        self.problems: list[Problem] = []
        self.files: dict[tuple[str, str], Path] = {}
        self.clashes: dict[tuple[str, str], Clash] = {}
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")):
                try:
                    qs = load_question_set(path)
                except QuestionSetError as exc:
                    self.problems.extend(exc.problems)
                    continue
                key = (qs.id, qs.version)
                known = self.sets.get(key)
                if known is None:
                    self.sets[key], self.files[key] = qs, path
                elif known.content_hash != qs.content_hash and key not in self.clashes:
                    self.clashes[key] = Clash(qs.key, self.files[key], known.content_hash, path, qs.content_hash)
        for key in self.clashes:
            del self.sets[key], self.files[key]

    def all(self) -> list[QuestionSet]:
        """The usable sets (a clashing id@version is not among them: see :attr:`clashes`)."""
        return sorted(self.sets.values(), key=lambda q: (q.id, _version_key(q.version)))

    def find(self, spec: str) -> QuestionSet:
        """Find ``ID`` (newest version) or ``ID@VERSION``. Raises KeyError with a helpful message."""
        ident, _, version = spec.partition("@")
        if not version:
            known = {v for (i, v) in [*self.sets, *self.clashes] if i == ident}
            version = max(known, key=_version_key, default="")
        clash = self.clashes.get((ident, version))
        if clash is not None:
            raise KeyError(str(clash))
        if spec.partition("@")[2]:
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


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    parts = version.replace("-", ".").split(".")
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)
