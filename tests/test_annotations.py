"""The gold annotation: complete, consistent, anchored, and refused when it no longer fits the text."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from interview_data.reading import anchoring
from interview_data.errors import InterviewDataError
from interview_data.records.models import SentenceLabel
from interview_data.reading.interview import read_records

from .conftest import ROOT, SEED_DIR

GOLD = SEED_DIR / "annotations"


def test_every_sentence_of_both_speakers_has_a_label(seed_tables):
    assert all(s.label is not None for s in seed_tables.sentences)
    speakers = {s.speaker_id for s in seed_tables.sentences if s.label is SentenceLabel.check_worthy_factual}
    assert speakers == {"igor-korotchenko", "ilham-aliyev"}


NAMES_WITH_DIGITS = ["“60 minutes”"]  # a TV programme's title, not a figure


def test_every_explicit_figure_is_a_normalised_quantity_time_or_name(seed_tables, seed_source):
    spans = [(x.char_start, x.char_end) for c in seed_tables.claims for x in [*c.quantities, *c.times, *c.entities]]
    spans += [(m.start(), m.end()) for name in NAMES_WITH_DIGITS for m in re.finditer(re.escape(name), seed_source)]
    for turn in seed_tables.turns:
        for paragraph in turn.paragraphs:
            for match in re.finditer(r"\$?\d+(?:[.,]\d+)*%?", paragraph.text):
                start = paragraph.char_start + match.start()
                end = paragraph.char_start + match.end()
                assert any(a <= start and end <= b for a, b in spans), seed_source[start - 40:end + 20]


def test_reported_figure_is_attributed_to_its_source(seed_tables):
    claim = next(c for c in seed_tables.claims if "10,000 deserters" in c.text)
    assert claim.speaker_id == "ilham-aliyev"
    assert (claim.attribution.type.value, claim.attribution.cue) == ("reported_indirect", "admitted")
    assert "Armenian" in claim.attribution.source
    (quantity,) = claim.quantities
    assert (quantity.value, quantity.unit, quantity.comparator.value) == (10000, "person", "eq")


def test_hedged_figures_keep_their_comparator(seed_tables):
    quantities = {q.text: q for c in seed_tables.claims for q in c.quantities}
    assert quantities["More than 16,000 shells"].comparator.value == "gt"
    assert quantities["More than 16,000 shells"].value == 16000
    assert next(q for t, q in quantities.items() if t.startswith("about 30")).comparator.value == "approx"


def test_claims_are_unverified_assertions(seed_tables):
    assert {c.verification_status.value for c in seed_tables.claims} == {"unverified"}
    assert all(c.claim_text.startswith("According to ") for c in seed_tables.claims)


def test_consistency_rules_hold(seed_tables):
    label = {s.sentence_id: s.label for s in seed_tables.sentences}
    for claim in seed_tables.claims:
        if claim.checkworthy:
            assert label[claim.sentence_id] is SentenceLabel.check_worthy_factual
        for item in [*claim.quantities, *claim.times, *claim.entities]:
            assert claim.char_start <= item.char_start and item.char_end <= claim.char_end


@pytest.fixture()
def seed_copy(tmp_path):
    folder = tmp_path / SEED_DIR.name
    shutil.copytree(SEED_DIR, folder)
    return folder


def rewrite_claim(folder, contains: str, change) -> int:
    path = folder / "annotations" / "claims.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if contains in json.loads(line)["text"])
    entry = json.loads(lines[number])
    change(entry)
    lines[number] = json.dumps(entry, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def test_checkworthy_claim_in_a_non_factual_sentence_is_refused(seed_copy):
    labels = seed_copy / "annotations" / "sentence_labels.jsonl"
    text = labels.read_text(encoding="utf-8")
    target = next(l for l in text.splitlines() if "More than 16,000 shells landed" in l)
    labels.write_text(text.replace(target, target.replace("check_worthy_factual", "non_factual")), encoding="utf-8")
    with pytest.raises(InterviewDataError, match="check-worthy claim 'More than 16,000 shells.*labelled non_factual"):
        read_records(seed_copy)


def test_time_value_must_parse(seed_copy):
    line = rewrite_claim(seed_copy, "10,000 deserters", lambda e: e["times"].append(
        {"text": "they", "type": "date", "value": "last autumn"}))
    with pytest.raises(InterviewDataError, match=rf"claims.jsonl:{line}: field 'times.0.value'"):
        read_records(seed_copy)


def test_quantity_must_lie_inside_its_claim(seed_copy):
    line = rewrite_claim(seed_copy, "10,000 deserters", lambda e: e["quantities"][0].update(text="16,000 shells"))
    with pytest.raises(InterviewDataError, match=rf"claims.jsonl:{line}: '16,000 shells' is not inside its claim"):
        read_records(seed_copy)


def test_a_changed_segmentation_never_moves_a_label(seed_tables, seed_source):
    rows = [s.model_dump(exclude={"label"}) for s in seed_tables.sentences]
    first, second = rows[:2]
    merged = {**first, "char_end": second["char_end"], "text": seed_source[first["char_start"]:second["char_end"]]}
    with pytest.raises(InterviewDataError, match="is no longer one sentence of the segmentation"):
        anchoring.apply(GOLD, seed_tables.interviews[0].interview_id, seed_source, [merged, *rows[2:]], GOLD.parent.parent.parent)


def test_agreement_and_baselines_in_the_card_are_recomputed_by_the_commands():
    card = (ROOT / "build" / "README.md").read_text(encoding="utf-8")
    import subprocess
    import sys

    for command in (["agreement"], ["evaluate"]):
        result = subprocess.run([sys.executable, "-m", "interview_data", *command, "--release", str(ROOT / "build")],
                                capture_output=True, text=True, check=True)
        table = [line for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line]
        assert table and all(line in card for line in table), command


def test_raw_passes_are_complete_and_independent_files():
    for name in ("a", "b"):
        folder = GOLD / "passes" / name
        labels = (folder / "sentence_labels.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(labels) == 665
        assert (folder / "claims.jsonl").read_text(encoding="utf-8") != (GOLD / "claims.jsonl").read_text(encoding="utf-8")


def test_an_unreadable_annotation_file_is_one_problem_not_one_per_sentence(seed_copy):
    (seed_copy / "annotations" / "sentence_labels.jsonl").unlink()
    with pytest.raises(InterviewDataError) as caught:
        read_records(seed_copy)
    assert [p.message for p in caught.value.problems()] == ["annotation file is missing"]


def test_a_report_of_problems_survives_the_trip_from_a_worker_process(seed_copy):
    import pickle

    (seed_copy / "annotations" / "claims.jsonl").write_text("{\n[\n", encoding="utf-8")
    with pytest.raises(InterviewDataError) as caught:
        read_records(seed_copy)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value) and len(copy.problems()) == 2
