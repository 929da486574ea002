"""Problems found in a spreadsheet, each naming the file, row and column, and the error that lists them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from casereader.core.errors import UserError

MAX_LISTED = 50


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file. ``row`` is the spreadsheet row (the header is row 1)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":row {self.row}"
            if self.column:
                where += f", column {self.column}"
        elif self.column:
            where += f":column {self.column}"
        return f"{where}: {self.message}"


class TabularError(UserError, ValueError):
    """A spreadsheet that cannot be used. ``problems`` lists every fault found; nothing was changed."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=_order)
        super().__init__(self.report())

    def report(self, limit: int = MAX_LISTED) -> str:
        """One line per problem (at most ``limit``) and a count of the rest."""
        lines = [str(p) for p in self.problems[:limit]]
        rest = len(self.problems) - limit
        if rest > 0:
            lines.append(f"... and {rest} more problem{'s' if rest != 1 else ''} "
                         f"({len(self.problems)} in all)")
        return "\n".join(lines)


def _order(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, -1 if p.row is None else p.row, p.column or "", p.message)


class ProblemList:
    """Collects problems for one file while checking it."""

    def __init__(self, file: str, carried: Iterable[Problem] = ()) -> None:
        self.file = file
        self.items: list[Problem] = []
        # problems found before this check (unreadable cells: Table.problems): reported with the rest, but not
        # counted by bool(), which checkers use to stop early on a broken header
        self.carried: list[Problem] = list(carried)

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.items.append(Problem(self.file, row, column, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def all(self) -> list[Problem]:
        """Carried and found problems; a cell already reported as unreadable is not reported again for the
        blank it was read as."""
        cells = {(p.row, p.column) for p in self.carried}
        return [*self.carried, *(p for p in self.items if (p.row, p.column) not in cells)]

    def raise_if_any(self) -> None:
        if self.items or self.carried:
            raise TabularError(self.all)
