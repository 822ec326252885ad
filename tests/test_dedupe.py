"""The same page twice is one page: copies add sightings (`appearances`), never records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import SEEDS, run_cli

EVENT = SEEDS / "000_0693ac030807d258.txt"
LISTING = SEEDS / "002_e521c643e0ce5933.txt"


def run(folder: Path, *extra: str):
    return run_cli("run", "--input", str(folder), "--output", str(folder.parent / "out"),
                   "--workdir", str(folder.parent / "build"), *extra)


def table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(folder.parent / "out" / "data" / f"{name}.parquet")


@pytest.mark.parametrize(("page", "kind"), [(EVENT, "events"), (LISTING, "documents")])
def test_the_same_page_under_two_names_in_one_chunk_is_one_page_seen_twice(tmp_path, page, kind):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(page, folder / "a.txt")
    shutil.copy(page, folder / "b.txt")
    result = run(folder)
    assert result.exit_code == 0, result.output
    assert "b.txt: every record already read from a.txt; kept once (appearances lists this file too)" in result.output
    records = table(folder, kind)
    assert set(records["source_id"]) == {"a"} and records.iloc[:, 0].is_unique
    mentions = table(folder, "mentions")
    assert not mentions.duplicated(["record_id", "field", "start"]).any()
    appearances = table(folder, "appearances")
    assert len(appearances) == 2 * len(records)
    assert appearances.groupby("record_id")["source_id"].apply(sorted).map(tuple).unique().tolist() == [("a", "b")]
