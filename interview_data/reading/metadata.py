"""interview.yaml: the curated facts about one interview, validated with line numbers."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .._project import ANNOTATIONS_LICENSE, CODE_LICENSE
from ..errors import ErrorReport, MetadataError
from .inputs import MAX_METADATA_BYTES, decode_utf8, read_input
from ..records.models import PieceKind, Role
from .patterns import PatternError, compile_user_pattern

FILL_IN_MARK = "<FILL IN:"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
MAX_NESTING_DEPTH = 32  # levels of mappings and lists; the seed uses 4
MAX_NUMBER_CHARS = 100  # an unquoted number longer than this is refused
MAX_SHOWN_CHARS = 80  # of a key, tag or value quoted in a message
STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"  # written !! in a file
MERGE_TAG = STANDARD_TAG_PREFIX + "merge"
NUMBER_TAGS = (STANDARD_TAG_PREFIX + "int", STANDARD_TAG_PREFIX + "float")
ID_PATTERN = r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NON_TURN_KINDS = (PieceKind.stage_note.value, PieceKind.pull_quote.value, PieceKind.cross_reference.value,
                  PieceKind.caption.value)
FRONT_MATTER_KINDS = tuple(k.value for k in PieceKind if k.value not in NON_TURN_KINDS and k not in (
    PieceKind.turn_marker, PieceKind.whitespace, PieceKind.residue, PieceKind.separator))
UNLABELLED_STYLES = ("dash", "mixed", "none")  # styles in which some turns carry no speaker name


def label_key(label: str) -> str:
    """A speaker label as compared: NFC, whitespace runs of any kind as one space, case folded."""
    return " ".join(unicodedata.normalize("NFC", label).split()).casefold()


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


PUBLIC_DOMAIN_US = "public-domain-us"
"""``source_text_id`` of a text in the public domain in the United States (a work of the US federal
government, 17 U.S.C. 105), which no SPDX id names."""
SPDX_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.+-]*$"


class LicenseMeta(Meta):
    source_text: str = Field(min_length=1)
    """The publisher's statement of the source text's reuse terms, or that it states none."""
    source_text_id: Optional[str] = None
    """SPDX id of the source text's licence (``CC-BY-4.0``, ``CC-BY-3.0-AU``), ``public-domain-us``,
    or null when the publisher states no licence."""
    attribution: Optional[str] = Field(default=None, min_length=1)
    """The attribution line the licence asks for ("Source: PM Transcripts, Department of ...")."""
    annotations: str = ANNOTATIONS_LICENSE
    """Licence of our annotations and curated metadata: the project's, the same for every interview."""
    code: str = CODE_LICENSE
    """Licence of the code: the project's."""

    @field_validator("source_text_id")
    @classmethod
    def _licence_id(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not re.fullmatch(SPDX_ID_PATTERN, value):
            raise ValueError(f"not an SPDX licence id such as CC-BY-4.0, nor {PUBLIC_DOMAIN_US}; "
                             "leave it out (or null) when the publisher states no licence")
        return value

    @field_validator("annotations", "code")
    @classmethod
    def _project_licence(cls, value: str, info) -> str:
        expected = ANNOTATIONS_LICENSE if info.field_name == "annotations" else CODE_LICENSE
        if value != expected:
            raise ValueError(f"the project licenses its {info.field_name} as {expected} "
                             "(interview_data/_project.py), the same for every interview: "
                             f"write {expected} or leave the field out")
        return value


def _check_regex(pattern: Optional[str]) -> Optional[str]:
    if pattern is not None:
        try:
            compile_user_pattern(pattern)
        except PatternError as exc:
            raise ValueError(f"not a valid RE2 regular expression ({exc}); RE2 syntax is required, "
                             "which has no backreferences (\\1) and no lookaround ((?=, (?!, (?<=, (?<!)"
                             ) from None
    return pattern


class NonTurnMeta(Meta):
    """Body paragraphs that belong to no turn: stage notes, pull quotes, cross-references."""

    kind: Literal[NON_TURN_KINDS]  # type: ignore[valid-type]
    pattern: str
    """RE2 regex searched in each whole body paragraph, e.g. '^\\((?:Laughter|Applause)\\.\\)$'."""

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        return _check_regex(pattern)


class LayoutMeta(Meta):
    """How this transcript is laid out; one parser reads every declared layout."""

    paragraphs: Literal["line", "blank_line"] = "line"
    """`line`: every non-blank line is a paragraph; `blank_line`: paragraphs are separated by blank lines."""
    front_matter: list[Literal[FRONT_MATTER_KINDS]] = Field(default_factory=list)  # type: ignore[valid-type]
    """Kinds of the leading paragraphs before the transcript, one per paragraph."""
    transcript_starts_with: Optional[str] = None
    """Text the first transcript paragraph starts with; paragraphs before it not listed in
    front_matter are site furniture. An alternative to counting them in front_matter."""
    turn_marker: Literal["dash", "label", "mixed", "none"]
    """`dash`: turns start with "-", "–" or "—"; `label`: turns start with a speaker label and a colon;
    `mixed`: either starts a turn; `none`: no markers, every paragraph starts a turn (see continues_turn)."""
    first_turn_marked: bool = True
    speaker_order: list[str] = Field(default_factory=list)
    """For dash and none: speakers in turn order, repeating; for mixed: a dash turn goes to the
    speaker after the previous turn's speaker in this order."""
    speaker_overrides: dict[int, str] = Field(default_factory=dict)
    """For dash, mixed and none: turn index -> speaker_id where the alternation breaks."""
    continues_turn: Optional[str] = None
    """For none: regex for paragraphs that continue the current turn instead of starting one."""
    non_turn: list[NonTurnMeta] = Field(default_factory=list)
    """Body paragraphs that belong to no turn, by kind and pattern (never a separator)."""
    ignore_labels: list[str] = Field(default_factory=list)
    """Label-like paragraph openings ("Note:") that are not speakers; any whitespace, any case."""
    allow_consecutive_turns: bool = False
    """Two turns in a row by one speaker are refused unless the transcript really has them."""
    separator: Optional[str] = None
    """Regex for whole paragraphs that separate sections (e.g. '^\\* \\* \\*$')."""
    trailing_residue: Optional[str] = None
    """Regex for whole trailing paragraphs of page residue."""

    @field_validator("separator", "trailing_residue", "continues_turn")
    @classmethod
    def _compiles(cls, pattern: Optional[str]) -> Optional[str]:
        return _check_regex(pattern)

    @model_validator(mode="after")
    def _style_fields(self) -> "LayoutMeta":
        if self.turn_marker in UNLABELLED_STYLES and not self.speaker_order:
            raise ValueError(f"layout.speaker_order is required when turn_marker is {self.turn_marker} "
                             "(turns without a label do not name the speaker)")
        if self.continues_turn is not None and self.turn_marker != "none":
            raise ValueError("layout.continues_turn applies only when turn_marker is none "
                             "(with markers, an unmarked paragraph already continues the turn)")
        return self


class InferredFact(Meta):
    """A curated value that the source does not state, with the reasoning behind it."""

    field: str = Field(min_length=1)
    note: str = Field(min_length=1)


class ProvenanceMeta(Meta):
    """Where an imported interview came from: written by `interview-data import`."""

    original_file: str = Field(min_length=1)
    """The publisher's file as it was named when imported (a name, not a path)."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of that file's bytes."""
    importer: str = Field(pattern=SLUG_PATTERN)
    """The importer (format) that read it, e.g. pm-transcripts."""
    importer_version: str = Field(min_length=1)
    """The version of interview-data whose importer read it."""


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
    care_notice: Optional[str] = Field(default=None, min_length=1)
    """What a user should know about the interview's context before using it (whose account it is,
    who published it, what is contested); shown in the dataset card under the interview."""
    annotation_note: Optional[str] = Field(default=None, min_length=1)
    """How this interview's gold annotation was made and by whom (passes, adjudication, annotators);
    shown in the dataset card under the interview."""
    provenance: Optional[ProvenanceMeta] = None
    """For an imported interview: the publisher's file and the importer that read it."""

    @field_validator("published_at")
    @classmethod
    def _date_or_minute(cls, value: str) -> str:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError("not a calendar date (YYYY-MM-DD)") from None
            return value
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("not an ISO 8601 date (2021-09-24) or date-time with UTC offset "
                             "(2021-09-24T12:10:00+04:00)") from None
        if parsed.tzinfo is None:
            raise ValueError("a date-time needs a UTC offset, e.g. +04:00 or Z; if the source gives no "
                             "time, write the date alone (2021-09-24)")
        if parsed.second or parsed.microsecond:
            raise ValueError("published_at is kept to the minute; write the seconds as :00")
        return value

    @property
    def published_at_precision(self) -> str:
        """`date` when the source gives a day only, `minute` when it gives the time too."""
        return "date" if len(self.published_at) == len("YYYY-MM-DD") else "minute"

    @model_validator(mode="after")
    def _speakers_consistent(self) -> "InterviewMeta":
        ids = [s.speaker_id for s in self.speakers]
        if len(set(ids)) != len(ids):
            raise ValueError(f"speaker_id listed twice in speakers: {ids}")
        named = [*self.layout.speaker_order, *self.layout.speaker_overrides.values()]
        unknown = sorted({s for s in named if s not in ids})
        if unknown:
            raise ValueError(f"layout names speakers not in speakers: {unknown}")
        if self.layout.turn_marker not in ("label", "mixed"):
            return self
        labels = [label_key(label) for s in self.speakers for label in s.turn_labels]
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        if repeated:
            raise ValueError(f"labels given to more than one speaker: {repeated}")
        return self

    def speaker(self, speaker_id: str) -> SpeakerMeta:
        return next(s for s in self.speakers if s.speaker_id == speaker_id)


def load_metadata(path: Path, root: Path | None = None) -> InterviewMeta:
    """Read and validate interview.yaml (inside ``root`` when given); errors name the file and line.

    Hostile input costs work linear in the file size: anchors and aliases (which
    let a few lines expand to billions of nodes) and nesting deeper than
    MAX_NESTING_DEPTH are refused from the event stream, before a tree is built.
    """
    text = _read_text(path, root)
    _check_events(path, text)
    tree, data = _load_tree(path, text)
    if not isinstance(data, dict):
        raise MetadataError("expected a mapping of fields at the top level", path=path, line=1,
                            fix="see raw/2021-09-24-aliyev-natsionalnaya-oborona/interview.yaml for the shape")
    unfilled = list(_placeholders(path, tree))
    if unfilled:
        raise ErrorReport(unfilled)
    try:
        return InterviewMeta.model_validate(data)
    except ValidationError as exc:
        keys_by_mapping: dict[int, dict] = {}
        raise ErrorReport([_pydantic_error(path, tree, err, keys_by_mapping) for err in exc.errors()]) from None


def _read_text(path: Path, root: Path | None) -> str:
    try:
        data = read_input(path, root, MAX_METADATA_BYTES)
    except FileNotFoundError:
        raise MetadataError("interview.yaml is missing", path=path,
                            fix="create it (interview-data init SOURCE.txt drafts one)") from None
    return decode_utf8(data, path, MetadataError, fix="save the file as UTF-8")


def _check_events(path: Path, text: str) -> None:
    """Refuse anchors, aliases and deep nesting, in one pass over the parser's events."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            line = event.start_mark.line + 1
            if getattr(event, "anchor", None) is not None:  # an AliasEvent's anchor is the name it refers to
                raise MetadataError("YAML anchors and aliases (&name, *name) are not allowed", path=path,
                                    line=line, fix="write the value out in full")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING_DEPTH:
                    raise MetadataError(f"mappings and lists nested more than {MAX_NESTING_DEPTH} levels deep",
                                        path=path, line=line,
                                        fix="flatten the value; interview.yaml needs only a few levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _syntax_error(path, text, exc) from None


def _load_tree(path: Path, text: str) -> tuple[yaml.Node | None, Any]:
    """The composed node tree and the values built from it; the tree is checked before building."""
    loader = SAFE_LOADER(text)
    try:
        try:
            tree = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _syntax_error(path, text, exc) from None
        if tree is None:
            return None, None
        problems = _tree_problems(path, tree, loader)
        if problems:
            raise ErrorReport(problems)
        try:
            return tree, loader.construct_document(tree)
        except yaml.YAMLError as exc:  # e.g. a list used as a key
            raise _yaml_error(path, text, exc, "YAML value cannot be read",
                              "write plain values: text, numbers, lists and mappings") from None
    finally:
        loader.dispose()


def _syntax_error(path: Path, text: str, exc: yaml.YAMLError) -> MetadataError:
    return _yaml_error(path, text, exc, "YAML syntax error",
                       "fix the YAML syntax (quote values that contain ': ' or start with a special character)")


def _yaml_error(path: Path, text: str, exc: yaml.YAMLError, what: str, fix: str) -> MetadataError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = column = None
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(exc, yaml.reader.ReaderError):  # a forbidden character: the error holds only its offset
        problem = f"{exc.reason} (#x{exc.character:04x})" if isinstance(exc.character, int) else exc.reason
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    return MetadataError(f"{what}: {problem}", path=path, line=line, column=column, fix=fix)


def _tree_problems(path: Path, tree: yaml.Node, loader: Any) -> list[MetadataError]:
    """Unsupported tags, unreadable scalars, then repeated keys (keys compared as built values)."""
    nodes = list(_walk(tree))
    problems = [problem for node in nodes
                if (problem := _tag_problem(path, node) or _scalar_problem(path, node, loader))]
    if problems:
        return problems
    return [problem for node in nodes if isinstance(node, yaml.MappingNode)
            for problem in _repeated_keys(path, node, loader)]


def _walk(tree: yaml.Node) -> Iterator[yaml.Node]:
    """Every node in document order, without recursion (the event check ruled out shared nodes)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, yaml.MappingNode):
            pending.extend(item for pair in reversed(node.value) for item in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))


def _tag_problem(path: Path, node: yaml.Node) -> Optional[MetadataError]:
    line = node.start_mark.line + 1
    if node.tag == MERGE_TAG:
        return MetadataError("YAML merge keys (<<) are not allowed", path=path, line=line,
                             fix="write the keys out in full")
    if node.tag not in SAFE_LOADER.yaml_constructors:
        return MetadataError(f"unsupported YAML tag '{_shorten(_shown_tag(node.tag))}'", path=path, line=line,
                             fix="remove the tag; interview.yaml holds plain values")
    return None


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(STANDARD_TAG_PREFIX):] if tag.startswith(STANDARD_TAG_PREFIX) else tag


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "..."


def _scalar_problem(path: Path, node: yaml.Node, loader: Any) -> Optional[MetadataError]:
    """A scalar that cannot become a value; built here once (the loader keeps it for the document)."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    line = node.start_mark.line + 1
    if node.tag in NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        # base-60 numbers (1:30:00) cost time quadratic in their length to build
        return MetadataError(f"a number of {len(node.value)} characters", path=path, line=line,
                             fix="quote the value to keep it as text")
    try:
        loader.construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        reason = getattr(exc, "problem", None) or exc
        return MetadataError(f"cannot read {_shorten(node.value)!r} as {_shown_tag(node.tag)} ({reason})",
                             path=path, line=line, fix="correct the value, or quote it to keep it as text")
    return None


def _repeated_keys(path: Path, mapping: yaml.MappingNode, loader: Any) -> Iterator[MetadataError]:
    first_line_of: dict[Any, int] = {}
    for key, _ in mapping.value:
        if not isinstance(key, yaml.ScalarNode):
            continue  # refused when the document is built: a list or mapping cannot be a key
        value = loader.construct_object(key)  # as the document will hold it: 1 and 01 are one key
        line = key.start_mark.line + 1
        if value in first_line_of:
            yield MetadataError(f"key {_shorten(key.value)!r} appears twice (lines {first_line_of[value]} and "
                                f"{line})", path=path, line=line, fix="keep one of them")
        else:
            first_line_of[value] = line


def _placeholders(path: Path, tree: Any) -> Iterator[MetadataError]:
    """Every value `interview-data init` left for a person to fill in.

    A node's field name is put together only for a placeholder, from links to its parents, so a
    long key above many values is not copied once per value."""
    pending: list[tuple[Any, Any]] = [(tree, None)]  # (node, (parent link, name in parent))
    while pending:
        node, link = pending.pop()
        if isinstance(node, yaml.MappingNode):
            pending.extend((value, (link, key.value)) for key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, (link, index)) for index, item in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.ScalarNode) and FILL_IN_MARK in str(node.value):
            yield MetadataError(f"field '{_field_name(link)}' is still a placeholder: {node.value}", path=path,
                                line=node.start_mark.line + 1, fix="replace it with the real value")


def _field_name(link: Any) -> str:
    names = []
    while link is not None:
        link, name = link
        names.append(_shorten(str(name)))
    return ".".join(reversed(names))


def _pydantic_error(path: Path, root: Any, err: dict, keys_by_mapping: dict[int, dict]) -> MetadataError:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("literal[")))
    field = ".".join(str(p) for p in loc) or "(top level)"
    line = _line_of(root, loc, keys_by_mapping)
    if err["type"] == "missing":
        message, fix = f"missing field '{field}'", f"add '{field}:' to the file"
    elif err["type"] == "extra_forbidden":
        message, fix = f"unknown field '{field}'", "remove it or check its spelling"
    else:
        message, fix = f"field '{field}': {err['msg']}", "correct the value"
    return MetadataError(message, path=path, line=line, fix=fix)


def _line_of(node: Any, loc: tuple, keys_by_mapping: dict[int, dict]) -> Optional[int]:
    """The 1-based line of the YAML node at ``loc``, or of its nearest present parent.

    ``keys_by_mapping`` indexes each mapping once, so thousands of errors in one mapping cost
    linear, not quadratic, time."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = _children_by_key(node, keys_by_mapping).get(part)
            if child is None:  # missing key: point at the mapping that lacks it
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            return line
        node, line = child, child.start_mark.line + 1
    return line


def _children_by_key(mapping: yaml.MappingNode, keys_by_mapping: dict[int, dict]) -> dict:
    children = keys_by_mapping.get(id(mapping))
    if children is None:
        children = keys_by_mapping[id(mapping)] = {
            key.value: value for key, value in mapping.value if isinstance(key, yaml.ScalarNode)}
    return children
