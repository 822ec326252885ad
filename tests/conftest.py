"""Shared fixtures: the repository's own seeds, and a pipeline run into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.paths import PUBLISHED_MARK

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_PAGES = sorted(path.name for path in SEEDS.glob("*.txt"))


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def package_files(folder: Path) -> list[str]:
    """The files of a published package, by relative path: all but the mark that says this tool wrote it."""
    return [name for name in files_of(folder) if name != PUBLISHED_MARK]


def run_cli(*args: str) -> "CliRunner.Result":
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the repository's seeds, free to add files to."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package `pipeline run` publishes from the repository's seeds (built once per session)."""
    root = tmp_path_factory.mktemp("published")
    result = run_cli("run", "--input", str(SEEDS), "--output", str(root / "datapackage"), "--workdir", str(root / "build"))
    assert result.exit_code == 0, result.output
    return root / "datapackage"

