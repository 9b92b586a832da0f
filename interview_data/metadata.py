"""interview.yaml: the curated facts about one interview, validated with line numbers."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ErrorReport, MetadataError
from .inputs import MAX_METADATA_BYTES, read_contained, read_regular
from .models import PieceKind, Role

PLACEHOLDER = "<FILL IN:"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
ID_PATTERN = r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FRONT_MATTER_KINDS = tuple(k.value for k in PieceKind if k not in (
    PieceKind.turn_marker, PieceKind.whitespace, PieceKind.residue, PieceKind.separator))


class Meta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class SpeakerMeta(Meta):
    speaker_id: str = Field(pattern=SLUG_PATTERN)
    name: str = Field(min_length=1)
    role: Role
    description: str = ""
    labels: list[str] = Field(default_factory=list)
    """Turn labels that name this speaker ("Q", "Question", "Doe"); by default the speaker's name."""

    @property
    def turn_labels(self) -> list[str]:
        return self.labels or [self.name]


class OutletMeta(Meta):
    name: str
    note: Optional[str] = None
    stated: bool = True


class TranslationMeta(Meta):
    is_translation: bool
    stated: bool
    note: Optional[str] = None


class LicenseMeta(Meta):
    source_text: str
    annotations: str
    code: str


def _check_regex(pattern: Optional[str]) -> Optional[str]:
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
    return pattern


class LayoutMeta(Meta):
    """How this transcript is laid out; one parser reads every declared layout."""

    paragraphs: Literal["line", "blank_line"] = "line"
    """`line`: every non-blank line is a paragraph; `blank_line`: paragraphs are separated by blank lines."""
    front_matter: list[Literal[FRONT_MATTER_KINDS]] = Field(default_factory=list)  # type: ignore[valid-type]
    """Kinds of the leading paragraphs before the transcript, one per paragraph."""
    transcript_starts_with: Optional[str] = None
    """Text the first transcript paragraph starts with; paragraphs before it not listed in
    front_matter are site furniture. An alternative to counting them in front_matter."""
    turn_marker: Literal["dash", "label"]
    """`dash`: turns start with "-", "–" or "—"; `label`: turns start with a speaker label and a colon."""
    first_turn_marked: bool = True
    speaker_order: list[str] = Field(default_factory=list)
    """For dash markers: speakers in turn order, repeating."""
    speaker_overrides: dict[int, str] = Field(default_factory=dict)
    """For dash markers: turn index -> speaker_id where the alternation breaks."""
    ignore_labels: list[str] = Field(default_factory=list)
    """Label-like paragraph openings ("Note:") that are not speakers."""
    separator: Optional[str] = None
    """Regex for whole paragraphs that separate sections (e.g. '^\\* \\* \\*$')."""
    trailing_residue: Optional[str] = None
    """Regex for whole trailing paragraphs of page residue."""

    @field_validator("separator", "trailing_residue")
    @classmethod
    def _compiles(cls, pattern: Optional[str]) -> Optional[str]:
        return _check_regex(pattern)


class InferredFact(Meta):
    """A curated value that the source does not state, with the reasoning behind it."""

    field: str = Field(min_length=1)
    note: str = Field(min_length=1)


class InterviewMeta(Meta):
    interview_id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    title_variants: list[str] = Field(default_factory=list)
    published_at: str
    date_line: Optional[str] = None
    publisher: str
    source_url: str = Field(pattern=r"^https?://")
    language: str = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    original_outlet: Optional[OutletMeta] = None
    translation: Optional[TranslationMeta] = None
    license: LicenseMeta
    speakers: list[SpeakerMeta] = Field(min_length=1)
    layout: LayoutMeta
    inferred: list[InferredFact] = Field(default_factory=list)
    """Curated facts that are our inference rather than stated by the source."""

    @field_validator("published_at")
    @classmethod
    def _iso_with_offset(cls, value: str) -> str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("not an ISO 8601 date-time such as 2021-09-24T12:10:00+04:00") from None
        if parsed.tzinfo is None:
            raise ValueError("needs a UTC offset, e.g. +04:00 or Z")
        return value

    @model_validator(mode="after")
    def _speakers_consistent(self) -> "InterviewMeta":
        ids = [s.speaker_id for s in self.speakers]
        if len(set(ids)) != len(ids):
            raise ValueError(f"speaker_id listed twice in speakers: {ids}")
        named = [*self.layout.speaker_order, *self.layout.speaker_overrides.values()]
        unknown = sorted({s for s in named if s not in ids})
        if unknown:
            raise ValueError(f"layout names speakers not in speakers: {unknown}")
        if self.layout.turn_marker == "dash" and not self.layout.speaker_order:
            raise ValueError("layout.speaker_order is required when turn_marker is dash "
                             "(dash markers do not name the speaker)")
        if self.layout.turn_marker != "label":
            return self
        labels = [label.casefold() for s in self.speakers for label in s.turn_labels]
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        if repeated:
            raise ValueError(f"labels given to more than one speaker: {repeated}")
        return self

    def speaker(self, speaker_id: str) -> SpeakerMeta:
        return next(s for s in self.speakers if s.speaker_id == speaker_id)


def load_metadata(path: Path, root: Path | None = None) -> InterviewMeta:
    """Read and validate interview.yaml (inside ``root`` when given); errors name the file and line."""
    try:
        data = read_contained(path, root, MAX_METADATA_BYTES) if root is not None else read_regular(
            path, MAX_METADATA_BYTES)
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise MetadataError("interview.yaml is missing", path=path,
                            fix="create it (interview-data init SOURCE.txt drafts one)") from None
    except UnicodeDecodeError as exc:
        raise MetadataError(f"not valid UTF-8 at byte {exc.start}", path=path,
                            fix="save the file as UTF-8") from None
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise MetadataError(f"YAML syntax error: {problem}", path=path,
                            line=mark.line + 1 if mark else None,
                            column=mark.column + 1 if mark else None,
                            fix="fix the YAML syntax (quote values that contain ': ' or start with a special character)") from None
    if not isinstance(data, dict):
        raise MetadataError("expected a mapping of fields at the top level", path=path, line=1,
                            fix="see raw/2021-09-24-aliyev-natsionalnaya-oborona/interview.yaml for the shape")
    unfilled = list(_placeholders(path, root))
    if unfilled:
        raise ErrorReport(unfilled)
    try:
        return InterviewMeta.model_validate(data)
    except ValidationError as exc:
        raise ErrorReport([_pydantic_error(path, root, err) for err in exc.errors()]) from None


def _placeholders(path: Path, node: Any, field: str = "") -> Any:
    """Every value `interview-data init` left for a person to fill in."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _placeholders(path, value, f"{field}.{key.value}" if field else key.value)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _placeholders(path, item, f"{field}.{index}")
    elif isinstance(node, yaml.ScalarNode) and PLACEHOLDER in str(node.value):
        yield MetadataError(f"field '{field}' is still a placeholder: {node.value}", path=path,
                            line=node.start_mark.line + 1, fix="replace it with the real value")


def _pydantic_error(path: Path, root: Any, err: dict) -> MetadataError:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("literal[")))
    field = ".".join(str(p) for p in loc) or "(top level)"
    line = _line_of(root, loc)
    if err["type"] == "missing":
        message, fix = f"missing field '{field}'", f"add '{field}:' to the file"
    elif err["type"] == "extra_forbidden":
        message, fix = f"unknown field '{field}'", "remove it or check its spelling"
    else:
        message, fix = f"field '{field}': {err['msg']}", "correct the value"
    return MetadataError(message, path=path, line=line, fix=fix)


def _line_of(node: Any, loc: tuple) -> Optional[int]:
    """The 1-based line of the YAML node at ``loc``, or of its nearest present parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
            if child is None:  # missing key: point at the mapping that lacks it
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            return line
        node, line = child, child.start_mark.line + 1
    return line
