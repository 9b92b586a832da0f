"""The seed transcript parses into the right turns, speakers and accounted pieces."""

from __future__ import annotations

from interview_data.publish.record_checks import rebuild_source
from interview_data.records.models import PieceKind, Role, TurnType

INTERVIEWER, INTERVIEWEE = "igor-korotchenko", "ilham-aliyev"


def test_one_turn_per_speaker_turn_alternating(seed_tables):
    turns = seed_tables.turns
    assert len(turns) == 41
    assert [t.speaker_id for t in turns] == [INTERVIEWER, INTERVIEWEE] * 20 + [INTERVIEWER]
    assert [t.index for t in turns] == list(range(41))
    assert turns[0].turn_id == "2021-09-24-aliyev-natsionalnaya-oborona/t000"


def test_unmarked_first_question_is_the_interviewers(seed_tables):
    first = seed_tables.turns[0]
    assert first.role is Role.interviewer and first.turn_type is TurnType.question
    assert first.text.startswith("Mr. President, it will soon be the anniversary")
    assert first.reply_to is None


def test_short_interjection_is_an_interviewer_remark(seed_tables):
    remark = next(t for t in seed_tables.turns if t.text == "Military ones.")
    assert remark.speaker_id == INTERVIEWER and remark.turn_type is TurnType.remark
    after = seed_tables.turns[remark.index + 1]
    assert after.text.startswith("Exactly, military ones.") and after.speaker_id == INTERVIEWEE


def test_closing_exchange(seed_tables):
    types = [t.turn_type for t in seed_tables.turns]
    assert types[-3:] == [TurnType.closing] * 3
    assert TurnType.closing not in types[:-3]
    assert seed_tables.turns[-1].text == "Thank you."


def test_answers_span_unmarked_continuation_paragraphs(seed_tables):
    answer = seed_tables.turns[3]
    assert len(answer.paragraphs) == 2
    assert answer.paragraphs[1].text.startswith("As for the name of the operation")
    assert answer.text == "\n\n".join(p.text for p in answer.paragraphs)


def test_markers_front_matter_and_residue_stay_out_of_turns(seed_tables):
    for turn in seed_tables.turns:
        assert not turn.text.startswith("- ")
        assert "gallery-photo" not in turn.text
        assert "24 September 2021, 12:10" not in turn.text
        assert "has given an interview to editor-in-chief" not in turn.text
    kinds = [p.kind for p in seed_tables.interviews[0].accounted if p.kind is not PieceKind.whitespace]
    assert kinds[:6] == [PieceKind.title, PieceKind.date_line, PieceKind.title_repeat,
                         PieceKind.title_variant, PieceKind.lede, PieceKind.lede]
    assert kinds[-1] is PieceKind.residue
    assert kinds.count(PieceKind.turn_marker) == 40


def test_every_span_is_a_verbatim_slice(seed_tables, seed_source):
    for turn in seed_tables.turns:
        for paragraph in turn.paragraphs:
            assert seed_source[paragraph.char_start:paragraph.char_end] == paragraph.text
    for sentence in seed_tables.sentences:
        assert seed_source[sentence.char_start:sentence.char_end] == sentence.text
    for piece in seed_tables.interviews[0].accounted:
        assert seed_source[piece.char_start:piece.char_end] == piece.text


def test_source_is_rebuilt_exactly_from_the_dataset(seed_tables, seed_source):
    assert rebuild_source(seed_tables.interviews[0], seed_tables.turns) == seed_source


def test_qa_pairs_keep_an_interrupted_answer_together(seed_tables):
    pairs = seed_tables.qa_pairs
    assert len(pairs) == 18
    parade = next(p for p in pairs if "Victory parade" in p.question)
    assert [a[-4:] for a in parade.answer_turn_ids] == ["t025", "t027"]
    assert parade.answer.endswith("This, I think, was the culmination of this parade.")
    assert all(p.question_turn_id[-4:] != "t026" for p in pairs)


def test_speakers_carry_their_stated_descriptions(seed_tables):
    speakers = {s.speaker_id: s for s in seed_tables.speakers}
    assert speakers[INTERVIEWEE].description == "President of the Republic of Azerbaijan"
    assert speakers[INTERVIEWER].role is Role.interviewer
    assert speakers[INTERVIEWER].n_turns == 21 and speakers[INTERVIEWEE].n_turns == 20
