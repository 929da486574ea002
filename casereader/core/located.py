"""Where a problem in a question-set file is: its file, line and the id of the element it is in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casereader.core.errors import UserError

Path_ = tuple[str | int, ...]  # a path into the parsed YAML: keys and list positions
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


class Located:
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
