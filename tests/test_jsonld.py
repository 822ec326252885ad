"""`dataset.jsonld`: a schema.org Dataset that a JSON-LD processor reads, offline, as the package says."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace

from pipeline.tables import table_names, table_schema

SDO = Namespace("https://schema.org/")


@pytest.fixture(scope="module")
def graph(published: Path) -> Graph:
    # rdflib is a real JSON-LD 1.1 processor; the context is inline, so nothing is fetched.
    return Graph().parse(published / "dataset.jsonld", format="json-ld")


def test_one_dataset_with_what_search_engines_require(graph: Graph, published: Path) -> None:
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    [dataset] = graph.subjects(RDF.type, SDO.Dataset)
    assert graph.value(dataset, SDO.name) == Literal(descriptor["title"])
    assert graph.value(dataset, SDO.description) == Literal(descriptor["description"])
    assert graph.value(dataset, SDO.license) == Literal("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(dataset, SDO.version) == Literal("0.1.0")
    [creator] = graph.objects(dataset, SDO.creator)
    assert (graph.value(creator, RDF.type), graph.value(creator, SDO.name)) == (SDO.Organization, Literal("The pipeline maintainers"))
    assert {str(keyword) for keyword in graph.objects(dataset, SDO.keywords)} == set(descriptor["keywords"])


def test_every_download_is_a_file_of_the_package_with_its_hash_and_size(graph: Graph, published: Path) -> None:
    [dataset] = graph.subjects(RDF.type, SDO.Dataset)
    downloads = list(graph.objects(dataset, SDO.distribution))
    assert len(downloads) == 2 * len(table_names()) + 1  # CSV and Parquet, and the SQLite file
    for download in downloads:
        assert graph.value(download, RDF.type) == SDO.DataDownload
        data = (published / str(graph.value(download, SDO.contentUrl))).read_bytes()
        assert str(graph.value(download, SDO.sha256)) == hashlib.sha256(data).hexdigest()
        assert str(graph.value(download, SDO.contentSize)) == f"{len(data)} B"


def test_every_field_is_a_measured_variable(graph: Graph) -> None:
    [dataset] = graph.subjects(RDF.type, SDO.Dataset)
    variables = {str(graph.value(variable, SDO.name)): str(graph.value(variable, SDO.description)) for variable in graph.objects(dataset, SDO.variableMeasured)}
    assert variables == {f"{table}.{field['name']}": field["description"] for table in table_names() for field in table_schema(table)["fields"]}


def test_based_on_what_the_project_says_the_pages_are(graph: Graph, published: Path) -> None:
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    [dataset] = graph.subjects(RDF.type, SDO.Dataset)
    sources = {str(graph.value(source, SDO.name)) for source in graph.objects(dataset, SDO.isBasedOn)}
    assert sources == {source["title"] for source in descriptor["sources"]}
