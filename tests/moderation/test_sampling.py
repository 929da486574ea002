"""Dip-sample draws and calibration tables."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereader.moderation.sampling import MarkedCase, calibration_table, draw_dip_sample


def cases(n_per: dict[str, dict[str, int]]) -> list[MarkedCase]:
    out = []
    for inspector, types in n_per.items():
        for ctype, n in types.items():
            out += [MarkedCase(f"{inspector}-{ctype}-{i}", f"{inspector[0]}{ctype}{i:03d}", inspector, ctype)
                    for i in range(n)]
    return out


TEAM = {"Ann": {"MC": 20, "CC": 8, "RASSO": 2}, "Bob": {"MC": 15, "CC": 15}, "Cat": {"RASSO": 10}}


def test_ten_percent_each_and_one_per_type() -> None:
    draw = draw_dip_sample(cases(TEAM), ["Ann", "Bob", "Cat"], fraction=0.1, seed=7)
    for inspector, types in TEAM.items():
        mine = [a for a in draw if a.first_inspector == inspector]
        assert len(mine) >= math.ceil(0.1 * sum(types.values()))
        assert {a.casework_type for a in mine} == set(types)
    assert all(a.first_inspector != a.second_inspector for a in draw)
    loads = [sum(1 for a in draw if a.second_inspector == t) for t in ("Ann", "Bob", "Cat")]
    assert max(loads) - min(loads) <= 2


def test_reproducible_whatever_the_order() -> None:
    all_cases = cases(TEAM)
    a = draw_dip_sample(all_cases, ["Ann", "Bob", "Cat"], seed=42)
    b = draw_dip_sample(list(reversed(all_cases)), ["Cat", "Bob", "Ann"], seed=42)
    assert a == b
    assert a != draw_dip_sample(all_cases, ["Ann", "Bob", "Cat"], seed=43)


def test_needs_two_inspectors_and_a_sane_fraction() -> None:
    with pytest.raises(ValueError, match="at least two inspectors"):
        draw_dip_sample(cases({"Ann": {"MC": 3}}), ["Ann"], seed=1)
    with pytest.raises(ValueError, match="fraction"):
        draw_dip_sample(cases(TEAM), ["Ann", "Bob"], fraction=0, seed=1)


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.sampled_from(["A1", "B2", "C3", "D4"]),
                       st.dictionaries(st.sampled_from(["MC", "CC", "RASSO"]), st.integers(1, 12), min_size=1),
                       min_size=2), st.integers(0, 10_000))
def test_every_draw_is_blind_and_covers_types(team: dict[str, dict[str, int]], seed: int) -> None:
    draw = draw_dip_sample(cases(team), list(team), seed=seed)
    assert len({a.case_id for a in draw}) == len(draw)
    for inspector, types in team.items():
        assert {a.casework_type for a in draw if a.first_inspector == inspector} == set(types)
    assert all(a.first_inspector != a.second_inspector for a in draw)


def test_calibration_table_shows_where_and_how_they_differ() -> None:
    marks = [("Ann", "TRAIN-1", "PC-04", "partially"), ("Bob", "TRAIN-1", "PC-04", "fully"),
             ("Cat", "TRAIN-1", "PC-04", "partially"), ("Ann", "TRAIN-1", "DI-02", "fully"),
             ("Bob", "TRAIN-1", "DI-02", "fully"), ("Cat", "TRAIN-1", "DI-02", "fully")]
    rows = calibration_table(marks)
    assert rows[0].question_id == "PC-04"
    assert rows[0].modal == "partially" and rows[0].differing == (("Bob", "fully"),)
    assert rows[0].counts == {"fully": 1, "partially": 2}
    assert rows[0].agreement_percent == pytest.approx(66.667, abs=1e-3)
    assert rows[1].agreement_percent == 100.0
