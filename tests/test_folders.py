"""The folders a run writes are its own: the user's pages, notes and working directory are never replaced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEEDS, files_of, run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's project folder: their pages in pages/ and a note of their own beside them."""
    root = tmp_path / "project"
    (root / "pages").mkdir(parents=True)
    for page in SEEDS.glob("*.txt"):
        (root / "pages" / page.name).write_bytes(page.read_bytes())
    (root / "notes.docx").write_bytes(b"the user's own notes")
    return root


def run_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """`pipeline` as a subprocess standing in `folder`, as a user types it."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=folder, env=environment, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "pages", "--output", "pages"], "cannot publish to pages: it is the input folder"),
        (["--input", "pages", "--output", "pages/out"], "cannot publish to pages/out: it is inside the input folder pages"),
        (["--input", "pages/../pages", "--output", "out", "--workdir", "out/work"],
         "cannot publish to out: it holds the working folder out/work"),
        (["--input", "pages", "--output", "out", "--workdir", "pages"], "cannot use pages as the working folder: it is the input folder"),
        (["--input", "pages", "--output", "out", "--workdir", "."],
         "cannot use . as the working folder: it holds the input folder pages"),
        (["--input", "pages", "--output", "out", "--workdir", "pages/.work"],
         "cannot use pages/.work as the working folder: it is inside the input folder pages"),
    ],
)
def test_output_and_workdir_that_overlap_the_input_are_refused_before_any_work(project, args, message):
    before = files_of(project)
    result = run_in(project, "run", *args)
    assert (result.returncode, result.stderr) == (1, f"Error: {message}\n")
    assert result.stdout == ""
    assert files_of(project) == before
    assert sorted(path.name for path in project.iterdir()) == ["notes.docx", "pages"]


def test_a_folder_holding_the_pages_and_other_files_is_refused_naming_one(project):
    result = run_in(project.parent, "run", "--input", "project/pages", "--output", "project")
    assert result.returncode == 1
    assert result.stderr == "Error: cannot publish to project: it holds the input folder project/pages\n"

    elsewhere = project / "pages-copy"
    elsewhere.mkdir()
    result = run_in(project, "run", "--input", str(SEEDS), "--output", str(project))
    assert result.stderr == f"Error: cannot publish to {project}: it holds the folder you are in ({project}), and publishing replaces it whole\n"
    result = run_in(elsewhere, "run", "--input", str(SEEDS), "--output", str(project))
    assert result.stderr == f"Error: cannot publish to {project}: it holds the folder you are in ({elsewhere}), and publishing replaces it whole\n"

    (project / "out").mkdir()
    (project / "out" / "draft.csv").write_text("mine\n", encoding="utf-8")
    result = run_in(project, "run", "--input", "pages", "--output", "out")
    assert result.stderr == "Error: cannot publish to out: it holds files this tool did not write, such as draft.csv\n"
    assert (project / "out" / "draft.csv").read_text(encoding="utf-8") == "mine\n"
    assert (project / "notes.docx").read_bytes() == b"the user's own notes"


def test_the_current_folder_as_output_is_refused_even_when_empty(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_in(empty, "run", "--input", str(SEEDS), "--output", ".")
    assert result.returncode == 1
    assert result.stderr == f"Error: cannot publish to .: it holds the folder you are in ({empty}), and publishing replaces it whole\n"
    assert list(empty.iterdir()) == []


def test_a_package_it_published_is_replaced_and_one_file_added_by_hand_stops_it(project):
    assert run_in(project, "run", "--input", "pages", "--output", "out").returncode == 0
    assert run_in(project, "run", "--input", "pages", "--output", "out", "--archive").returncode == 0
    (project / "out" / "README.md").write_text("edited by hand\n", encoding="utf-8")  # ours, edited: still ours
    result = run_in(project, "run", "--input", "pages", "--output", "out")
    assert result.returncode == 0, result.stderr
    assert "publish: wrote" in result.stdout and not (project / "out.zip").exists()  # the zip it wrote is removed

    (project / "out" / "data" / "extra.csv").write_text("a,b\n", encoding="utf-8")
    (project / "pages" / "new.txt").write_text("Results: 1 - 1 of 1\n\nMay 1957\n\nLetter, A to B\n", encoding="utf-8")
    result = run_in(project, "run", "--input", "pages", "--output", "out")
    assert result.returncode == 1
    assert result.stderr == "Error: cannot publish to out: it holds files this tool did not write, such as data/extra.csv\n"
    assert result.stdout == ""


def test_a_zip_it_did_not_write_is_neither_replaced_nor_removed(project):
    (project / "out.zip").write_bytes(b"the user's own zip")
    result = run_in(project, "run", "--input", "pages", "--output", "out", "--archive")
    assert result.returncode == 1
    assert result.stderr.endswith("Error: cannot write out.zip: it exists and this tool did not write it\n")
    assert run_in(project, "run", "--input", "pages", "--output", "out").returncode == 0
    assert (project / "out.zip").read_bytes() == b"the user's own zip"


def test_a_symbolic_link_cannot_hide_the_input_and_a_linked_output_stays_a_link(project):
    (project / "link-to-pages").symlink_to(project / "pages")
    result = run_in(project, "run", "--input", "pages", "--output", "link-to-pages")
    assert result.stderr == "Error: cannot publish to link-to-pages: it is the input folder\n"

    (project / "published").mkdir()
    (project / "out").symlink_to(project / "published")
    for _ in range(2):
        result = run_in(project, "run", "--input", "pages", "--output", "out")
        assert result.returncode == 0, result.stderr
    assert (project / "out").is_symlink() and (project / "published" / "datapackage.json").is_file()


def test_a_working_folder_holding_other_files_is_refused(project):
    (project / "work").mkdir()
    (project / "work" / "data").mkdir()
    (project / "work" / "data" / "table.csv").write_text("mine\n", encoding="utf-8")
    result = run_in(project, "extract", "--input", "pages", "--workdir", "work")
    assert result.returncode == 1
    assert result.stderr == "Error: cannot use work as the working folder: it holds files this tool did not write, such as data/table.csv\n"
    assert (project / "work" / "data" / "table.csv").read_text(encoding="utf-8") == "mine\n"

    result = run_cli("extract", "--input", str(project / "pages"), "--workdir", str(project / "fresh"))
    assert result.exit_code == 0, result.output
    assert run_cli("extract", "--input", str(project / "pages"), "--workdir", str(project / "fresh")).exit_code == 0


def test_publish_and_validate_alone_leave_folders_they_did_not_make_as_they_were(project):
    work, mine = project / "work", project / "mine"
    assert run_cli("extract", "--input", str(project / "pages"), "--workdir", str(work)).exit_code == 0
    assert run_cli("validate", "--workdir", str(work)).exit_code == 0
    mine.mkdir()
    (mine / "chapter.md").write_text("a draft\n", encoding="utf-8")
    result = run_cli("publish", "--workdir", str(work), "--output", str(mine))
    assert result.exit_code == 1
    assert result.output == f"Error: cannot publish to {mine}: it holds files this tool did not write, such as chapter.md\n"

    # A package another tool made is not a working folder: validate writes no report into it.
    other = project / "other-package"
    other.mkdir()
    (other / "datapackage.json").write_text('{"resources": []}\n', encoding="utf-8")
    result = run_cli("validate", "--workdir", str(other))
    assert result.output == f"Error: {other} holds no extracted package: run `pipeline extract` first\n"
    assert sorted(path.name for path in other.iterdir()) == ["datapackage.json"]
    assert sorted(path.name for path in mine.iterdir()) == ["chapter.md"]
