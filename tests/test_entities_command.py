"""`pipeline entities`, `--authority`, and the entities and mentions tables of the published package."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import frictionless
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.linking.authority import TYPES
from pipeline.linking.linker import MATCHED_BY, ROLES
from pipeline.tables import table_schema

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
PACKAGED = REPO / "pipeline" / "reference" / "entities.csv"
TAHMAZ = "tahmaz-beqari\tperson\tTahmaz Beqari\t1 record\tfirst in 002_e521c643e0ce5933:9 title: Tahmaz Beqari\n"
# The names the seeds' document page gives that the authority file does not know, in its full text.
UNKNOWN_IN_THE_DOCUMENT_PAGE = (
    "dobrivoje-vidic\tperson\tDobrivoje Vidić\t1 record\tfirst in 003_52580aea51047fe3:42 texts/1: Dobrivoje Vidić\n"
    "federal-executive-council-of-the-fpry\torganization\tFederal Executive Council of the FPRY\t1 record\t"
    "first in 003_52580aea51047fe3:38 texts/1: Federal Executive Council of the FPRY\n"
)


def run_cli(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def authority_copy(tmp_path: Path, edit) -> Path:
    """A curator's copy of the authority file, changed by `edit(rows)`."""
    rows = list(csv.reader(PACKAGED.open(encoding="utf-8")))
    edit(rows)
    path = tmp_path / "my-entities.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)
    return path


def add_tahmaz(rows: list[list[str]]) -> None:
    rows.append(["tahmaz-beqari", "Tahmaz Beqari", "person", "Beqari", "", "", "", "", "Albanian ambassador in Belgrade"])


def add_conference_alias(rows: list[list[str]]) -> None:
    row = next(row for row in rows if row[0] == "non-aligned-movement")
    row[3] += "; Conference of Non-Aligned Countries"


def published(tmp_path: Path, *options: str) -> Path:
    output = tmp_path / "datapackage"
    result = run_cli("run", "--input", str(SEEDS), "--output", str(output), "--workdir", str(tmp_path / "build"), *options)
    assert result.exit_code == 0, result.output
    return output


def table(package: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader((package / "data" / f"{name}.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return published(tmp_path_factory.mktemp("entities"))


def test_unresolved_names_are_listed_for_a_curator():
    result = run_cli("entities", "--input", str(SEEDS), "--unresolved")
    assert result.exit_code == 0
    assert result.stdout == UNKNOWN_IN_THE_DOCUMENT_PAGE + TAHMAZ
    assert result.stderr == f"3 unresolved names mentioned in {SEEDS}\n"


def test_a_name_added_to_the_authority_file_is_no_longer_unresolved(tmp_path):
    authority = authority_copy(tmp_path, add_tahmaz)
    result = run_cli("entities", "--input", str(SEEDS), "--unresolved", "--authority", str(authority))
    assert (result.exit_code, result.stdout) == (0, UNKNOWN_IN_THE_DOCUMENT_PAGE)
    listed = run_cli("entities", "--input", str(SEEDS), env={"PIPELINE_AUTHORITY": str(authority)}).stdout
    assert "tahmaz-beqari\tperson\tTahmaz Beqari\t1 record\t" in listed


def test_an_alias_added_to_the_authority_file_changes_the_package(tmp_path, package):
    before = [row for row in table(package, "mentions") if row["entity_id"] == "non-aligned-movement"]
    after = published(tmp_path, "--authority", str(authority_copy(tmp_path, add_conference_alias)))
    added = [row for row in table(after, "mentions") if row["entity_id"] == "non-aligned-movement"]
    assert before == []
    assert [(row["field"], row["text"], row["role"], row["matched_by"]) for row in added] == [
        ("description", "Conference of Non-Aligned Countries", "mentioned", "alias")
    ]
    entity = next(row for row in table(after, "entities") if row["entity_id"] == "non-aligned-movement")
    assert entity["aliases"] == "NAM; Conference of Non-Aligned Countries"
    assert entity["record_count"] == "1"


def test_a_broken_authority_file_stops_the_run_with_its_line(tmp_path):
    authority = authority_copy(tmp_path, lambda rows: rows.append(["x", "X", "planet", "", "", "", "", "", ""]))
    result = run_cli("extract", "--input", str(SEEDS), "--workdir", str(tmp_path / "build"), "--authority", str(authority))
    assert result.exit_code == 1
    last_line = len(authority.read_text(encoding="utf-8").splitlines())  # the appended row
    assert result.stderr == f"Error: {authority}:{last_line}: type must be one of person, organization, place\n"


def test_the_package_with_entities_and_mentions_validates(package):
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = [resource["name"] for resource in frictionless.Package(str(package / "datapackage.json")).to_descriptor()["resources"]]
    assert {"records", "entities", "mentions", "entities-parquet", "mentions-parquet"} <= set(names)


def test_published_mentions_point_at_their_text(package):
    texts = {}
    for row in table(package, "documents"):
        texts.update({(row["document_id"], "title"): row["title"], (row["document_id"], "description"): row["description"]})
    for row in table(package, "events"):
        for field in ("title", "summary", "what_happened", "why_it_matters"):
            texts[(row["event_id"], field)] = row[field]
    for row in table(package, "event_highlights"):
        texts[(row["event_id"], f"highlights/{row['position']}")] = row["text"]
    for row in table(package, "document_texts"):
        texts[(row["document_id"], f"texts/{row['position']}")] = row["text"]
    mentions = table(package, "mentions")
    assert {row["field"].split("/")[0] for row in mentions} == {
        "title", "description", "summary", "what_happened", "why_it_matters", "highlights", "texts"
    }
    for row in mentions:
        assert texts[(row["record_id"], row["field"])][int(row["start"]) : int(row["end"])] == row["text"]


def test_published_entities_flag_the_unresolved_and_keep_spellings_seen(package):
    entities = {row["entity_id"]: row for row in table(package, "entities")}
    assert {entity_id for entity_id, row in entities.items() if row["resolved"] == "false"} == {
        "tahmaz-beqari", "dobrivoje-vidic", "federal-executive-council-of-the-fpry"
    }
    assert "Nikita Jruschov" in entities["nikita-khrushchev"]["aliases"].split("; ")
    assert "Josep B. Tito" in entities["josip-broz-tito"]["aliases"].split("; ")
    assert entities["cpsu-cc-presidium"]["part_of"] == "cpsu-cc"
    named_by = {}
    for row in table(package, "mentions"):
        named_by.setdefault(row["entity_id"], set()).add(row["record_id"])
    assert {entity_id: int(row["record_count"]) for entity_id, row in entities.items() if entity_id in named_by} == {
        entity_id: len(records) for entity_id, records in named_by.items()
    }


def test_the_mentions_schema_lists_the_roles_and_ways_of_matching_the_code_uses():
    fields = {field["name"]: field for field in table_schema("mentions")["fields"]}
    assert tuple(fields["role"]["constraints"]["enum"]) == ROLES
    assert tuple(fields["matched_by"]["constraints"]["enum"]) == MATCHED_BY
    entity_types = {field["name"]: field for field in table_schema("entities")["fields"]}["type"]["constraints"]["enum"]
    assert tuple(entity_types) == TYPES


def test_a_wrong_part_of_fails_validation(tmp_path, package):
    broken = Path(shutil.copytree(package, tmp_path / "broken"))
    path = broken / "data" / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(',"cpsu-cc",', ',"no-such-body",', 1), encoding="utf-8")
    descriptor = json.loads((broken / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [resource for resource in descriptor["resources"] if resource["name"] == "entities"]
    for resource in descriptor["resources"]:
        del resource["hash"], resource["bytes"]
    (broken / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    errors = [(error.type, error.cells) for task in frictionless.validate(str(broken / "datapackage.json")).tasks for error in task.errors]
    assert [kind for kind, _ in errors] == ["foreign-key"]
    assert "no-such-body" in errors[0][1]


def test_entities_of_a_corpus_are_the_same_on_two_workers_and_name_the_first_sighting(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("listing-month-and-year-dates.txt", "listing-reduced-precision-and-undated.txt", "event-date-in-summary.txt"):
        shutil.copy(REPO / "tests" / "fixtures" / name, corpus)
    one = run_cli("entities", "--input", str(corpus), "--workers", "1")
    two = run_cli("entities", "--input", str(corpus), "--workers", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    # The diary is listed on both pages: China is first named on the first of them.
    assert "china\tplace\tChina\t1 record\tfirst in listing-month-and-year-dates:5 title: China\n" in one.stdout
