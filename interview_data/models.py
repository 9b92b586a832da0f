"""The records of the dataset: the one definition of every table's rows.

JSON Schema (``schema/``) and the Hugging Face ``Features`` are generated
from these models; nothing else declares a column.
"""

from __future__ import annotations

from enum import Enum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


# --- enumerations (ClassLabel in the HF features) ----------------------------

class Role(str, Enum):
    interviewer = "interviewer"
    interviewee = "interviewee"
    other = "other"


class TurnType(str, Enum):
    question = "question"
    answer = "answer"
    remark = "remark"
    closing = "closing"


class SentenceLabel(str, Enum):
    """ClaimBuster's three sentence classes (NFS, UFS, CFS)."""

    non_factual = "non_factual"
    unimportant_factual = "unimportant_factual"
    check_worthy_factual = "check_worthy_factual"


class PieceKind(str, Enum):
    """Source text that is not part of any turn, kept so the source can be rebuilt."""

    title = "title"
    date_line = "date_line"
    title_repeat = "title_repeat"
    title_variant = "title_variant"
    lede = "lede"
    furniture = "furniture"
    turn_marker = "turn_marker"
    whitespace = "whitespace"
    residue = "residue"


class ClaimType(str, Enum):
    quantity = "quantity"
    event_property = "event_property"
    causal = "causal"
    law_rule = "law_rule"
    prediction = "prediction"
    position_or_quote = "position_or_quote"
    commitment = "commitment"
    personal_experience = "personal_experience"
    other = "other"


class QuantitySubtype(str, Enum):
    current_value = "current_value"
    change = "change"
    comparison = "comparison"
    ranking = "ranking"


class Verifiable(str, Enum):
    public = "public"
    nonpublic = "nonpublic"
    not_yet = "not_yet"
    no = "no"


class Certainty(str, Enum):
    certain = "certain"
    probable = "probable"
    possible = "possible"
    uncommitted = "uncommitted"


class Polarity(str, Enum):
    positive = "positive"
    negative = "negative"


class TimeOrientation(str, Enum):
    past = "past"
    present = "present"
    future = "future"


class AttributionType(str, Enum):
    own = "own"
    reported_direct = "reported_direct"
    reported_indirect = "reported_indirect"
    presupposed = "presupposed"
    hearsay = "hearsay"


class Comparator(str, Enum):
    eq = "eq"
    approx = "approx"
    gt = "gt"
    gte = "gte"
    lt = "lt"
    lte = "lte"
    range = "range"


class TimeType(str, Enum):
    date = "date"
    time = "time"
    duration = "duration"
    set = "set"


class EntityType(str, Enum):
    PER = "PER"
    ORG = "ORG"
    GPE = "GPE"
    LOC = "LOC"
    EVENT = "EVENT"
    NORP = "NORP"
    LAW = "LAW"


class VerificationStatus(str, Enum):
    unverified = "unverified"


# --- spans -------------------------------------------------------------------

class Span(Record):
    """A verbatim slice of the source: ``source[char_start:char_end] == text``."""

    text: str
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)


class Paragraph(Span):
    pass


class AccountedPiece(Span):
    kind: PieceKind


class Quantity(Span):
    value: float
    value_max: Optional[float] = None
    unit: str
    comparator: Comparator
    subtype: Optional[QuantitySubtype] = None


class TimeExpression(Span):
    type: TimeType
    value: str = Field(description="TIMEX3-style ISO 8601 value; unknown parts as X")
    mod: Optional[str] = None


class Entity(Span):
    type: EntityType
    canonical: str


class Attribution(Record):
    type: AttributionType
    source: Optional[str] = Field(None, description="who the claim is attributed to, when not the speaker")
    cue: Optional[str] = Field(None, description="the reporting word(s), verbatim")


# --- tables --------------------------------------------------------------------

class Interview(Record):
    interview_id: str
    title: str
    title_variants: list[str]
    published_at: str = Field(description="ISO 8601 with UTC offset")
    publisher: str
    source_url: str
    original_outlet: Optional[str] = None
    language: str
    is_translation: Optional[bool] = None
    translation_note: Optional[str] = None
    license_source_text: str
    license_annotations: str
    source_sha256: str
    source_chars: int
    dataset_version: str
    n_turns: int
    n_sentences: int
    n_claims: int
    n_words: int
    accounted: list[AccountedPiece] = Field(
        description="source text outside every turn (front matter, markers, whitespace, residue)")


class Speaker(Record):
    interview_id: str
    speaker_id: str
    name: str
    role: Role
    description: str
    n_turns: int
    n_words: int


class Turn(Record):
    interview_id: str
    turn_id: str
    index: int
    speaker_id: str
    role: Role
    turn_type: TurnType
    reply_to: Optional[str] = None
    text: str
    paragraphs: list[Paragraph]
    char_start: int
    char_end: int
    n_words: int


class Sentence(Record):
    interview_id: str
    sentence_id: str
    turn_id: str
    index: int
    speaker_id: str
    text: str
    char_start: int
    char_end: int
    label: Optional[SentenceLabel] = None


class Claim(Record):
    interview_id: str
    claim_id: str
    turn_id: str
    sentence_id: str
    speaker_id: str
    text: str
    char_start: int
    char_end: int
    claim_text: str = Field(description="standalone rewrite: pronouns, ellipsis and relative dates resolved")
    claim_type: ClaimType
    secondary_type: Optional[ClaimType] = None
    quantity_subtype: Optional[QuantitySubtype] = None
    checkworthy: bool
    verifiable: Verifiable
    certainty: Certainty
    polarity: Polarity
    time_orientation: TimeOrientation
    attribution: Attribution
    quantities: list[Quantity]
    times: list[TimeExpression]
    entities: list[Entity]
    cluster_id: Optional[str] = None
    verification_status: VerificationStatus = VerificationStatus.unverified
    note: Optional[str] = None


class QAPair(Record):
    interview_id: str
    pair_id: str
    question_turn_id: str
    answer_turn_ids: list[str]
    question: str
    answer: str


TABLES: dict[str, type[Record]] = {
    "interviews": Interview,
    "speakers": Speaker,
    "turns": Turn,
    "sentences": Sentence,
    "claims": Claim,
    "qa_pairs": QAPair,
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "interviews": ("interview_id",),
    "speakers": ("interview_id", "speaker_id"),
    "turns": ("turn_id",),
    "sentences": ("sentence_id",),
    "claims": ("claim_id",),
    "qa_pairs": ("pair_id",),
}
