"""`interview-data init` on transcripts shaped like real publishers' pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interview_data.reading.drafting import count_placeholders, draft, slugify

from .test_commands import placeholders, run, succeeded

TURNS = ("Question: How do you see the summit?\n"
         "President of\u00a0Russia Vladimir Putin: With hope.\n"
         "Question: Thank you.\n")


def drafted(text: str, interview_id: str | None = None) -> dict:
    return yaml.safe_load(draft(text, interview_id)[1])


def write_source(tmp_path: Path, text: str) -> Path:
    source = tmp_path / "transcript.txt"
    source.write_text(text, encoding="utf-8")
    return source


# --- 1. date lines --------------------------------------------------------------------------------

@pytest.mark.parametrize("date_line, published", [
    ("June 27, 2019, 22:00, The Kremlin, Moscow", "2019-06-27T22:00:00 plus"),
    ("16 June 2021 - 11:23", "2021-06-16T11:23:00 plus"),
    ("2021-06-16T11:23", "2021-06-16T11:23:00 plus"),
    ("2021-06-16", "2021-06-16"),
    ("16 June 2021, Geneva", "2021-06-16"),
])
def test_date_line_with_time_and_place_is_found(date_line, published):
    meta = drafted(f"Interview with the President of Russia\n{date_line}\n{TURNS}")
    assert meta["date_line"] == date_line
    assert meta["interview_id"].startswith(published[:10] + "-interview-with-the")
    if len(published) == len("2021-06-16"):  # no time given: the date alone, which the build accepts
        assert meta["published_at"] == published
    else:
        assert meta["published_at"].startswith(f"<FILL IN: {published}")
    assert meta["layout"]["front_matter"] == ["title", "date_line"]


def test_a_sentence_that_opens_with_a_date_is_not_a_date_line():
    meta = drafted("Interview with the President of Russia\nJune 27, 2019was a long day for everyone\n" + TURNS)
    assert "date_line" not in meta


def test_a_date_inside_the_transcript_is_not_the_date_line():
    meta = drafted("Interview with the President of Russia\nQuestion: When did it start?\nVladimir Putin: Then.\n"
                   "2019-06-27, a Thursday, as I recall.\nQuestion: Thanks.\n", "2020-01-01-putin")
    assert "date_line" not in meta and meta["published_at"].startswith("<FILL IN: ISO 8601")


# --- 2. ids from non-ASCII names ----------------------------------------------------------------------

def test_title_slug_is_transliterated():
    meta = drafted(f"Jörg Schönenborn talks to the President\n2021-06-16\n{TURNS}")
    assert meta["interview_id"] == "2021-06-16-jorg-schonenborn-talks-to-the"


@pytest.mark.parametrize("name, slug", [("Jörg Schönenborn", "jorg-schonenborn"), ("Straße", "strasse"),
                                        ("Æsa Øvre", "aesa-ovre"), ("Łukasz Đukić", "lukasz-dukic"),
                                        ("Þór", "thor")])
def test_slugify_folds_letters_to_ascii(name, slug):
    assert slugify(name) == slug


def test_speaker_ids_are_transliterated():
    meta = drafted("Interview with the German journalist\n2021-06-16\n"
                   "Jörg Schönenborn: A question?\nPresident Putin: An answer.\n")
    assert [s["speaker_id"] for s in meta["speakers"]] == ["jorg-schonenborn", "president-putin"]
    assert meta["speakers"][0]["name"] == "Jörg Schönenborn"


# --- 3. no date line -------------------------------------------------------------------------------

NO_DATE = "Interview with the President of Russia\n" + TURNS


def test_without_date_or_id_init_refuses(tmp_path):
    result = run("init", str(write_source(tmp_path, NO_DATE)), "--raw", str(tmp_path / "raw"))
    assert result.returncode == 1 and "no date line found" in result.stderr and "--id" in result.stderr
    assert not (tmp_path / "raw").exists()


def test_without_date_but_with_id_init_drafts_and_build_names_published_at(tmp_path):
    raw = tmp_path / "raw"
    succeeded(run("init", str(write_source(tmp_path, NO_DATE)), "--raw", str(raw), "--id", "2021-01-02-kremlin"))
    meta_path = raw / "2021-01-02-kremlin" / "interview.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    assert meta["published_at"].startswith("<FILL IN:") and "date_line" not in meta
    line = next(n for n, text in enumerate(meta_path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("published_at:"))
    result = run("build", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{meta_path}:{line}: field 'published_at' is still a placeholder" in result.stderr


# --- 4. labels ---------------------------------------------------------------------------------------

def test_labels_with_no_break_spaces_and_particles_are_written_with_plain_spaces():
    meta = drafted(f"Interview with the President of Russia\n2019-06-27\n{TURNS}")
    labels = [label for s in meta["speakers"] for label in s["labels"]]
    assert "President of Russia Vladimir Putin" in labels
    assert meta["layout"]["turn_marker"] == "label"


def test_a_label_seen_once_is_a_speaker():
    meta = drafted("Interview with the President of Russia\n2019-06-27\n"
                   "Question: First?\nVladimir Putin: Yes.\nQuestion: And?\nDmitry Peskov: Time is up.\n")
    assert {s["speaker_id"] for s in meta["speakers"]} >= {"vladimir-putin", "dmitry-peskov"}


def test_a_one_off_label_before_the_first_turn_is_front_matter():
    meta = drafted("Panel: the budget debate tonight\nANNA LEE: Welcome.\nTOM ROE: Thanks.\nANNA LEE: Bye.\n")
    assert [s["labels"] for s in meta["speakers"]] == [["ANNA LEE"], ["TOM ROE"]]
    assert meta["layout"]["front_matter"] == ["title"]


def test_labelled_draft_builds_once_filled_in(tmp_path):
    raw = tmp_path / "raw"
    text = f"Interview with the President of Russia\n2019-06-27\n{TURNS}"
    succeeded(run("init", str(write_source(tmp_path, text)), "--raw", str(raw)))
    result = run("build", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert "unknown speaker label" not in result.stderr


# --- 5. placeholders counted as build reports them ------------------------------------------------

def test_printed_count_equals_placeholders_in_the_yaml(tmp_path):
    raw = tmp_path / "raw"
    text = f"Interview with the President of Russia\nJune 27, 2019, 22:00, The Kremlin, Moscow\n{TURNS}"
    printed = succeeded(run("init", str(write_source(tmp_path, text)), "--raw", str(raw)))
    meta_path = next(raw.glob("*/interview.yaml"))
    meta_text = meta_path.read_text(encoding="utf-8")
    todo = len(placeholders(yaml.safe_load(meta_text)))
    assert f"({todo} value(s) to fill in)" in printed
    result = run("build", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert sum("is still a placeholder" in line for line in result.stderr.splitlines()) == todo


def test_count_ignores_comments_and_counts_wrapped_values_once():
    assert count_placeholders("# <FILL IN: x>\na: '<FILL IN: a very long\n  value>'\nb: ['<FILL IN: y>', z]\n") == 2


# --- 6. site furniture is not the title ------------------------------------------------------------

@pytest.mark.parametrize("furniture", [["Home"], ["NEWS | EVENTS | PRESIDENT", "Menu"],
                                       ["https://example.org/news/1"], ["Search", "Share"]])
def test_navigation_before_the_title_is_furniture(furniture):
    meta = drafted("\n".join(furniture) + f"\nInterview with the President of Russia\n2019-06-27\n{TURNS}")
    assert meta["title"] == "Interview with the President of Russia"
    assert meta["layout"]["front_matter"] == ["furniture"] * len(furniture) + ["title", "date_line"]
    assert meta["interview_id"] == "2019-06-27-interview-with-the-president-of"


def test_a_short_first_paragraph_is_kept_when_no_longer_one_precedes_the_date():
    meta = drafted(f"Putin interview\n2019-06-27\n{TURNS}")
    assert meta["title"] == "Putin interview"
