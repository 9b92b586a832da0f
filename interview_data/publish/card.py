"""The dataset card: a template shipped in the package, filled with figures computed from the data.

Every number in the card comes from the tables, the agreement between the
annotation passes, or the baseline scores of the same build; everything it
says of an interview (its speakers, context, care notice, annotation) comes
from that interview's metadata, and everything it says of the project (its
licences, authors, citation, address) from ``_project``. The template holds
no sentence about any one interview.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from importlib.resources import files
from typing import Optional

import yaml

from .. import _project
from ..records.fields import features_for
from ..research import trained
from ..research.evaluate import format_table
from ..records.models import TABLES, ClaimType, Role, SentenceLabel, Split
from . import licences
from .citation import bibtex
from .licences import escape_markdown, plural
from ..reading.splits import SPLIT_PERCENT, WHOLE_INTERVIEWS_FROM
from ..records.models import FOLDS
from .paths import GUIDELINES
from .stats import INTERVIEWS_LISTED, CorpusStats, InterviewSummary

TEMPLATE_SLOT = re.compile(r"\{\{(\w+)\}\}")
EXAMPLE_TEXT_LIMIT = 100
PEOPLE_SHOWN = 20


DEFAULT_CONFIG = "sentences"  # the table a viewer opens first, and load_dataset(repo) gives


def yaml_header(stats: CorpusStats, download_sizes: dict[str, int]) -> str:
    languages = sorted({language.split("-")[0] for language in stats.languages})
    header = {
        "pretty_name": _project.TITLE,
        **licences.hub_licence(licences.parts(stats)),
        "language": languages,
        "task_categories": ["text-classification", "token-classification", "question-answering"],
        "task_ids": ["fact-checking", "named-entity-recognition"],
        "size_categories": [_size_category(stats.rows["sentences"])],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual" if len(languages) <= 1 else "multilingual"],
        "source_datasets": ["original"],
        "tags": ["claim-detection", "check-worthiness", "interviews", "political-communication",
                 "dialogue", "croissant"],
        "configs": [{"config_name": c,
                     "data_files": [{"split": s.value, "path": f"data/{c}/{s.value}-*.parquet"} for s in Split],
                     **({"default": True} if c == DEFAULT_CONFIG else {})} for c in TABLES],
        "dataset_info": [{"config_name": c, "features": features_for(c)._to_yaml_list(),
                          "splits": [{"name": s.value, "num_bytes": stats.arrow_bytes[c, s],
                                      "num_examples": stats.split_rows[c, s.value]} for s in Split],
                          "download_size": download_sizes[c],
                          "dataset_size": sum(stats.arrow_bytes[c, s] for s in Split)}
                         for c in TABLES],
    }
    return yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=100)


def _size_category(n: int) -> str:
    for limit, name in [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M")]:
        if n < limit:
            return name
    return "1M<n<10M"


def render_card(stats: CorpusStats, agreement_table: Optional[str], figure_names: list[str],
                download_sizes: dict[str, int], guidelines: bool = False,
                sentence_files: Optional[dict[str, str]] = None) -> str:
    """The card; ``download_sizes`` are the bytes of each table's Parquet files, ``guidelines`` whether
    the release ships the annotation guidelines, ``sentence_files`` the SHA-256 of the release's sentence
    Parquet files by path (to tell whether the committed trained-baseline figures are this release's)."""
    template = (files("interview_data") / "templates" / "dataset_card.md").read_text(encoding="utf-8")
    scores = stats.plugins["baselines"].result()
    data_parts = licences.parts(stats)
    values = {
        "yaml_header": yaml_header(stats, download_sizes),
        "version": _project.VERSION,
        "corpus_summary": _corpus_summary(stats),
        "authors": licences.author_names(),
        "languages": ", ".join(f"`{language}` ({plural(n, 'interview')})"
                               for language, n in sorted(stats.languages.items())),
        "license_summary": _licence_summary(data_parts),
        "interviews": _interviews(stats),
        "repository": _repository(),
        "install": _install(),
        "license_table": licences.table(data_parts),
        "license_caution": licences.caution(data_parts),
        "out_of_scope_notes": ("- Any use that its care notice rules out, for an interview that has one "
                               "(under [Interviews](#interviews)).\n") if stats.notes else "",
        "table_counts": _table(["config", *(s.value for s in Split), "all rows"],
                               [[f"`{c}`", *(stats.split_rows[c, s.value] for s in Split), stats.rows[c]]
                                for c in TABLES]),
        "splits": _splits(stats),
        "fields": "".join(_fields_section(c, stats.examples.get(c)) for c in TABLES),
        "speaker_stats": _speaker_stats(stats),
        "label_distribution": _label_distribution(stats),
        "claim_type_distribution": _claim_types(stats),
        "figures": _figures(stats, figure_names),
        "translations": _translations(stats),
        "annotation_process": _annotation_process(stats, agreement_table, guidelines),
        "annotators": _annotators(stats),
        "limits": _limits(stats),
        "baselines": _baselines(stats, scores),
        "trained_baselines": trained_baselines(trained.read_results(), sentence_files),
        "bibtex": bibtex(),
        "contact": (f"Open an issue in the repository: <{_project.HOMEPAGE}>." if _project.HOMEPAGE
                    else "Open an issue in the project's repository."),
    }
    return TEMPLATE_SLOT.sub(lambda m: values[m.group(1)], template)


def trained_baselines(results: Optional[dict], sentence_files: Optional[dict[str, str]]) -> str:
    """The trained and cross-dataset baselines, copied from the committed results file: the command that
    made them, whether they are this release's, and their tables. Nothing is recomputed here."""
    rerun = (f"`{trained.COMMAND}` in the repository (it needs the package's `{trained.EXTRA}` extra, which pins "
             "scikit-learn, and reads the ClaimBuster and CheckThat! 2019 files from `../shared/benchmarks`, which "
             "neither the repository nor the release holds)")
    if results is None:
        return f"No trained baselines are recorded for this release: {rerun} computes them.\n"
    model = results["model"]
    made = results["release"]["version"]
    parts = [f"Features: {model['features']}. Classifier: {model['classifier']}. Trained and scored with "
             f"scikit-learn {results['software']['scikit-learn']} by {rerun}. The build copies the figures from "
             f"`{trained.RESULTS_PATH}`, which records the SHA-256 of every file they were computed from; it "
             "recomputes nothing."]
    if sentence_files is not None and trained.input_checksums(results) != sentence_files:
        parts.append(f"> **These figures are not this release's**: they are from an earlier build (release "
                     f"{made}), whose sentence files differ from this release's. Rerun the command to update them.")
    elif sentence_files is not None:
        parts[0] += (f" They were computed on the sentences of release {made}, the same files as this release's "
                     f"`data/{trained.INPUT_CONFIG}/`.")
    leak = _random_split_gain(results)
    if leak:
        parts.append(leak)
    return "\n\n".join(parts) + "\n\n" + trained.tables(results)


def _random_split_gain(results: dict) -> str:
    splits = results["cross_validation"]["splits"]
    if len(splits) != 2:
        return ""
    grouped, random = splits[0]["mean"], splits[1]["mean"]
    said = (f"Random sentence folds score a mean macro-F1 of {random:.3f}, the `fold` column's folds (whole "
            f"exchanges or interviews) {grouped:.3f}")
    if random > grouped:
        said += (": sentences of one exchange share names and topics, so a random split shows a model the "
                 "neighbours of its test sentences; report the `fold` column's folds or the `test` split")
    return said + "."


# --- what the release holds --------------------------------------------------------------------

def _corpus_summary(stats: CorpusStats) -> str:
    n = stats.distinct["interviews"]
    publishers = {terms.publisher for terms in stats.source_licences}
    first, last = stats.earliest_published_at[:10], stats.latest_published_at[:10]
    when = f"published on {first}" if first == last else f"published between {first} and {last}"
    roles = Counter(person.role for person in stats.people.values())
    people = ", ".join(plural(roles[role.value], role.value) for role in Role if roles[role.value])
    if n == 1:
        annotated = "it carries gold annotation" if stats.annotated else "it is not annotated"
    elif not stats.annotated:
        annotated = "none of them is annotated"
    else:
        annotated = f"{stats.annotated} of them {'carries' if stats.annotated == 1 else 'carry'} gold annotation"
    listed = ("It is listed" if n == 1 else "They are listed" if len(stats.listed) == n
              else f"{len(stats.listed)} of them are listed")
    return (f"This release holds {plural(n, 'interview')} from {plural(len(publishers), 'publisher')}, {when}, "
            f"with {plural(len(stats.people), 'speaker')} ({people}); {annotated}. "
            f"{listed} under [Interviews](#interviews).")


def _splits(stats: CorpusStats) -> str:
    whole = stats.distinct["interviews"] >= WHOLE_INTERVIEWS_FROM
    unit = ("whole interviews (the corpus holds " f"{stats.distinct['interviews']} interviews, at least "
            f"{WHOLE_INTERVIEWS_FROM})") if whole else (
        "exchanges: a question turn with every turn up to the next question (its answers, remarks and the "
        "closing; turns before the first question join the first exchange), since the corpus holds fewer than "
        f"{WHOLE_INTERVIEWS_FROM} interviews; from {WHOLE_INTERVIEWS_FROM} on, whole interviews")
    shares = ", ".join(f"{percent}% {split.value}" for split, percent in SPLIT_PERCENT)
    labelled = [[s.value, *(stats.split_labels[s.value, label.value] for label in SentenceLabel)] for s in Split]
    return (f"The unit of the split is {unit}. A unit's split ({shares}) and its `fold` (0-{FOLDS - 1}, for "
            "grouped cross-validation) come from the SHA-256 of its key alone (the id of its first turn, or the "
            "interview id), so every sentence, claim and question/answer pair of a unit is in its split, and "
            "adding interviews never moves a row to another split (crossing the whole-interview threshold "
            "changes the unit, in a new minor version). `interviews` and `speakers` rows appear in every split "
            "that holds the interview's turns, with the whole interview's counts. Sentences by label and split:"
            "\n\n" + _table(["split", *(label.value for label in SentenceLabel)], labelled))


def _licence_summary(data_parts: list) -> str:
    ids = {part.licence_id for part in data_parts}
    kind = "one licence" if len(ids) == 1 else "mixed"
    return f"{kind}: " + licences.summary(data_parts) + f"; code {_project.CODE_LICENSE}"


def _interviews(stats: CorpusStats) -> str:
    entries = [_interview(interview) for interview in stats.listed]
    more = stats.distinct["interviews"] - len(stats.listed)
    notes_left = stats.notes - sum(1 for interview in stats.listed if interview.has_notes)
    tail = []
    if more > 0:
        tail.append(f"{plural(more, 'more interview')} {'is' if more == 1 else 'are'} in the `interviews` table "
                    f"(this card lists the first {INTERVIEWS_LISTED} and those with notes).")
    if notes_left > 0:
        tail.append(f"{plural(notes_left, 'more interview')} {'has' if notes_left == 1 else 'have'} a care notice "
                    "or annotation note, in the `interviews` table's `care_notice` and `annotation_note` columns.")
    if tail:
        entries.append(" ".join(tail) + "\n")
    return "\n".join(entries)


def _interview(interview: InterviewSummary) -> str:
    """A list item: title, id, date, publisher and address, then its speakers and notes as paragraphs."""
    lines = [f"- **{escape_markdown(interview.title)}** (`{interview.interview_id}`), published "
             f"{interview.published_at[:10]} by {escape_markdown(interview.publisher)}: <{interview.source_url}>"]
    people = "; ".join(f"{escape_markdown(name)} ({role}" + (f", {escape_markdown(_one_line(description))})"
                                                           if description else ")")
                       for name, role, description in interview.speakers)
    lines.append(f"Speakers: {people}.")
    if interview.original_outlet:
        lines.append(f"Given to: {escape_markdown(interview.original_outlet)}.")
    if interview.translation_note:
        lines.append(f"Translation: {escape_markdown(_one_line(interview.translation_note))}")
    for label, note in (("Care notice", interview.care_notice), ("Annotation", interview.annotation_note)):
        if note:
            lines.append(f"**{label}:** " + "\n\n  ".join(escape_markdown(_one_line(paragraph))
                                                           for paragraph in _paragraphs(note)))
    return "\n\n  ".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a note: its lines (a folded YAML block makes each paragraph one line)."""
    return [paragraph for paragraph in text.strip().splitlines() if paragraph.strip()]


def _repository() -> str:
    if _project.HOMEPAGE:
        return f"<{_project.HOMEPAGE}>"
    return f"the {_project.NAME} project's source repository (it has no public address yet)."


def _install() -> str:
    return (f"this folder is the dataset: read it with `datasets.load_dataset(\"<this folder>\", \"turns\")` or "
            "any Parquet reader (`data/<config>/*.parquet`), no code of ours needed. The Python package, whose "
            f"`interview_data.load(\"turns\")` serves the same tables offline, is on no package index: install it "
            f"from a checkout of the repository with `{_project.INSTALL_FROM_CHECKOUT}`, or make a wheel there with "
            f"`{_project.BUILD_WHEEL}` and install that file anywhere (`python -m pip install "
            f"{_project.wheel_file()}`).")


def _figures(stats: CorpusStats, figure_names: list[str]) -> str:
    if not figure_names or stats.first_interview is None:
        return ""
    shown = ", ".join(f"`figures/{name}`" for name in figure_names)
    return (f"Figures of the first interview (`{stats.first_interview.interview_id}`), as SVG files in the "
            f"release's `figures/` folder: {shown}.\n\n")


def _translations(stats: CorpusStats) -> str:
    said = {True: ("is a translation", "are translations"), False: ("is not a translation", "are not translations"),
            None: ("has no translation status recorded", "have no translation status recorded")}
    counts = [(stats.translations[state], said[state][stats.translations[state] != 1])
              for state in (True, False, None) if stats.translations[state]]
    shown = [f"{plural(n, 'interview') if i == 0 else n} {what}" for i, (n, what) in enumerate(counts)]
    return (f"By `interviews.is_translation`, {', '.join(shown)}; its `translation_note` says whether that is "
            "stated by the source or our inference (shown under each interview above).")


def _annotation_process(stats: CorpusStats, agreement_table: Optional[str], guidelines: bool) -> str:
    parts = [f"Guidelines: `{GUIDELINES}`, shipped with the release (`raw/{GUIDELINES}` in the repository)."
             if guidelines else "The release ships no annotation guidelines."]
    n = stats.distinct["interviews"]
    if not stats.annotated:
        parts.append(f"None of the {plural(n, 'interview')} is annotated yet: sentences have no label "
                     "and there are no claims.")
        return "\n\n".join(parts)
    which = "The interview carries" if n == 1 else (
        f"{stats.annotated} of the {n} interviews {'carries' if stats.annotated == 1 else 'carry'}")
    parts.append(f"{which} gold annotation: every sentence gets a label, then every checkable statement becomes a claim; "
                 "interviewer statements and question presuppositions are annotated too. How an interview's gold was "
                 "made (passes, adjudication, revisions, annotators) is stated under it in "
                 "[Interviews](#interviews) and in `interviews.annotation_note`; adjudication logs are kept beside "
                 "the annotations (`raw/<id>/annotations/` in the repository).")
    if agreement_table:
        parts.append(f"{plural(stats.with_passes, 'interview')} {'keeps' if stats.with_passes == 1 else 'keep'} "
                     "independent annotation passes beside the gold (`raw/<id>/annotations/passes/` in the "
                     "repository, shipped in the release as `annotations/passes.jsonl`: each sentence's label and "
                     "each claim's span, type and check-worthiness); `interview-data agreement` recomputes the "
                     "agreement between them from the release:")
        parts.append(agreement_table.rstrip("\n"))
    else:
        parts.append("No interview keeps independent annotation passes, so there is no agreement to report.")
    return "\n\n".join(parts)


def _baselines(stats: CorpusStats, scores) -> str:
    if not scores:
        return "(no gold labels in the test split of this release)\n"
    test = Split.test.value
    labelled = sum(n for (split, _), n in stats.split_labels.items() if split == test)
    return (f"On the test split: {plural(labelled, 'labelled sentence')} and "
            f"{plural(stats.split_rows['claims', test], 'claim')}.\n\n" + format_table(scores))


def _annotators(stats: CorpusStats) -> str:
    if not stats.annotated:
        return "No interview in this release is annotated."
    return ("As stated for each annotated interview in its annotation note (under [Interviews](#interviews), "
            "and in `interviews.annotation_note`).")


def _limits(stats: CorpusStats) -> str:
    n = stats.distinct["interviews"]
    translated = "Some texts are translations (see above). " if stats.translations[True] else ""
    return (translated + f"This release holds {plural(n, 'interview')} ({stats.annotated} annotated): figures for "
            "labels, types and baselines are for these texts only and have wide uncertainty.")


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _fields_section(config: str, example) -> str:
    model = TABLES[config]
    features = features_for(config)
    field_rows = [[f"`{name}`", _type_name(features[name]), (field.description or "").replace("|", "\\|")]
                  for name, field in model.model_fields.items()]
    shown = json.dumps(_shorten(example.model_dump(mode="json")), ensure_ascii=False, indent=2) if example else "{}"
    return (f"#### `{config}`\n\n" + _table(["field", "type", "description"], field_rows)
            + f"\nExample (long texts and lists shortened):\n\n```json\n{shown}\n```\n\n")


def _type_name(feature) -> str:
    kind = type(feature).__name__
    if kind == "ClassLabel":
        return "ClassLabel: " + ", ".join(feature.names)
    if kind == "Value":
        return feature.dtype
    if kind == "List":
        return f"list of {_type_name(feature.feature)}"
    if isinstance(feature, dict):
        return "{" + ", ".join(feature) + "}"
    return kind


def _shorten(value):
    if isinstance(value, str) and len(value) > EXAMPLE_TEXT_LIMIT:
        return value[:EXAMPLE_TEXT_LIMIT] + "…"
    if isinstance(value, list):
        return [_shorten(v) for v in value[:2]] + (["…"] if len(value) > 2 else [])
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    return value


def _speaker_stats(stats) -> str:
    rows = []
    for speaker_id, person in sorted(stats.people.items(), key=lambda item: (-item[1].words, item[0]))[:PEOPLE_SHOWN]:
        rows.append([person.name, person.role, person.interviews, person.turns, person.sentences, person.words,
                     _stat(statistics.mean, person.turn_words), _stat(statistics.median, person.turn_words),
                     max(person.turn_words, default="–"),
                     # sentences leave only whitespace out of their turns, so a speaker's words are their sentences' words
                     f"{person.words / person.sentences:.1f}" if person.sentences else "–"])
    hidden = len(stats.people) - len(rows)
    note = f"\n({hidden} more speakers in the `speakers` table.)\n" if hidden > 0 else ""
    return _table(["speaker", "role", "interviews", "turns", "sentences", "words", "words/turn (mean)",
                   "words/turn (median)", "longest turn", "words/sentence (mean)"], rows) + note


def _stat(function, values: list[int]) -> str:
    return f"{function(values):.1f}" if values else "–"


def _label_distribution(stats) -> str:
    roles = [r.value for r in Role]
    total = sum(stats.labels.values()) or 1
    rows = []
    for label in [*(l.value for l in SentenceLabel), None]:
        overall = sum(stats.labels[(label, role)] for role in roles)
        if label is None and not overall:
            continue
        rows.append([f"`{label}`" if label else "(unlabelled)", overall, f"{100 * overall / total:.1f}%",
                     *[stats.labels[(label, role)] for role in roles]])
    return _table(["label", "sentences", "share", *roles], rows)


def _claim_types(stats) -> str:
    if not stats.rows["claims"]:
        return "(no claims in this release)\n"
    roles = [r.value for r in Role]
    by_type = Counter()
    for (kind, _), n in stats.claim_types.items():
        by_type[kind] += n
    rows = [[f"`{t.value}`", by_type[t.value], stats.checkworthy_types[t.value],
             *[stats.claim_types[(t.value, role)] for role in roles]] for t in ClaimType if by_type[t.value]]
    rows.append(["all", sum(by_type.values()), sum(stats.checkworthy_types.values()),
                 *[sum(n for (_, r), n in stats.claim_types.items() if r == role) for role in roles]])
    return _table(["claim type", "claims", "check-worthy", *roles], rows)
