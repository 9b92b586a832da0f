"""Export a release to formats conversation researchers already use (ConvoKit's corpus folder)."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InterviewDataError
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


def convokit_corpus(release: Path) -> dict[str, object]:
    """The five ConvoKit corpus files as Python objects: one conversation per interview, one utterance per turn."""
    interviews = {row["interview_id"]: row for row in read_jsonl(release, "interviews")}
    turns = read_jsonl(release, "turns")
    first_turn = {}
    for turn in turns:
        first_turn.setdefault(turn["interview_id"], turn["turn_id"])
    utterances = [{
        "id": turn["turn_id"], "speaker": turn["speaker_id"],
        "conversation_id": first_turn[turn["interview_id"]], "reply_to": turn["reply_to"],
        "timestamp": None, "text": turn["text"],
        "meta": {"interview_id": turn["interview_id"], "index": turn["index"], "role": turn["role"],
                 "turn_type": turn["turn_type"], "char_start": turn["char_start"], "char_end": turn["char_end"]},
        "vectors": [],
    } for turn in turns]
    speakers = {row["speaker_id"]: {"meta": {"name": row["name"]}, "vectors": []}
                for row in read_jsonl(release, "speakers")}
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
    types: dict[str, list[str]] = {}
    for meta in metas:
        for key, value in meta.items():
            types.setdefault(key, [f"<class '{type(value).__name__}'>"])
    return types


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
