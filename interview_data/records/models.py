"""The records of the dataset: the one definition of every table's rows.

JSON Schema (``schema/``) and the Hugging Face ``Features`` are generated
from these models; nothing else declares a column.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from functools import lru_cache
from operator import attrgetter
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


TIMEX_VALUE = (  # a TIMEX3-style value: dates, times, durations, sets, the REF values; X for unknown parts
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|[0-9X]{2,4}(?:-(?:[0-9X]{2}|W[0-9X]{2}|Q[1-4X]|SP|SU|FA|WI|H[12])(?:-[0-9X]{2})?)?(?:T[0-9X:]+|T(?:MO|AF|EV|NI))?"
    r"|T[0-9X]{2}(?::[0-9X]{2})?"
    r"|P(?:[0-9.]+|X)(?:Y|M|W|D|DE|CE)|PT(?:[0-9.]+|X)(?:H|M|S))$")


class Record(BaseModel):
    # NaN and infinities: JSON has neither, so a release could not hold them
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True, allow_inf_nan=False)


MIN_SERIAL_DIGITS = 3


def serials(count: int) -> list[str]:
    """The numbers in the ids of ``count`` things of a kind (the ``000`` of ``t000``), each padded to
    the digits the largest needs, three at least, so that the ids sort in index order."""
    width = max(MIN_SERIAL_DIGITS, len(str(count - 1)))
    return [f"{index:0{width}d}" for index in range(count)]


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
    separator = "separator"
    stage_note = "stage_note"
    pull_quote = "pull_quote"
    cross_reference = "cross_reference"
    caption = "caption"


FOLDS = 5  # for grouped cross-validation


class Split(str, Enum):
    """The benchmark split a row belongs to (see ``reading/splits.py`` for the rule)."""

    train = "train"
    validation = "validation"
    test = "test"


class DatePrecision(str, Enum):
    """How much of the publication moment the source gives."""

    date = "date"
    minute = "minute"


def publication_instant(published_at: str) -> datetime:
    """An interview's ``published_at`` as an aware instant; a date alone is taken as 00:00 UTC that day.

    Raises ValueError for anything else, a date-time without its UTC offset included."""
    moment = datetime.fromisoformat(published_at)
    if moment.tzinfo is None and len(published_at) != len("YYYY-MM-DD"):
        raise ValueError(f"published_at {published_at!r} has no UTC offset")
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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
    PRODUCT = "PRODUCT"


class VerificationStatus(str, Enum):
    unverified = "unverified"


# --- spans -------------------------------------------------------------------

class Span(Record):
    """A verbatim slice of the source: ``source[char_start:char_end] == text``."""

    text: str
    """Exact slice of the source: `source[char_start:char_end] == text`."""
    char_start: int = Field(ge=0)
    """Start offset in Unicode code points into `raw/<interview_id>/source.txt` (inclusive)."""
    char_end: int = Field(ge=0)
    """End offset in code points (exclusive)."""


class Paragraph(Span):
    pass


class AccountedPiece(Span):
    kind: PieceKind
    """What the piece is: front matter (title, date line, lede), a turn marker, whitespace or page residue."""


class Quantity(Span):
    value: float
    """The number as stated, in digits ("ten thousand" -> 10000, "$1.3 billion" -> 1300000000)."""
    value_max: Optional[float] = None
    """Upper bound for a range (comparator `range`), else null."""
    unit: str = Field(min_length=1)
    """Standard unit or counted noun in the singular (`person`, `USD`, `%`, `MW`, `village`)."""
    comparator: Comparator
    """From the hedge word: `about` -> approx, `more than` -> gt, `at least` -> gte, ... (MeasEval)."""
    subtype: Optional[QuantitySubtype] = None
    """Quantity subtype when the quantity is the point of the claim."""


class TimeExpression(Span):
    type: TimeType
    """TIMEX3 type: date, time, duration or set."""
    value: str = Field(pattern=TIMEX_VALUE)
    """TIMEX3-style ISO 8601 value, resolved against the interview date; unknown parts as X."""
    mod: Optional[str] = None
    """TIMEX3 modifier (APPROX, START, MID, END, BEFORE, AFTER, ...), else null."""


class Entity(Span):
    type: EntityType
    """PER, ORG, GPE, LOC, EVENT, NORP, LAW or PRODUCT (named weapon systems and vehicles)."""
    canonical: str = Field(min_length=1)
    """Usual English name of the entity (typos in the source resolved here)."""


class Attribution(Record):
    type: AttributionType
    """PARC-style: own voice, reported (direct, indirect), presupposed, or hearsay."""
    source: Optional[str] = None
    """Who the claim is attributed to, when not the speaker's own."""
    cue: Optional[str] = None
    """The reporting word(s), verbatim (\"admitted\", \"according to\")."""


class Provenance(Record):
    original_file: str
    """The publisher's file as named when it was imported."""
    sha256: str
    """SHA-256 of that file's bytes."""
    importer: str
    """The importer that read it (pm-transcripts, kremlin, whitehouse, ...)."""
    importer_version: str
    """The version of interview-data whose importer read it."""


# --- tables --------------------------------------------------------------------

class Interview(Record):
    interview_id: str
    """`YYYY-MM-DD-<slug>`: publication date and a slug."""
    title: str
    """Title as printed on the source page."""
    title_variants: list[str]
    """Other titles the page prints for the same interview."""
    published_at: str
    """Publication date (2019-06-27) or date-time with its UTC offset (2019-06-27T22:00:00+03:00), ISO 8601,
    as precise as the source; see published_at_precision."""
    published_at_precision: DatePrecision
    """`date` when the source gives a day only, `minute` when it gives the time of day too."""
    publisher: str
    """Who published the source text used here."""
    source_url: str
    """Address of the source page."""
    original_outlet: Optional[str] = None
    """The outlet the interview was given to, when it differs from the publisher."""
    language: str
    """Language of the source text (BCP 47)."""
    is_translation: Optional[bool] = None
    """Whether the source text is a translation; see translation_note for whether that is stated or inferred."""
    translation_note: Optional[str] = None
    """Whether the translation status is stated by the source or our inference, and why."""
    inferred_facts: list[str]
    """Curated values that are our inference, not stated by the source: "field: reason"."""
    care_notice: Optional[str] = None
    """What a user should know about the interview's context before using it (whose account it is, who published it, what is contested)."""
    annotation_note: Optional[str] = None
    """How the interview's gold annotation was made and by whom."""
    license_source_text: str
    """Reuse terms of the source text, as its publisher states them (or that it states none)."""
    license_source_text_id: Optional[str] = None
    """SPDX id of the source text's licence, "public-domain-us", or null when the publisher states no licence."""
    license_attribution: Optional[str] = None
    """The attribution line the source text's licence asks for, when it asks for one."""
    license_annotations: str
    """Licence of our annotations and curated metadata (SPDX id)."""
    source_sha256: str
    """SHA-256 of the source file's bytes; the text rebuilt from the dataset hashes to it."""
    source_chars: int
    """Length of the source text in code points."""
    dataset_version: str
    """Version of the dataset release that holds this row."""
    n_turns: int
    """Number of turns."""
    n_sentences: int
    """Number of sentences."""
    n_claims: int
    """Number of annotated claims."""
    n_words: int
    """Words in all turns."""
    accounted: list[AccountedPiece]
    """Source text outside every turn (front matter, markers, whitespace, residue): with the turns' paragraphs it rebuilds the source."""
    split: Split
    """A split that holds turns of this interview: the row is repeated in each (its counts are the whole interview's)."""
    provenance: Optional[Provenance] = None
    """For an imported interview: the publisher's file (name, SHA-256) and the importer; null otherwise."""


class Speaker(Record):
    interview_id: str
    """The interview the row belongs to."""
    speaker_id: str
    """Person slug, the same for the same person across interviews."""
    name: str
    """Name as commonly written in English."""
    role: Role
    """Role in this interview."""
    description: str
    """Who the speaker is, as stated in this interview."""
    n_turns: int
    """Turns by this speaker in this interview."""
    n_words: int
    """Words in this speaker's turns."""
    split: Split
    """A split that holds turns of this interview: the row is repeated in each (its counts are the whole interview's)."""


class Turn(Record):
    interview_id: str
    """The interview the row belongs to."""
    turn_id: str
    """`<interview_id>/t000`, numbered from 0 in transcript order."""
    index: int
    """Position of the turn in the interview, from 0."""
    speaker_id: str
    """Who speaks (key into speakers with interview_id)."""
    role: Role
    """The speaker's role in this interview."""
    turn_type: TurnType
    """question, answer, remark (a short interjection) or closing (the final thanks)."""
    reply_to: Optional[str] = None
    """turn_id of the turn this one responds to; null for the first turn."""
    text: str
    """The turn's paragraphs joined with a blank line (the turn marker is not included)."""
    paragraphs: list[Paragraph]
    """The turn's paragraphs, each an exact slice of the source."""
    char_start: int
    """Start of the first paragraph."""
    char_end: int
    """End of the last paragraph."""
    n_words: int
    """Words in the turn."""
    split: Split
    """Benchmark split: train, validation or test; every row of a question with its answers shares it."""
    fold: int = Field(ge=0, lt=FOLDS)
    """Fold 0-4 for grouped cross-validation, shared by the same rows as the split."""


class Sentence(Record):
    interview_id: str
    """The interview the row belongs to."""
    sentence_id: str
    """`<turn_id>/s000`, numbered from 0 within the turn."""
    turn_id: str
    """The turn the sentence belongs to."""
    index: int
    """Position of the sentence in its turn, from 0."""
    speaker_id: str
    """Speaker of the turn."""
    text: str
    """Exact slice of the source."""
    char_start: int
    """Start offset in the source."""
    char_end: int
    """End offset in the source."""
    label: Optional[SentenceLabel] = None
    """ClaimBuster class: non_factual (NFS), unimportant_factual (UFS), check_worthy_factual (CFS); null when not annotated."""
    split: Split
    """Benchmark split: train, validation or test; every row of a question with its answers shares it."""
    fold: int = Field(ge=0, lt=FOLDS)
    """Fold 0-4 for grouped cross-validation, shared by the same rows as the split."""


class Claim(Record):
    interview_id: str
    """The interview the row belongs to."""
    claim_id: str
    """`<interview_id>/c000`, numbered in source order."""
    turn_id: str
    """Turn holding the claim."""
    sentence_id: str
    """Sentence holding the claim."""
    speaker_id: str
    """Who asserted the claim: always the speaker of the turn."""
    text: str
    """Smallest verbatim span carrying the claim, hedges and negation included."""
    char_start: int
    """Start offset of the span in the source."""
    char_end: int
    """End offset of the span in the source."""
    claim_text: str = Field(min_length=1)
    """Standalone rewrite: pronouns, ellipsis and relative dates resolved; nothing added."""
    claim_type: ClaimType
    """Main type (Full Fact typology extended as in AVeriTeC)."""
    secondary_type: Optional[ClaimType] = None
    """A second type when clearly present, else null."""
    quantity_subtype: Optional[QuantitySubtype] = None
    """For quantity claims: current_value, change, comparison or ranking."""
    checkworthy: bool
    """Whether the public or a fact-checker would want to know if it is true."""
    verifiable: Verifiable
    """public (checkable now), nonpublic (needs non-public records), not_yet (future), no."""
    certainty: Certainty
    """How firmly the speaker commits to it (FactBank)."""
    polarity: Polarity
    """negative when the claim asserts that something is not so."""
    time_orientation: TimeOrientation
    """When the asserted state or event holds."""
    attribution: Attribution
    """Whose statement it is: the speaker's own, or reported from a source (with the cue words)."""
    quantities: list[Quantity]
    """Numbers in the claim, normalised."""
    times: list[TimeExpression]
    """Time expressions in the claim, normalised against the interview date."""
    entities: list[Entity]
    """Named actors, places, events and laws in the claim, with canonical names."""
    cluster_id: Optional[str] = None
    """Shared by claims that repeat the same statement; null when unique."""
    verification_status: VerificationStatus = VerificationStatus.unverified
    """Always `unverified`: the dataset records what was said, not whether it is true."""
    note: Optional[str] = None
    """Annotator note: source quirks, hard decisions."""
    split: Split
    """Benchmark split: train, validation or test; every row of a question with its answers shares it."""
    fold: int = Field(ge=0, lt=FOLDS)
    """Fold 0-4 for grouped cross-validation, shared by the same rows as the split."""


class QAPair(Record):
    interview_id: str
    """The interview the row belongs to."""
    pair_id: str
    """`<interview_id>/q000`, numbered in transcript order."""
    question_turn_id: str
    """The interviewer's question turn."""
    answer_turn_ids: list[str]
    """The interviewee turns answering it, up to the next question (an answer interrupted by a remark keeps both parts)."""
    question: str
    """Text of the question turn."""
    answer: str
    """Texts of the answer turns joined with a blank line."""
    split: Split
    """Benchmark split: train, validation or test; every row of a question with its answers shares it."""
    fold: int = Field(ge=0, lt=FOLDS)
    """Fold 0-4 for grouped cross-validation, shared by the same rows as the split."""


TABLES: dict[str, type[Record]] = {
    "interviews": Interview,
    "speakers": Speaker,
    "turns": Turn,
    "sentences": Sentence,
    "claims": Claim,
    "qa_pairs": QAPair,
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "interviews": ("interview_id", "split"),
    "speakers": ("interview_id", "speaker_id", "split"),
    "turns": ("turn_id",),
    "sentences": ("sentence_id",),
    "claims": ("claim_id",),
    "qa_pairs": ("pair_id",),
}


FOREIGN_KEYS = {
    # table: [(columns, referenced table, referenced columns)]
    # split is part of every reference: a row and what it refers to are always in the same split
    "speakers": [(("interview_id", "split"), "interviews", ("interview_id", "split"))],
    "turns": [(("interview_id", "split"), "interviews", ("interview_id", "split")),
              (("interview_id", "speaker_id", "split"), "speakers", ("interview_id", "speaker_id", "split"))],
    "sentences": [(("turn_id", "split", "fold"), "turns", ("turn_id", "split", "fold")),
                  (("interview_id", "speaker_id", "split"), "speakers", ("interview_id", "speaker_id", "split"))],
    "claims": [(("sentence_id", "split", "fold"), "sentences", ("sentence_id", "split", "fold")),
               (("turn_id", "split", "fold"), "turns", ("turn_id", "split", "fold")),
               (("interview_id", "speaker_id", "split"), "speakers", ("interview_id", "speaker_id", "split"))],
    "qa_pairs": [(("question_turn_id", "split", "fold"), "turns", ("turn_id", "split", "fold"))],
}

ID_PARENTS = {  # table: (id column, column it extends, the letter after "/")
    "turns": ("turn_id", "interview_id", "t"),
    "sentences": ("sentence_id", "turn_id", "s"),
    "claims": ("claim_id", "interview_id", "c"),
    "qa_pairs": ("pair_id", "interview_id", "q"),
}


@lru_cache(maxsize=None)
def list_adapter(model: type[BaseModel]) -> TypeAdapter:
    return TypeAdapter(list[model])


def one_row_each(rows: list, primary_key: tuple[str, ...]) -> list:
    """The first row of each key, in order: the rows of ``interviews`` and ``speakers``, one per split
    that holds the interview's turns, taken once each (they differ only in their split)."""
    get = attrgetter(*primary_key)
    first: dict = {}
    for row in rows:
        first.setdefault(get(row), row)
    return list(first.values())


def validate_rows(model: type[Record], rows: list[dict[str, Any]]) -> list:
    """Records of ``model`` from plain rows, validated in one call (the loop runs in pydantic-core)."""
    return list_adapter(model).validate_python(rows)
