"""Fuzzing the user's inputs: any interview.yaml or annotation file either builds a release that
`validate` accepts, or stops with the package's own error. Never another exception."""

from __future__ import annotations

import json
import shutil
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_data.errors import InternalError, InterviewDataError
from interview_data.publish.build import build
from interview_data.publish.release_checks import validate_release

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "layouts" / "labels-crlf"
FIXTURE_ID = "2023-03-03-doe-water"
META = (FIXTURE / "interview.yaml").read_text(encoding="utf-8")
SENTENCES = ["Minister, how much did the reservoir programme cost?", 'It cost "about" $2.1 billion over five years.',
             "We built 14 reservoirs.", "And we finished on time.", "Note: some say it was late.", "Is that so?",
             "No.", "The last one opened on 12 May 2022.", "Thank you.", "Thank you."]
CLAIM = {"text": "We built 14 reservoirs.", "claim_text": "Jane Doe's ministry built 14 reservoirs.",
         "claim_type": "quantity", "checkworthy": True, "verifiable": "public", "certainty": "certain",
         "polarity": "positive", "time_orientation": "past", "attribution": {"type": "own"},
         "quantities": [{"text": "14", "value": 14, "unit": "reservoir", "comparator": "eq"}],
         "times": [], "entities": []}

YAML_TOKENS = st.sampled_from(["&a ", "*a", "&b [*b]", "!!python/object/apply:os.system ['x'] ", "\u2028", "\t",
                               ": ", "- ", "[", "]", "{", "}", "~", "'", '"', "\\", "#", "\n", "\nlanguage: fr\n",
                               "\ninterview_id: 2023-03-03-other\n", "NaN", ".inf", "<FILL IN: x>", "1e400",
                               "\ufeff", "\u0301", "../..", "\x00", "?", "%", "@", "`", "|", ">"])
JUNK_VALUES = st.sampled_from([float("nan"), float("inf"), -1, 0, 1e308, "", "x" * 300, None, [], {}, True,
                               "\u2028", "No.\u2028", "Thank you.", "14", "reservoir", "eq", "XXXX", "P1.5M",
                               unicodedata.normalize("NFD", "Ünïcödé"), {"type": "own"}, [{"text": "14"}]])


@st.composite
def mutated_yaml(draw) -> bytes:
    text = META
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:position] + draw(YAML_TOKENS) + text[position:]
        else:
            text = text[:position] + text[position + draw(st.integers(1, 12)):]
    data = text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        data = data.replace(b"Gazette", b"Gaz\xe9tte")
    return data


def label_lines() -> list[dict]:
    lines, seen = [], {}
    for sentence in SENTENCES:
        line = {"text": sentence, "label": "check_worthy_factual" if "14" in sentence else "non_factual"}
        if SENTENCES.count(sentence) > 1:
            line["occurrence"] = seen.get(sentence, 0)
            seen[sentence] = line["occurrence"] + 1
        lines.append(line)
    return lines


@st.composite
def mutated_annotations(draw) -> tuple[bytes, bytes]:
    labels, claims = label_lines(), [json.loads(json.dumps(CLAIM))]
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from([labels, claims]))
        action = draw(st.sampled_from(["set", "drop", "duplicate", "nested"]))
        if not target:
            continue
        index = draw(st.integers(0, len(target) - 1))
        if action == "drop":
            target.pop(index)
        elif action == "duplicate":
            target.append(json.loads(json.dumps(target[index])))
        elif action == "nested" and target is claims and _has_quantity(claims[index]):
            key = draw(st.sampled_from(["text", "value", "unit", "comparator", "occurrence", "extra"]))
            claims[index]["quantities"][0][key] = draw(JUNK_VALUES)
        else:
            key = draw(st.sampled_from(sorted(target[index]) + ["occurrence", "extra"]))
            target[index][key] = draw(JUNK_VALUES)
    encode = lambda rows: "".join(json.dumps(r, ensure_ascii=draw(st.booleans())) + "\n" for r in rows)
    label_bytes, claim_bytes = encode(labels).encode("utf-8"), encode(claims).encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        claim_bytes += b"{broken\n"
    return label_bytes, claim_bytes


def _has_quantity(claim: dict) -> bool:
    quantities = claim.get("quantities")
    return isinstance(quantities, list) and bool(quantities) and isinstance(quantities[0], dict)


def build_or_refuse(meta: bytes, annotations: tuple[bytes, bytes] | None = None) -> bool:
    """True when the inputs built a release (which must then be valid), False when they were refused."""
    with tempfile.TemporaryDirectory() as work:
        raw, out = Path(work) / "raw", Path(work) / "out"
        folder = raw / FIXTURE_ID
        shutil.copytree(FIXTURE, folder)
        (folder / "interview.yaml").write_bytes(meta)
        if annotations is not None:
            (folder / "annotations").mkdir()
            (folder / "annotations" / "sentence_labels.jsonl").write_bytes(annotations[0])
            (folder / "annotations" / "claims.jsonl").write_bytes(annotations[1])
        try:
            build(raw, out)
        except InterviewDataError as exc:
            assert not out.exists()
            assert not isinstance(exc, InternalError), exc  # a mistake in the input is not a bug
            assert "fails its check" not in str(exc), exc  # ...and is caught before the release is written
            return False
        validate_release(out)
        return True


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated_yaml())
def test_any_interview_yaml_builds_a_valid_release_or_is_refused(meta):
    build_or_refuse(meta)


@FUZZ
@given(mutated_annotations())
def test_any_annotation_lines_build_a_valid_release_or_are_refused(annotations):
    build_or_refuse(META.encode("utf-8"), annotations)


def test_the_unmutated_inputs_build():
    assert build_or_refuse(META.encode("utf-8"), (b"".join(json.dumps(r).encode() + b"\n" for r in label_lines()),
                                           json.dumps(CLAIM).encode() + b"\n"))
