"""Moderation draws only finished work, says how many cases each casework type had, never reports "within one"
for yes/no, and shows the agreement statistics (with n, N/A exclusions and intervals) through the command
line. Every figure is recomputed here from the marks the test typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from moderation_flow import DATA, FPN, TYPES, Flow, first_marks, second_marks

from casereader.core.loader import load_question_set
from casereader.moderation.agreement import MarkPair
from casereader.moderation.consistency import build_consistency, scales_of
from casereader.moderation.distributions import wilson

PART_MARKED = frozenset({"URN001", "URN002", "URN005"})


@pytest.fixture
def flow(tmp_path: Path, moderation_env: pytest.MonkeyPatch) -> Flow:
    moderation_env.setenv("CASEREADER_INSPECTOR", "lead")
    return Flow(tmp_path)


def test_the_dip_sample_never_draws_a_part_marked_case(flow: Flow) -> None:
    flow.first_round(part_marked=PART_MARKED)
    complete = [r for r in flow.refs if r not in PART_MARKED]
    code, out, err = flow.central("moderation", "draw", flow.inspection, "--fraction", "1", "--seed", "5",
                                  "--out-dir", flow.tmp / "packs")
    assert code == 0, err
    _packs, _second, drawn = Flow.parse_draw(out)
    assert sorted(drawn) == complete  # every finished case (fraction 1), and no part-marked one
    types = {t: sum(TYPES[(flow.index(r) - 1) % 4] == t for r in complete) for t in ("CC", "MC")}
    assert (f"eligible cases (marked complete) per casework type: CC {types['CC']}, MC {types['MC']}; "
            f"{len(PART_MARKED)} part-marked case(s) not eligible") in out


def test_nothing_finished_nothing_drawn(flow: Flow) -> None:
    flow.first_round(part_marked=frozenset(flow.refs))
    code, _out, err = flow.central("moderation", "draw", flow.inspection, "--seed", "5", "--out-dir",
                                   flow.tmp / "packs")
    assert code != 0 and "no cases marked complete at the centre yet (8 part-marked)" in err
    assert "Traceback" not in err and not (flow.tmp / "packs").exists()


def test_within_one_never_for_yes_no() -> None:
    qs = load_question_set(DATA / "worked-example.yaml")
    scales = scales_of(qs)
    assert scales["VW-06"] == (("yes", "no"), True)  # ordered by points, yet only two of them
    pairs = [MarkPair(f"c{i}", "VW-06", "ann", "bob", a, b)
             for i, (a, b) in enumerate([("yes", "yes")] * 6 + [("yes", "no")] * 2 + [("no", "no")] * 2)]
    pairs += [MarkPair(f"c{i}", "VW-01", "ann", "bob", a, b)
              for i, (a, b) in enumerate([("fully", "partially"), ("fully", "not"), ("not", "not")])]
    section = build_consistency(pairs, scales)
    yes_no = next(r for r in section.questions if r.key == "VW-06")
    assert yes_no.within_one is None and yes_no.within_one_percent is None and yes_no.weighted_kappa is None
    assert yes_no.statistics is not None and yes_no.statistics.kappa_linear is None
    assert yes_no.statistics.ac2 is None and yes_no.statistics.alpha_ordinal is None
    assert yes_no.to_json()["within_one_percent"] is None
    graded = next(r for r in section.questions if r.key == "VW-01")
    assert (graded.within_one, graded.ordinal_pairs) == (2, 3)
    # the overall row's within-one counts only the pairs on the three-point scale
    assert (section.overall.within_one, section.overall.ordinal_pairs) == (2, 3)


def test_compare_shows_every_statistic_with_n_exclusions_and_intervals(flow: Flow) -> None:
    flow.first_round()
    flow.draw(seed=11)
    flow.second_round()
    code, out, err = flow.central("moderation", "compare", flow.inspection, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert got["sample_frame"] == len(flow.refs) and got["bootstrap"]["resamples"] >= 1000
    for row in got["questions"]:
        typed = [(first_marks(flow.index(r))[row["key"]][0], second_marks(flow.index(r))[row["key"]][0])
                 for r in sorted(flow.drawn)]
        used = [(a, b) for a, b in typed if a in FPN and b in FPN]
        stats = row["statistics"]
        assert (stats["n"], stats["excluded"]) == (len(used), len(typed) - len(used))
        agree = sum(a == b for a, b in used)
        low, high = wilson(agree, len(used)) or (0.0, 0.0)
        assert stats["percent_agreement"]["value"] == round(100 * agree / len(used), 4)
        assert (stats["percent_agreement"]["low"], stats["percent_agreement"]["high"]) == \
            (round(100 * low, 4), round(100 * high, 4))
        assert stats["sample_frame"] == len(flow.refs) and stats["gwet_ac1"]["value"] is not None
        for name in ("kappa_linear", "kappa_quadratic", "gwet_ac2_linear", "krippendorff_alpha_ordinal"):
            assert name in stats  # a three-point scale: weighted figures given where defined
    pairs = {(p["key"]) for p in got["inspector_pairs"]}
    assert pairs == {f"{first} → {second}" for first, second in flow.drawn.values()}
    code, text, err = flow.central("moderation", "compare", flow.inspection)
    assert code == 0, err
    assert "Agreement statistics (pairs where either mark is N/A excluded; 95% confidence intervals)" in text
    for name in ("percent agreement", "Cohen's kappa", "kappa, linear weights", "Gwet's AC1",
                 "Krippendorff's alpha, nominal", "PABAK", "prevalence index / bias index", "Stuart-Maxwell test"):
        assert name in text
    assert "inspector pair (first -> second) ann → bob" in text
    # the same seed, the same bootstrap interval: the output is reproducible run to run
    assert flow.central("moderation", "compare", flow.inspection)[1] == text
