"""The user's project file: the package says what it states and nothing else; curator files in the project folder win."""

from __future__ import annotations

import json
import shutil
import tomllib
from importlib import resources
from pathlib import Path

import frictionless
import mlcroissant
import pandas as pd
import pytest
from rdflib import RDF, Graph, Namespace

from conftest import run_cli

SDO = Namespace("https://schema.org/")

PROJECT = '''\
name = "partisan-letters"
title = "Letters of the partisan archive"
description = "Letters and events read from the partisan archive's pages."
version = "2.1.0"
homepage = "https://example.org/partisan-letters"
keywords = ["letters", "partisans"]
citation = "Novak, Ana. Letters of the partisan archive (2.1.0) [Data set]."

[[licenses]]
name = "CC0-1.0"

[[creators]]
title = "Ana Novak"
email = "ana.novak@example.org"

[[contributors]]
title = "The Partisan Archive"
roles = ["publisher"]
'''


def run(seeds: Path, *extra: str):
    root = seeds.parent
    return run_cli("run", "--input", str(seeds), "--output", str(root / "out"), "--workdir", str(root / "build"), *extra)


def descriptor_of(seeds: Path) -> dict:
    return json.loads((seeds.parent / "out" / "datapackage.json").read_text(encoding="utf-8"))


def test_without_a_project_file_the_package_claims_no_licence_creator_or_keyword(seeds: Path) -> None:
    result = run(seeds)
    assert result.exit_code == 0, result.output
    out = seeds.parent / "out"
    descriptor = descriptor_of(seeds)
    assert not {"licenses", "contributors", "keywords", "version", "homepage"} & descriptor.keys()
    assert (descriptor["name"], descriptor["title"]) == ("seeds", "Records extracted from seeds")
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "The project states no licence and no creator" in card and "`pipeline init`" in card
    assert "Creative Commons" not in card and "pipeline maintainers" not in card
    assert frictionless.validate(str(out / "datapackage.json")).valid
    graph = Graph().parse(out / "dataset.jsonld", format="json-ld")
    [dataset] = graph.subjects(RDF.type, SDO.Dataset)
    assert graph.value(dataset, SDO.license) is None and graph.value(dataset, SDO.creator) is None
    # Croissant recommends a licence; without one it is a warning, not an error.
    issues = mlcroissant.Dataset(jsonld=out / "croissant.json").metadata.ctx.issues
    assert issues.errors == set()
    assert any('"https://schema.org/license" is recommended' in warning for warning in issues.warnings)


def test_the_project_file_beside_the_input_folder_describes_the_dataset(seeds: Path) -> None:
    (seeds.parent / "pipeline.toml").write_text(PROJECT, encoding="utf-8")
    assert run(seeds).exit_code == 0
    descriptor = descriptor_of(seeds)
    assert descriptor["title"] == "Letters of the partisan archive" and descriptor["version"] == "2.1.0"
    assert descriptor["licenses"] == [{"name": "CC0-1.0", "path": "https://spdx.org/licenses/CC0-1.0.html"}]
    assert descriptor["contributors"] == [
        {"title": "Ana Novak", "email": "ana.novak@example.org", "roles": ["creator"]},
        {"title": "The Partisan Archive", "roles": ["publisher"]},
    ]
    assert descriptor["keywords"] == ["letters", "partisans"]
    card = (seeds.parent / "out" / "README.md").read_text(encoding="utf-8")
    assert "- Licence: [CC0-1.0](https://spdx.org/licenses/CC0-1.0.html) (`CC0-1.0`)" in card
    assert "- Created by: Ana Novak" in card and "Novak, Ana. Letters of the partisan archive (2.1.0) [Data set]." in card
    assert "states no" not in card
    assert frictionless.validate(str(seeds.parent / "out" / "datapackage.json")).valid


def test_editing_the_project_file_changes_the_next_package(seeds: Path) -> None:
    project = seeds.parent / "pipeline.toml"
    project.write_text(PROJECT, encoding="utf-8")
    assert run(seeds).exit_code == 0
    project.write_text(PROJECT.replace("2.1.0", "2.2.0"), encoding="utf-8")
    assert run(seeds).exit_code == 0
    assert descriptor_of(seeds)["version"] == "2.2.0"


def test_project_option_names_a_file_anywhere(seeds: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "settings" / "letters.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(PROJECT, encoding="utf-8")
    assert run(seeds, "--project", str(elsewhere)).exit_code == 0
    assert descriptor_of(seeds)["name"] == "partisan-letters"
    missing = run(seeds, "--project", str(tmp_path / "nowhere.toml"))
    assert (missing.exit_code, missing.output) == (
        1, f"Error: {tmp_path / 'nowhere.toml'}: no such project file (pipeline init --project {tmp_path / 'nowhere.toml'} writes one)\n"
    )


def test_init_writes_a_commented_starter_and_never_overwrites(seeds: Path) -> None:
    target = seeds.parent / "pipeline.toml"
    result = run_cli("init", "--input", str(seeds))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"title": "Records extracted from seeds"}  # everything else is a commented example
    assert "# [[licenses]]" in text and "# [[creators]]" in text and "# [curation]" in text
    assert run(seeds).exit_code == 0  # the starter as written is a valid project
    target.write_text(text + 'version = "1.0.0"\n', encoding="utf-8")
    again = run_cli("init", "--input", str(seeds))
    assert (again.exit_code, again.output) == (1, f"Error: {target} already exists; edit it, or remove it to start again\n")
    assert target.read_text(encoding="utf-8").endswith('version = "1.0.0"\n')


@pytest.mark.parametrize(
    "text, message",
    [
        ('title = "Letters\nversion = "1"\n', ":1: not valid TOML: Illegal character '\\n'"),
        ('title = "Letters"\n\n[[creators]]\ntitle = "Ana"\nemial = "ana@example.org"\n', ":5: unknown key creators[0].emial; a project file knows "),
        ('title = "Letters"\nkeywords = "letters, partisans"\n', ":2: keywords must be a list"),
        ('title = "Letters"\n[[licenses]]\nname = "cc-by-4.0"\n', ':3: licenses[0].name "cc-by-4.0" is not an SPDX licence id; did you mean CC-BY-4.0?'),
        ('[[licenses]]\ntitle = "Ours"\n', ":1: licenses[0] needs a name (an SPDX id such as CC-BY-4.0) or a path (a link to its text)"),
        ('title = "x"\n[curation]\npage_chrome = "chrome.csv"\n', ":3: curation.page_chrome names "),
        ('name = "Partisan Letters"\n', ':1: name "Partisan Letters" may hold only lower-case letters, digits, ".", "_" and "-"'),
    ],
    ids=["toml syntax", "unknown key", "wrong type", "licence id", "licence without name or path", "missing curator file", "name"],
)
def test_a_bad_project_file_is_one_error_line_with_its_line(seeds: Path, text: str, message: str) -> None:
    project = seeds.parent / "pipeline.toml"
    project.write_text(text, encoding="utf-8")
    result = run(seeds)
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith(f"Error: {project}{message}")
    assert not (seeds.parent / "out").exists()


def _chrome_copy(folder: Path, extra_row: str) -> None:
    packaged = resources.files("pipeline.reference").joinpath("page_chrome.csv").read_text(encoding="utf-8")
    (folder / "page_chrome.csv").write_text(packaged + extra_row, encoding="utf-8")


def test_a_page_chrome_csv_in_the_project_folder_replaces_the_packaged_one(seeds: Path) -> None:
    highlight = "Emphasized cooperation and economic ties"
    assert run(seeds).exit_code == 0
    assert highlight in set(pd.read_csv(seeds.parent / "out" / "data" / "event_highlights.csv")["text"])

    _chrome_copy(seeds.parent, f'"emphasized cooperation and economic ties",line,{highlight}\n')
    result = run(seeds)
    assert result.exit_code == 0, result.output
    assert f"project: page_chrome read from {seeds.parent / 'page_chrome.csv'}" in result.output.splitlines()
    assert "reusing" not in result.output  # an edited curator file is a reason to extract again
    highlights = pd.read_csv(seeds.parent / "out" / "data" / "event_highlights.csv")["text"]
    assert highlight not in set(highlights) and len(highlights) == 3


def test_curation_table_names_document_types_relative_to_the_project_file(seeds: Path, tmp_path: Path) -> None:
    vocabulary = resources.files("pipeline.reference").joinpath("document_types.csv").read_text(encoding="utf-8")
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "types.csv").write_text(vocabulary.replace("working notes,", "session notes,"), encoding="utf-8")
    (seeds.parent / "pipeline.toml").write_text('[curation]\ndocument_types = "vocab/types.csv"\n', encoding="utf-8")
    assert run(seeds, "--workers", "2").exit_code == 0  # the path reaches the worker processes
    types = set(pd.read_csv(seeds.parent / "out" / "data" / "documents.csv")["document_type"])
    assert "session notes" in types and "working notes" not in types


def test_a_bad_chrome_row_in_the_project_folder_is_named_with_its_line(seeds: Path) -> None:
    _chrome_copy(seeds.parent, '"(share",within,Share\n')
    lines = resources.files("pipeline.reference").joinpath("page_chrome.csv").read_text(encoding="utf-8").count("\n") + 1
    result = run(seeds)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: {seeds.parent / 'page_chrome.csv'}:{lines}: the pattern is not a regular expression: missing ), unterminated subpattern"
    )


def test_entities_holds_only_what_the_records_name(seeds: Path) -> None:
    assert run(seeds).exit_code == 0
    data = seeds.parent / "out" / "data"
    entities = pd.read_csv(data / "entities.csv", keep_default_na=False).set_index("entity_id")
    named = set(pd.read_csv(data / "mentions.csv")["entity_id"])
    # Every entity is named by a record, or is the body a named one is part of.
    wholes = set(entities.loc[entities["part_of"] != "", "part_of"])
    assert set(entities.index) == named | wholes
    assert (entities.loc[sorted(named), "record_count"] > 0).all()
    assert "adlai-stevenson" not in entities.index  # in the authority file, in no record


def test_no_input_file_is_listed_in_the_package_metadata(seeds: Path) -> None:
    """Per-file facts are rows of the sources table: the metadata files do not grow with the corpus."""
    for copy in range(3):
        shutil.copy(seeds / "002_e521c643e0ce5933.txt", seeds / f"copy-{copy}.txt")
    assert run(seeds).exit_code == 0
    out = seeds.parent / "out"
    sources = pd.read_csv(out / "data" / "sources.csv")
    for name in ("datapackage.json", "dataset.jsonld", "croissant.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert not [path for path in sources["path"] if path in text], name
        assert not [sha256 for sha256 in sources["sha256"] if sha256 in text], name
