"""The rule language: parsing, type checking and three-valued evaluation. No eval anywhere."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casereader.core.expressions import RuleError, Value, ValueType, parse_rule

TYPES = {
    "casework_type": ValueType("choice", frozenset({"MC", "CC", "RASSO"})),
    "youth": ValueType("flag"),
    "age": ValueType("number"),
    "charged_on": ValueType("date"),
    "notes": ValueType("text"),
    "VW-06": ValueType("choice", frozenset({"yes", "no"})),
    "failings": ValueType("multi", frozenset({"schedules", "descriptions", "other"})),
}


def run(rule: str, values: dict[str, Value]) -> bool | None:
    r = parse_rule(rule, TYPES)
    return r.evaluate(values.get, lambda n: values.get(n) is not None, lambda n: False)


@pytest.mark.parametrize(
    ("rule", "values", "expected"),
    [
        ("casework_type == 'CC'", {"casework_type": "CC"}, True),
        ("casework_type != 'CC'", {"casework_type": "MC"}, True),
        ("casework_type in ['CC', 'RASSO']", {"casework_type": "RASSO"}, True),
        ("casework_type not in ['CC', 'RASSO']", {"casework_type": "RASSO"}, False),
        ("youth", {"youth": True}, True),
        ("not youth", {"youth": False}, True),
        ("youth == false", {"youth": False}, True),
        ("age >= 18", {"age": 18.0}, True),
        ("age < 18", {"age": 18.0}, False),
        ("charged_on < d'2024-01-01'", {"charged_on": dt.date(2023, 12, 31)}, True),
        ("failings has 'schedules'", {"failings": frozenset({"schedules"})}, True),
        ("failings has 'other'", {"failings": frozenset({"schedules"})}, False),
        ("VW-06 == 'yes' and casework_type == 'MC'", {"VW-06": "yes", "casework_type": "MC"}, True),
        ("(casework_type == 'MC' or casework_type == 'CC') and not youth",
         {"casework_type": "CC", "youth": False}, True),
        ("answered(VW-06)", {"VW-06": "no"}, True),
        ("answered(VW-06)", {}, False),
        ("notes == 'x'", {"notes": "x"}, True),
    ],
)
def test_evaluates(rule: str, values: dict[str, Value], expected: bool) -> None:
    assert run(rule, values) is expected


def test_missing_values_are_unknown_with_kleene_logic() -> None:
    assert run("casework_type == 'CC'", {}) is None
    assert run("not (casework_type == 'CC')", {}) is None
    assert run("casework_type == 'CC' and youth", {"youth": False}) is False
    assert run("casework_type == 'CC' or youth", {"youth": True}) is True
    assert run("casework_type == 'CC' or youth", {"youth": False}) is None


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("", "empty rule"),
        ("casework_type ==", "expected a value or a name"),
        ("casework_type == 'CC' extra", "expected end of rule"),
        ("court == 'CC'", "unknown field or question id 'court'"),
        ("casework_type == 'XX'", "unknown value 'XX'"),
        ("casework_type > 'MC'", "needs numbers or dates"),
        ("age == 'old'", "a number compares with a number"),
        ("youth == 'yes'", "a flag compares with true or false"),
        ("charged_on < '2024-01-01'", "a date compares with a date"),
        ("casework_type", "not a yes/no flag"),
        ("'CC'", "not a bare value"),
        ("failings == 'other'", "use 'has'"),
        ("casework_type has 'MC'", "'has' needs a multiple-choice"),
        ("__import__('os')", "unknown function"),
        ("casework_type == 'CC' ; drop", "unexpected character"),
        ("charged_on < d'2024-02-30'", "not a real date"),
        ("(" * 100 + "youth" + ")" * 100, "nested too deeply"),
        ("age == casework_type", "cannot compare a number with a choice"),
    ],
)
def test_rejects_with_clear_message(rule: str, fragment: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_rule(rule, TYPES)
    assert fragment in str(info.value)


def test_names_are_collected_for_cycle_detection() -> None:
    r = parse_rule("VW-06 == 'yes' and (youth or age > 10) and answered(notes)", TYPES)
    assert r.names == {"VW-06", "youth", "age", "notes"}


@given(st.text(max_size=60))
def test_arbitrary_text_never_crashes(text: str) -> None:
    with contextlib.suppress(RuleError):
        parse_rule(text, TYPES)
