"""The engine's issue codes, each with a scenario that meets it on a case of the domestic-abuse thematic set:
shared by the contract tests of the store and command line (tests/storage) and of the app (tests/ui)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casereader.core.answers import Answer, HeaderValue
from casereader.core.loader import load_question_set
from casereader.core.outcome import IssueCode
from casereader.paths import Paths, resolve
from casereader.storage import LocalStore

FORM = resolve(None).forms / "da-thematic-2024.1.yaml"
HEADER: dict[str, HeaderValue] = {"casework_type": "MC", "outcome": "guilty_plea", "newton_hearing": False,
                                  "victim_withdrew": False}
BASE = {"DA-01": Answer("yes"), "DA-02": Answer("2023-05-01")}


def da_case(folder: Path) -> tuple[Paths, LocalStore, str, str]:
    """A data folder in ``folder`` holding one domestic-abuse thematic case (HEADER, with BASE answered by
    Ann): its paths, the open store, the inspection id and the case id."""
    paths = resolve(folder / "data").ensure()
    store = LocalStore.open(paths.database, backups_dir=paths.backups)
    insp = store.create_inspection(load_question_set(FORM), area="Cymru-Wales", round="baseline",
                                   form_bytes=FORM.read_bytes(), inspectors=["Ann"], actor="Ann")
    (case,) = store.add_cases(insp.id, [("DA-1", HEADER)], actor="Ann")
    for qid, answer in BASE.items():
        store.save_answer(case.id, qid, answer, "Ann")
    return paths, store, insp.id, case.id


@dataclass(frozen=True)
class Scenario:
    code: IssueCode
    target: str
    answer: Answer | None = None  # an answer to give...
    header: HeaderValue = None  # ...or a header value to set
    csv: str = ""  # the same answer as a row of a long marks CSV: answer,na_reason,comment

    @property
    def is_header(self) -> bool:
        return self.answer is None


SCENARIOS = [
    Scenario(IssueCode.UNKNOWN_QUESTION, "ZZ-99", Answer("yes"), csv="yes,,"),
    Scenario(IssueCode.NOT_APPLICABLE, "DA-09", Answer("fully"), csv="fully,,"),
    Scenario(IssueCode.NOT_ON_SCALE, "DA-01", Answer("maybe"), csv="maybe,,"),
    Scenario(IssueCode.DUPLICATE_CHOICE, "DA-08", Answer(("bwv", "bwv"))),
    Scenario(IssueCode.NOT_A_NUMBER, "DA-10", Answer("many")),
    Scenario(IssueCode.OUT_OF_RANGE, "DA-10", Answer(31.0), csv="31,,"),
    Scenario(IssueCode.NOT_A_DATE, "DA-03", Answer("2024-13-01"), csv="2024-13-01,,"),
    Scenario(IssueCode.NOT_TEXT, "DA-14", Answer(5.0)),
    Scenario(IssueCode.NA_NOT_ALLOWED, "DA-01", Answer(na=True)),
    Scenario(IssueCode.NA_REASON_UNKNOWN, "DA-06", Answer(na=True, na_reason="Bored")),
    Scenario(IssueCode.NA_WITH_VALUE, "DA-06", Answer("fully", na=True)),
    Scenario(IssueCode.EVIDENCE_REQUIRED, "DA-06", Answer("partially"), csv="partially,,"),
    Scenario(IssueCode.RULE_FAILED, "DA-04", Answer("2023-02-01"), csv="2023-02-01,,"),
    Scenario(IssueCode.NOT_AN_OPTION, "casework_type", header="Traffic"),
    Scenario(IssueCode.NOT_YES_NO, "newton_hearing", header="maybe"),
    Scenario(IssueCode.UNKNOWN_FIELD, "colour", header="blue"),
]
