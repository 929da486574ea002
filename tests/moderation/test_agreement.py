"""Agreement statistics against published worked examples, to three decimals."""

from __future__ import annotations

import pytest

from casereader.moderation.agreement import MarkPair, agreement, by_inspector, by_question, kappa

# Wikipedia, "Cohen's kappa", worked example: 50 applications, two readers, yes/no.
WIKI_2X2 = [[20, 5], [10, 15]]
# Wikipedia: the same 60% observed agreement gives different kappas with different marginals.
WIKI_SAME_PO_A = [[45, 15], [25, 15]]
WIKI_SAME_PO_B = [[25, 35], [5, 35]]
# Gwet, irrCAC data set cont3x3abstractors (ectopic / AIU / NIU pregnancy classification by two abstractors);
# irrCAC's documented output: Cohen's kappa 0.7964094, quadratic-weighted kappa 0.8921569.
GWET_3X3 = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]


def test_unweighted_textbook_examples() -> None:
    assert kappa(WIKI_2X2) == pytest.approx(0.400, abs=5e-4)
    assert kappa(WIKI_SAME_PO_A) == pytest.approx(0.1304, abs=5e-4)
    assert kappa(WIKI_SAME_PO_B) == pytest.approx(0.2593, abs=5e-4)
    assert kappa(GWET_3X3) == pytest.approx(0.7964094, abs=5e-4)


def test_weighted_textbook_examples() -> None:
    assert kappa(GWET_3X3, "quadratic") == pytest.approx(0.8921569, abs=5e-4)
    # linear weights 1, 0.5, 0: po = 0.945, pe = 0.6499
    assert kappa(GWET_3X3, "linear") == pytest.approx((0.945 - 0.6499) / (1 - 0.6499), abs=5e-4)
    # with two categories every weighting is the unweighted kappa
    assert kappa(WIKI_2X2, "quadratic") == pytest.approx(kappa(WIKI_2X2))


def test_perfect_and_undefined() -> None:
    assert kappa([[5, 0], [0, 5]]) == pytest.approx(1.0)
    assert kappa([[10, 0], [0, 0]]) is None  # expected agreement 1
    assert kappa([[0, 0], [0, 0]]) is None
    with pytest.raises(ValueError):
        kappa([[1, 2]])


def test_agreement_from_pairs_matches_table() -> None:
    cats = ["fully", "partially", "not"]
    pairs = ([("fully", "fully")] * 13 + [("partially", "partially")] * 20 + [("partially", "not")] * 7
             + [("not", "partially")] * 4 + [("not", "not")] * 56)
    a = agreement(pairs, cats, ordinal=True, weighting="quadratic")
    assert (a.pairs, a.exact, a.within_one) == (100, 89, 100)
    assert a.kappa == pytest.approx(0.7964094, abs=5e-4)
    assert a.weighted_kappa == pytest.approx(0.8921569, abs=5e-4)
    assert a.exact_percent == pytest.approx(89.0)


def test_least_consistent_questions_first_and_per_inspector() -> None:
    pairs = [MarkPair("c1", "Q1", "Ann", "Bob", "yes", "yes"), MarkPair("c2", "Q1", "Ann", "Bob", "yes", "yes"),
             MarkPair("c1", "Q2", "Ann", "Bob", "fully", "not"), MarkPair("c3", "Q2", "Cat", "Bob", "fully", "fully")]
    scales = {"Q1": (["yes", "no"], False), "Q2": (["fully", "partially", "not"], True)}
    ranked = by_question(pairs, scales)
    assert [q for q, _ in ranked] == ["Q2", "Q1"]
    q2 = ranked[0][1]
    assert (q2.pairs, q2.exact, q2.within_one) == (2, 1, 1)
    assert by_inspector(pairs) == [("Ann", 3, 2), ("Cat", 1, 1)]
