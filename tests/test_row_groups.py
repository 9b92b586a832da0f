"""A table over ROW_GROUP_SIZE rows is written in row groups of exactly that size, the last one shorter,
and its Parquet rows are its JSONL rows in the same order."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from interview_data.publish.paths import jsonl_file, parquet_files
from interview_data.publish.shards import ROW_GROUP_SIZE
from interview_data.records.fields import arrow_table
from interview_data.records.models import TABLES

from .test_shards import make_synthetic_raw

INTERVIEWS = 9
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
    total = INTERVIEWS * SENTENCES_PER_INTERVIEW
    assert ROW_GROUP_SIZE == 5_000 and total == 5_985
    (path,) = parquet_files(nine_interviews, "sentences")
    assert row_group_sizes(path) == [ROW_GROUP_SIZE, total - ROW_GROUP_SIZE]


def test_tables_under_one_row_group_are_written_as_one(nine_interviews):
    for config in TABLES:
        if config == "sentences":
            continue
        (path,) = parquet_files(nine_interviews, config)
        sizes = row_group_sizes(path)
        assert len(sizes) == 1 and 0 < sizes[0] < ROW_GROUP_SIZE, (config, sizes)


def test_the_parquet_rows_across_row_groups_are_the_jsonl_rows_in_order(nine_interviews):
    for config in TABLES:
        records = jsonl_records(nine_interviews, config)
        (path,) = parquet_files(nine_interviews, config)
        assert pq.read_table(path).equals(arrow_table(config, records)), config


def test_the_rows_at_the_row_group_seam_are_consecutive_sentences(nine_interviews):
    (path,) = parquet_files(nine_interviews, "sentences")
    parquet = pq.ParquetFile(path)
    last_of_first = parquet.read_row_group(0).column("sentence_id")[-1].as_py()
    first_of_second = parquet.read_row_group(1).column("sentence_id")[0].as_py()
    ids = [record.sentence_id for record in jsonl_records(nine_interviews, "sentences")]
    assert ids[ROW_GROUP_SIZE - 1:ROW_GROUP_SIZE + 1] == [last_of_first, first_of_second]
    assert len(set(ids)) == len(ids) == INTERVIEWS * SENTENCES_PER_INTERVIEW
