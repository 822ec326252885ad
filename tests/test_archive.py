"""The release archive: `--archive` zips the package beside it, with a SHA256SUMS that checks out."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from conftest import SEEDS, package_files, run_cli


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package published with `pipeline run --archive`; returns the package folder."""
    root = tmp_path_factory.mktemp("released")
    result = run_cli("run", "--input", str(SEEDS), "--output", str(root / "datapackage"), "--workdir", str(root / "build"), "--archive")
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256((root / "datapackage.zip").read_bytes()).hexdigest()
    assert f"publish: release archive {root / 'datapackage.zip'} (sha256 {digest})" in result.output.splitlines()
    return root / "datapackage"


def test_holds_every_file_of_the_package_and_sums_that_match(released: Path) -> None:
    with zipfile.ZipFile(released.with_name("datapackage.zip")) as archive:
        names = archive.namelist()
        sums = archive.read("datapackage/SHA256SUMS").decode()
        contents = {name: archive.read(name) for name in names}
    files = package_files(released)
    assert names == sorted(["datapackage/SHA256SUMS", *[f"datapackage/{name}" for name in files]])
    listed = [line.split("  ", 1) for line in sums.splitlines()]
    assert [name for _, name in listed] == files
    for digest, name in listed:
        assert digest == hashlib.sha256(contents[f"datapackage/{name}"]).hexdigest()
        assert contents[f"datapackage/{name}"] == (released / name).read_bytes()


def test_entries_carry_no_time_or_owner_of_this_machine(released: Path) -> None:
    with zipfile.ZipFile(released.with_name("datapackage.zip")) as archive:
        entries = archive.infolist()
    assert {(entry.date_time, entry.external_attr >> 16, entry.compress_type) for entry in entries} == {
        ((1980, 1, 1, 0, 0, 0), 0o100644, zipfile.ZIP_DEFLATED)
    }


def test_publish_archive_alone(released: Path) -> None:
    workdir = released.with_name("build")
    result = run_cli("publish", "--workdir", str(workdir), "--output", str(released), "--archive")
    assert result.exit_code == 0, result.output
    assert released.with_name("datapackage.zip").is_file()


def test_publishing_without_archive_removes_the_stale_one(tmp_path: Path) -> None:
    output, zipped = tmp_path / "datapackage", tmp_path / "datapackage.zip"
    args = ["run", "--input", str(SEEDS), "--output", str(output), "--workdir", str(tmp_path / "build")]
    assert run_cli(*args, "--archive").exit_code == 0
    assert zipped.is_file()
    assert run_cli(*args).exit_code == 0
    assert not zipped.exists()


def test_a_zip_left_by_a_killed_run_is_cleared(tmp_path: Path) -> None:
    debris = tmp_path / "datapackage.staging-99999.zip"
    debris.write_bytes(b"half a zip")
    result = run_cli("run", "--input", str(SEEDS), "--output", str(tmp_path / "datapackage"), "--workdir", str(tmp_path / "build"))
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["build", "datapackage"]
