"""One interview, raw directory in, validated records of every table out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import anchoring
from .._version import __version__
from .dialogue import TurnShape, qa_groups, reply_targets, turn_types
from .metadata import InterviewMeta, load_metadata
from ..records.passes import PASS_NAMES
from ..records.models import (AccountedPiece, Claim, Interview, Paragraph, Provenance, QAPair, Sentence, Speaker,
                              Split, Turn, serials, validate_rows)
from .layout import parse_transcript
from .segment import sentence_spans
from .source import Source, read_source
from .splits import turn_splits

WORD = re.compile(r"\w+(?:['’.-]\w+)*")
PARAGRAPH_JOIN = "\n\n"
ANNOTATIONS_DIR = "annotations"


@dataclass
class TableRows:
    """Rows of the six tables: of one interview, or of several appended in order."""

    interviews: list[Interview] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    qa_pairs: list[QAPair] = field(default_factory=list)

    def extend(self, other: "TableRows") -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))


@dataclass
class InterviewReading:
    """One interview folder, read once: its records with the gold annotation, and with each
    independent annotation pass kept beside the gold (for the agreement between passes)."""

    records: TableRows
    passes: dict[str, TableRows] = field(default_factory=dict)  # pass name -> records


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def read_interview(directory: Path, with_passes: bool = False, whole_interview: bool = False) -> InterviewReading:
    """Read ``raw/<id>/`` once. Every file read must lie inside the input folder that holds
    ``directory`` (see ``inputs``); ``with_passes`` also resolves every independent annotation pass
    present in ``annotations/passes/`` (see records.passes.PASS_NAMES); ``whole_interview`` puts every row of the
    interview in one split (see ``splits``)."""
    transcript, root = _read_transcript(directory, whole_interview)
    passes = pass_dirs(directory) if with_passes else {}
    return InterviewReading(
        records=transcript.labelled(directory / ANNOTATIONS_DIR, root, gold=True),
        passes={name: transcript.labelled(folder, root) for name, folder in passes.items()},
    )


def pass_dirs(directory: Path) -> dict[str, Path]:
    """The folders of the independent annotation passes present, by pass name."""
    folders = {name: directory / ANNOTATIONS_DIR / "passes" / name for name in PASS_NAMES}
    return {name: folder for name, folder in folders.items() if folder.is_dir()}


def read_records(directory: Path, annotations: Path | None = None) -> TableRows:
    """All tables of one interview; ``annotations`` defaults to its gold folder."""
    if annotations is None:
        return read_interview(directory).records
    transcript, root = _read_transcript(directory)
    return transcript.labelled(annotations, root, gold=annotations == directory / ANNOTATIONS_DIR)


def _read_transcript(directory: Path, whole_interview: bool = False) -> tuple["Unlabelled", Path]:
    """The interview's metadata and source, read from inside the input folder, parsed and segmented."""
    root = directory.parent
    meta = load_metadata(directory / "interview.yaml", root)
    return unlabelled(meta, read_source(directory / "source.txt", root), whole_interview), root


@dataclass
class Unlabelled:
    """An interview parsed and segmented, its annotations not yet applied."""

    meta: InterviewMeta
    source: Source
    turns: list[Turn]
    sentence_rows: list[dict]
    pieces: list[AccountedPiece]

    def labelled(self, annotations: Path, root: Path, gold: bool = False) -> TableRows:
        """The records with the annotations in ``annotations`` (none when the folder is absent); the
        ``gold`` annotation must also keep the guidelines' mechanical rules."""
        meta, text = self.meta, self.source.text
        rows = [dict(row) for row in self.sentence_rows]
        names = [name for s in meta.speakers for name in (s.name, *s.labels)] if gold else None
        labels, claim_rows = anchoring.apply(annotations, meta.interview_id, text, rows, root, names)
        for row, label in zip(rows, labels):
            row["label"] = label
        placed = {t.turn_id: {"split": t.split, "fold": t.fold} for t in self.turns}
        for row in claim_rows:
            row.update(placed[row["turn_id"]])
        sentences, claims = validate_rows(Sentence, rows), validate_rows(Claim, claim_rows)
        splits = sorted({t.split for t in self.turns}, key=list(Split).index)  # where the interview has turns
        return TableRows(
            interviews=[_interview(meta, self.source, self.turns, sentences, claims, self.pieces, split)
                        for split in splits],
            speakers=[speaker for split in splits for speaker in _speakers(meta, self.turns, split)],
            turns=self.turns,
            sentences=sentences,
            claims=claims,
            qa_pairs=_qa_pairs(meta.interview_id, self.turns),
        )


def unlabelled(meta: InterviewMeta, source: Source, whole_interview: bool = False) -> Unlabelled:
    parsed = parse_transcript(source.text, meta, str(source.path))
    turns = _turns(meta, parsed.turns, whole_interview)
    pieces = [AccountedPiece(kind=kind, text=source.text[s:e], char_start=s, char_end=e)
              for kind, s, e in parsed.pieces]
    return Unlabelled(meta, source, turns, _sentence_rows(source.text, turns), pieces)


def _turns(meta: InterviewMeta, raw_turns, whole_interview: bool) -> list[Turn]:
    texts = [PARAGRAPH_JOIN.join(p.text for p in t.paragraphs) for t in raw_turns]
    shapes = [TurnShape(meta.speaker(t.speaker_id).role, text, count_words(text))
              for t, text in zip(raw_turns, texts)]
    types = turn_types(shapes)
    replies = reply_targets(len(raw_turns))
    turn_ids = [f"{meta.interview_id}/t{number}" for number in serials(len(raw_turns))]
    placement = turn_splits(meta.interview_id, turn_ids, types, whole_interview)
    turns = []
    for index, (raw, shape) in enumerate(zip(raw_turns, shapes)):
        reply = replies[index]
        turns.append(Turn(
            interview_id=meta.interview_id, turn_id=turn_ids[index], index=index,
            speaker_id=raw.speaker_id, role=shape.role, turn_type=types[index],
            reply_to=None if reply is None else turn_ids[reply],
            text=shape.text,
            paragraphs=[Paragraph(text=p.text, char_start=p.start, char_end=p.end) for p in raw.paragraphs],
            char_start=raw.paragraphs[0].start, char_end=raw.paragraphs[-1].end,
            n_words=shape.n_words, split=placement[index][0], fold=placement[index][1],
        ))
    return turns


def _sentence_rows(text: str, turns: list[Turn]) -> list[dict]:
    """Rows of the sentences table, labels not yet known."""
    rows = []
    for turn in turns:
        spans = [(p.char_start + s, p.char_start + e)
                 for p in turn.paragraphs for s, e in sentence_spans(p.text)]
        for index, ((start, end), number) in enumerate(zip(spans, serials(len(spans)))):
            rows.append({
                "interview_id": turn.interview_id, "sentence_id": f"{turn.turn_id}/s{number}",
                "turn_id": turn.turn_id, "index": index, "speaker_id": turn.speaker_id,
                "text": text[start:end], "char_start": start, "char_end": end,
                "split": turn.split, "fold": turn.fold,
            })
    return rows


def _speakers(meta: InterviewMeta, turns: list[Turn], split: Split) -> list[Speaker]:
    return [Speaker(
        interview_id=meta.interview_id, speaker_id=s.speaker_id, name=s.name, role=s.role,
        description=s.description,
        n_turns=sum(t.speaker_id == s.speaker_id for t in turns),
        n_words=sum(t.n_words for t in turns if t.speaker_id == s.speaker_id), split=split,
    ) for s in meta.speakers]


def _qa_pairs(interview_id: str, turns: list[Turn]) -> list[QAPair]:
    groups = qa_groups([t.role for t in turns], [t.turn_type for t in turns])
    return [QAPair(
        interview_id=interview_id, pair_id=f"{interview_id}/q{number}",
        question_turn_id=turns[question].turn_id,
        answer_turn_ids=[turns[a].turn_id for a in answers],
        question=turns[question].text,
        answer=PARAGRAPH_JOIN.join(turns[a].text for a in answers),
        split=turns[question].split, fold=turns[question].fold,
    ) for number, (question, answers) in zip(serials(len(groups)), groups)]


def _interview(meta: InterviewMeta, source: Source, turns, sentences, claims, pieces, split: Split) -> Interview:
    outlet = meta.original_outlet
    translation = meta.translation
    return Interview(
        interview_id=meta.interview_id, title=meta.title, title_variants=meta.title_variants,
        published_at=meta.published_at,
        published_at_precision=meta.published_at_precision, publisher=meta.publisher, source_url=meta.source_url,
        original_outlet=outlet.name if outlet else None, language=meta.language,
        is_translation=translation.is_translation if translation else None,
        translation_note=_translation_note(translation),
        inferred_facts=[f"{fact.field}: {fact.note}" for fact in meta.inferred],
        care_notice=meta.care_notice, annotation_note=meta.annotation_note,
        license_source_text=meta.license.source_text, license_source_text_id=meta.license.source_text_id,
        license_attribution=meta.license.attribution, license_annotations=meta.license.annotations,
        source_sha256=source.sha256, source_chars=len(source.text), dataset_version=__version__,
        n_turns=len(turns), n_sentences=len(sentences), n_claims=len(claims),
        n_words=sum(t.n_words for t in turns), accounted=pieces, split=split,
        provenance=Provenance(**meta.provenance.model_dump()) if meta.provenance else None,
    )


def _translation_note(translation) -> str | None:
    if translation is None:
        return None
    prefix = "stated by the source" if translation.stated else "curated inference, not stated by the source"
    return f"{prefix}: {translation.note}" if translation.note else prefix
