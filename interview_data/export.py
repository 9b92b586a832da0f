"""Export a release to formats conversation researchers already use (ConvoKit's corpus folder).

One conversation per interview (its id is the interview's first turn), one utterance per turn.

Timestamps: ConvoKit orders utterances by an integer ``timestamp``. Ours is the interview's
``published_at`` (ISO 8601 with its UTC offset; a date alone counts as 00:00 UTC) as UTC epoch
seconds, plus the turn's ``index``:
``timestamp = epoch(published_at) + index``. It is deterministic, and within an interview it
follows turn order (one second per turn); it is not the time a turn was spoken.

Speakers: ConvoKit's speakers are global across conversations, so a speaker's meta holds its
``name`` and ``roles``, a mapping ``interview_id -> {"role", "description"}``; each utterance's
meta keeps the turn's own ``role``.

Utterance meta also carries the turn's ``sentences`` (``sentence_id``, ``text``, ``label`` name
or null, in sentence order) and ``claims`` (``claim_id``, ``text``, ``claim_text``,
``claim_type``, ``checkworthy``, in release order).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from .errors import InterviewDataError
from .records.models import publication_instant
from .publish.paths import jsonl_file
from .publish.ownership import check_not_overlapping, check_owned_folder, write_file_atomically

CORPUS_NAME = "interview-data"
CONVOKIT_FILES = ("utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json")


def read_jsonl(release: Path, config: str) -> list[dict]:
    """A table's rows from its JSONL file (JSON Lines proper: only "\\n" ends a line)."""
    path = jsonl_file(release, config)
    if not path.is_file():
        raise InterviewDataError("release file not found", path=path,
                                 fix="pass a folder written by `interview-data build`")
    rows = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise InterviewDataError(f"not valid JSON ({getattr(exc, 'msg', exc)})", path=path, line=number,
                                         fix="restore the release (`interview-data validate` names every damaged file)") from None
    return rows


def epoch_seconds(published_at: str) -> int:
    """UTC epoch seconds of a publication date-time with its UTC offset, or of a date (00:00 UTC)."""
    try:
        return int(publication_instant(published_at).timestamp())
    except ValueError as exc:
        raise InterviewDataError(f"{exc}: not an ISO 8601 date, nor a date-time with its UTC offset",
                                 fix="restore the release (`interview-data validate` names every damaged file)"
                                 ) from None


def turn_timestamp(published_at: str, index: int) -> int:
    """A turn's ConvoKit timestamp: publication time plus the turn's index, so turn order is time order."""
    return epoch_seconds(published_at) + index


def sentence_meta(sentence: dict) -> dict:
    return {"sentence_id": sentence["sentence_id"], "text": sentence["text"], "label": sentence["label"]}


def claim_meta(claim: dict) -> dict:
    return {key: claim[key] for key in ("claim_id", "text", "claim_text", "claim_type", "checkworthy")}


def group_by_turn(rows, meta_of) -> dict[str, list[dict]]:
    """Rows grouped by their turn_id, each turned into utterance meta; order within a turn kept."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["turn_id"]].append(meta_of(row))
    return grouped


def sentences_by_turn(release: Path) -> dict[str, list[dict]]:
    """Each turn's sentences in sentence order."""
    ordered = sorted(read_jsonl(release, "sentences"), key=lambda row: (row["turn_id"], row["index"]))
    return group_by_turn(ordered, sentence_meta)


def claims_by_turn(release: Path) -> dict[str, list[dict]]:
    return group_by_turn(read_jsonl(release, "claims"), claim_meta)


def convokit_speakers(rows: list[dict]) -> dict[str, dict]:
    """One ConvoKit speaker per speaker_id, with its role (and description) in each interview."""
    speakers: dict[str, dict] = {}
    for row in rows:
        speaker = speakers.setdefault(row["speaker_id"], {"meta": {"name": row["name"], "roles": {}}, "vectors": []})
        speaker["meta"]["roles"][row["interview_id"]] = {"role": row["role"], "description": row["description"]}
    return speakers


def convokit_utterance(turn: dict, conversation_id: str, published_at: str,
                       sentences: list[dict], claims: list[dict]) -> dict:
    return {
        "id": turn["turn_id"], "speaker": turn["speaker_id"],
        "conversation_id": conversation_id, "reply_to": turn["reply_to"],
        "timestamp": turn_timestamp(published_at, turn["index"]), "text": turn["text"],
        "meta": {"interview_id": turn["interview_id"], "index": turn["index"], "role": turn["role"],
                 "turn_type": turn["turn_type"], "char_start": turn["char_start"], "char_end": turn["char_end"],
                 "sentences": sentences, "claims": claims},
        "vectors": [],
    }


def convokit_corpus(release: Path) -> dict[str, object]:
    """The five ConvoKit corpus files as Python objects: one conversation per interview, one utterance per turn."""
    interviews = {row["interview_id"]: row for row in read_jsonl(release, "interviews")}
    turns = read_jsonl(release, "turns")
    first_turn = {}
    for turn in turns:
        first_turn.setdefault(turn["interview_id"], turn["turn_id"])
    sentences, claims = sentences_by_turn(release), claims_by_turn(release)
    utterances = [convokit_utterance(turn, first_turn[turn["interview_id"]],
                                     interviews[turn["interview_id"]]["published_at"],
                                     sentences.get(turn["turn_id"], []), claims.get(turn["turn_id"], []))
                  for turn in turns]
    speakers = convokit_speakers(read_jsonl(release, "speakers"))
    conversations = {first_turn[i]: {"meta": {"interview_id": i, "title": row["title"],
                                              "published_at": row["published_at"], "source_url": row["source_url"]},
                                     "vectors": []}
                     for i, row in interviews.items() if i in first_turn}
    corpus = {"name": CORPUS_NAME, "version": next(iter(interviews.values()))["dataset_version"]}
    index = {
        "utterances-index": _types(u["meta"] for u in utterances),
        "speakers-index": _types(s["meta"] for s in speakers.values()),
        "conversations-index": _types(c["meta"] for c in conversations.values()),
        "overall-index": _types([corpus]),
        "version": 1,
        "vectors": [],
    }
    return {"utterances.jsonl": utterances, "speakers.json": speakers, "conversations.json": conversations,
            "corpus.json": corpus, "index.json": index}


def _types(metas) -> dict[str, list[str]]:
    """ConvoKit's index: each meta key with the Python type of its first non-null value (NoneType if always null)."""
    types: dict[str, list[str]] = {}
    for meta in metas:
        for key, value in meta.items():
            if key not in types or (types[key] == [_NONE_TYPE] and value is not None):
                types[key] = [f"<class '{type(value).__name__}'>"]
    return types


_NONE_TYPE = "<class 'NoneType'>"


def is_our_export(path: Path) -> bool:
    """A file of a ConvoKit corpus this command wrote."""
    if path.name not in CONVOKIT_FILES:
        return False
    if path.name != "corpus.json":
        return True
    try:
        return json.loads(path.read_bytes()).get("name") == CORPUS_NAME
    except (ValueError, AttributeError, OSError):
        return False


def write_convokit(release: Path, out: Path) -> Path:
    """Write the corpus into ``out``: a folder that is absent, empty, or a corpus this command wrote."""
    check_not_overlapping(out, [release], what="--out")
    check_owned_folder(out, is_our_export, "a ConvoKit corpus written by interview-data")
    corpus = convokit_corpus(release)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in corpus.items():
        if name.endswith(".jsonl"):
            text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in content)
        else:
            text = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        write_file_atomically(out / name, text.encode("utf-8"))
    return out
