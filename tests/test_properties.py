"""Property: any transcript the generator can write either parses with every invariant holding,
or fails with the package's own error. Never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_data.errors import InterviewDataError
from interview_data.reading.metadata import InterviewMeta
from interview_data.records.models import PieceKind
from interview_data.reading.layout import parse_transcript
from interview_data.reading.segment import sentence_spans

WORDS = st.sampled_from(["the", "war", "Mr.", "U.S.", "No.", "907", "10,000", "“Yes.”", "–", "-", "said:",
                         "Question:", "A:", "Q", "it", "is", "?", "!", "...", "don't", "\u00a0", "“Iron", "Fist”"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join).map(lambda s: s[:1].upper() + s[1:] + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
NEWLINE = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def transcripts(draw):
    style = draw(st.sampled_from(["dash", "label"]))
    newline = draw(NEWLINE)
    blank = draw(st.booleans())
    front = draw(st.lists(PARAGRAPH, max_size=2))
    lines = list(front)
    for _ in range(draw(st.integers(1, 6))):
        speaker = draw(st.sampled_from(["Q", "Ann Lee"]))
        marker = draw(st.sampled_from(["- ", "-", "– "])) if style == "dash" else f"{speaker}: "
        lines.append(marker + draw(PARAGRAPH))
        lines += draw(st.lists(PARAGRAPH, max_size=2))  # unmarked continuation paragraphs
    if draw(st.booleans()):
        lines.append("gallery-photogallery-photo")
    separator = newline * 2 if blank else newline
    text = separator.join(lines) + draw(st.sampled_from(["", newline, "  " + newline]))
    if draw(st.booleans()):
        text = "\ufeff" + text
    meta = InterviewMeta.model_validate({
        "interview_id": "2020-01-01-generated", "title": "t", "published_at": "2020-01-01T00:00:00Z",
        "publisher": "p", "source_url": "https://example.org", "language": "en",
        "license": {"source_text": "x", "annotations": "CC-BY-4.0", "code": "MIT"},
        "speakers": [{"speaker_id": "q", "name": "Q", "role": "interviewer", "labels": ["Q"]},
                     {"speaker_id": "ann-lee", "name": "Ann Lee", "role": "interviewee", "labels": ["Ann Lee"]}],
        "layout": {"front_matter": ["title"] * len(front), "turn_marker": style,
                   "speaker_order": ["q", "ann-lee"] if style == "dash" else [],
                   "first_turn_marked": True, "trailing_residue": "^(gallery-photo)+$"},
    })
    return text, meta


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_parse_holds_its_invariants_or_raises_its_own_error(case):
    text, meta = case
    try:
        parsed = parse_transcript(text, meta)
    except InterviewDataError:
        return
    spans = [(s, e) for _, s, e in parsed.pieces] + [(p.start, p.end) for t in parsed.turns for p in t.paragraphs]
    spans.sort()
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), "pieces must tile the source"
    assert "".join(text[s:e] for s, e in spans) == text
    for turn in parsed.turns:
        for paragraph in turn.paragraphs:
            assert text[paragraph.start:paragraph.end] == paragraph.text and paragraph.text.strip()
            spans = sentence_spans(paragraph.text)
            for start, end in spans:
                assert paragraph.text[start:end].strip() == paragraph.text[start:end]
            bounds = [0, *[i for span in spans for i in span], len(paragraph.text)]
            gaps = [paragraph.text[a:b] for a, b in zip(bounds[::2], bounds[1::2])]
            assert not "".join(gaps).strip(), "sentences leave only whitespace out of a paragraph"
    markers = [text[s:e] for k, s, e in parsed.pieces if k is PieceKind.turn_marker]
    assert len(markers) == len(parsed.turns)
