"""The rule-based baseline on phrases from the seed, and evaluate() on a tiny hand-scored set."""

from __future__ import annotations

import pytest

from interview_data.research.baselines import cues, extract_quantities, rule_label
from interview_data.research.evaluate import evaluate
from interview_data.records.models import Comparator, SentenceLabel


@pytest.mark.parametrize("text, value, unit, comparator", [
    ("they had 10,000 deserters", 10000, "person", Comparator.eq),
    ("more than $5 billion of modern Russian weapons", 5e9, "USD", Comparator.gt),
    ("are about 25 percent accurate", 25, "%", Comparator.approx),
    ("as well as six villages", 6, "village", Comparator.eq),
    ("a capacity of 20 megawatts", 20, "megawatt", Comparator.eq),
])
def test_quantity_extraction(text, value, unit, comparator):
    (quantity,) = extract_quantities(text)
    assert (quantity.value, quantity.unit, quantity.comparator) == (value, unit, comparator)


def test_years_are_not_quantities():
    assert extract_quantities("from the battles of 2016") == []


def test_rule_labels():
    assert rule_label(cues("How did that day begin?")) is SentenceLabel.non_factual
    assert rule_label(cues("We liberated six villages.")) is SentenceLabel.check_worthy_factual
    assert rule_label(cues("Events developed very fast.")) is SentenceLabel.non_factual
    assert rule_label(cues("They admitted it.")) is SentenceLabel.unimportant_factual


def test_cues_count_figures_not_digits():
    found = cues("More than 16,000 shells, $5 billion and 30% in May, they said.")
    assert (found.strong, found.reporting) == (7, 1)  # 16,000 | $ | 5 | billion | 30 | % | May


def test_evaluate_on_a_hand_scored_set():
    from interview_data.records.models import Sentence

    def sentence(i, text, label):
        return Sentence(interview_id="x", sentence_id=f"x/t000/s00{i}", turn_id="x/t000", index=i,
                        speaker_id="a", text=text, char_start=i * 100, char_end=i * 100 + len(text), label=label,
                        split="test", fold=0)

    sentences = [sentence(0, "How did that day begin?", SentenceLabel.non_factual),
                 sentence(1, "We liberated six villages.", SentenceLabel.check_worthy_factual),
                 sentence(2, "I met them in May.", SentenceLabel.unimportant_factual)]
    rule = next(s for s in evaluate(sentences, []) if s.baseline == "rule-based cues")
    # rule labels: NFS, CFS, CFS ("May" is a month) -> CFS precision 1/2, recall 1/1
    assert (rule.precision, rule.recall) == pytest.approx((0.5, 1.0))
    # F1: NFS 1, CFS 2/3, UFS 0 -> macro (1 + 2/3) / 3
    assert rule.macro_f1 == pytest.approx((1 + 2 / 3) / 3)
    # scores: s0 = -1 (question), s1 = 2 (one number), s2 = 2.5 (month + a capitalised name):
    # the CFS sentence ranks second -> AP = 1/2
    assert rule.map == pytest.approx(0.5)
    majority = next(s for s in evaluate(sentences, []) if s.baseline.startswith("majority"))
    # no positive predictions, and no ranking: a constant baseline has no MAP
    assert (majority.f1, majority.map) == (0.0, None)
