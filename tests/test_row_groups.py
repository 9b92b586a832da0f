"""A table's split over ROW_GROUP_SIZE rows is written in row groups of exactly that size, the last one
shorter, and its Parquet rows are its JSONL rows of that split in the same order."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from interview_data.publish.paths import jsonl_file, split_files
from interview_data.publish.shards import ROW_GROUP_SIZE
from interview_data.records.fields import arrow_table
from interview_data.records.models import TABLES, Split

from .test_shards import make_synthetic_raw

INTERVIEWS = 12  # enough for the train split of sentences to pass one row group
SENTENCES_PER_INTERVIEW = 665


@pytest.fixture(scope="module")
def nine_interviews(tmp_path_factory):
    from interview_data.publish.build import build

    raw = make_synthetic_raw(tmp_path_factory.mktemp("raw"), INTERVIEWS)
    out = tmp_path_factory.mktemp("nine") / "release"
    build(raw, out)
    return out


def row_group_sizes(path) -> list[int]:
    metadata = pq.ParquetFile(path).metadata
    return [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]


def jsonl_records(release, config: str) -> list:
    model = TABLES[config]
    with jsonl_file(release, config).open("rb") as handle:
        return [model.model_validate_json(line) for line in handle]


def test_the_sentences_fill_whole_row_groups_and_a_shorter_last_one(nine_interviews):
    train = [r for r in jsonl_records(nine_interviews, "sentences") if r.split == Split.train]
    assert ROW_GROUP_SIZE == 5_000 and ROW_GROUP_SIZE < len(train) < 2 * ROW_GROUP_SIZE
    (path,) = split_files(nine_interviews, "sentences", Split.train)
    assert row_group_sizes(path) == [ROW_GROUP_SIZE, len(train) - ROW_GROUP_SIZE]


def test_tables_under_one_row_group_are_written_as_one(nine_interviews):
    for config in TABLES:
        for split in Split:
            if (config, split) == ("sentences", Split.train):
                continue
            (path,) = split_files(nine_interviews, config, split)
            sizes = row_group_sizes(path)
            assert len(sizes) == 1 and 0 < sizes[0] < ROW_GROUP_SIZE, (config, split, sizes)


def test_the_parquet_rows_across_row_groups_are_the_jsonl_rows_in_order(nine_interviews):
    for config in TABLES:
        records = jsonl_records(nine_interviews, config)
        for split in Split:
            (path,) = split_files(nine_interviews, config, split)
            expected = arrow_table(config, [r for r in records if r.split == split])
            assert pq.read_table(path).equals(expected), (config, split)


def test_the_rows_at_the_row_group_seam_are_consecutive_sentences(nine_interviews):
    (path,) = split_files(nine_interviews, "sentences", Split.train)
    parquet = pq.ParquetFile(path)
    last_of_first = parquet.read_row_group(0).column("sentence_id")[-1].as_py()
    first_of_second = parquet.read_row_group(1).column("sentence_id")[0].as_py()
    records = jsonl_records(nine_interviews, "sentences")
    ids = [record.sentence_id for record in records if record.split == Split.train]
    assert ids[ROW_GROUP_SIZE - 1:ROW_GROUP_SIZE + 1] == [last_of_first, first_of_second]
    assert len({record.sentence_id for record in records}) == len(records) == INTERVIEWS * SENTENCES_PER_INTERVIEW
