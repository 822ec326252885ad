"""`pipeline serve`: the package as a Datasette site, its reconciliation API, and a real browser through it."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import run_cli
from pipeline.paths import SQLITE
from pipeline.serve import site_metadata
from pipeline.tables import table_schema

CHROMIUM = Path("/usr/bin/chromium")
_IN_CI = os.environ.get("CI") == "true"


def _needed(found: bool, what: str) -> None:
    """Skip where `what` cannot be had on a developer's machine; in CI it must be there, so fail."""
    if not found:
        if _IN_CI:
            pytest.fail(f"{what} is missing in CI: .ci/run installs it")
        pytest.skip(f"{what} is not installed here")


def _has_module(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serving(command: list[str], port: int) -> subprocess.Popen:
    """A server started as `command`, once it answers on `port` of 127.0.0.1."""
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2).close()
            return server
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"{' '.join(command)} did not start: {server.stdout.read()}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def site(published: Path):
    """`pipeline serve` started as a user starts it, on a free loopback port; its base address."""
    _needed(_has_module("datasette"), "Datasette (pip install '.[site]')")
    port = _free_port()
    server = _serving([sys.executable, "-m", "pipeline", "serve", "--package", str(published), "--port", str(port)], port)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def test_metadata_comes_from_the_descriptor_and_schemas(published):
    metadata = site_metadata(published)
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert metadata["title"] == descriptor["title"] and metadata["description"] == descriptor["description"]
    assert metadata["license"] == descriptor["licenses"][0]["title"]
    for start in ("/dataset/search", "/dataset/documents", "/dataset/events", "/dataset/entities", "/dataset/entities/-/reconcile"):
        assert start in metadata["description_html"]
    assert "/dataset/mentions" not in metadata["description_html"]  # rows of ids: not where a reader starts
    tables = metadata["databases"]["dataset"]["tables"]
    for table in ("documents", "entities", "mentions"):
        assert tables[table]["columns"] == {field["name"]: field["description"] for field in table_schema(table)["fields"]}
    assert (tables["documents"]["label_column"], tables["entities"]["label_column"]) == ("title", "name")
    assert "document_type" in tables["documents"]["facets"] and "type" in tables["entities"]["facets"]
    assert "role" in tables["mentions"]["facets"] and "year" in tables["record_entities"]["facets"]
    assert set(metadata["databases"]["dataset"]["queries"]) == {
        "records_naming_an_entity", "who_appears_with_whom", "records_per_year", "search",
    }


def test_serve_refuses_a_folder_without_a_package_or_without_the_sqlite_file(published, tmp_path):
    result = run_cli("serve", "--package", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nowhere'} is not a data package: it has no datapackage.json (publish one with `pipeline run`)\n"
    old = Path(shutil.copytree(published, tmp_path / "old"))
    (old / SQLITE).unlink()
    result = run_cli("serve", "--package", str(old))
    assert result.exit_code == 1
    assert result.output == f"Error: {old / SQLITE} not found: publish the package again with this version (pipeline publish) to make it\n"


def test_serve_without_the_site_extra_says_how_to_install_it(published):
    # Datasette made unimportable in a real interpreter, as where the extra was never installed.
    code = "import sys; sys.modules['datasette'] = None; from pipeline.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "serve", "--package", str(published)], capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: pipeline serve needs Datasette, which is not installed: pip install '.[site]'"


def test_site_files_serve_the_same_site_with_plain_datasette(published, tmp_path):
    result = run_cli("serve", "--package", str(published), "--site-files", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "site" / "metadata.json").read_text()) == site_metadata(published)
    assert sorted(path.name for path in (tmp_path / "site" / "templates").iterdir()) == ["row.html", "table.html"]
    assert (tmp_path / "site" / "plugins" / "pipeline_site.py").is_file()
    command = result.output.splitlines()[1].split()
    assert command[:4] == ["datasette", "serve", "--immutable", str(published / SQLITE)]
    _needed(_has_module("datasette"), "Datasette (pip install '.[site]')")
    port = _free_port()
    server = _serving([sys.executable, "-m", *command, "--port", str(port)], port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/dataset/entities/josip-broz-tito", timeout=30) as response:
            page = response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Records that name it" in page and "Normalization of USSR-Yugoslavia Relations" in page


def test_reconciliation_answers_an_openrefine_batch_with_ids_and_scores(site):
    manifest = _get_json(site + "/dataset/entities/-/reconcile")
    assert {kind["id"] for kind in manifest["defaultTypes"]} == {"person", "organization", "place"}
    queries = {
        "q0": {"query": "Josip Broz Tito", "type": "person"},
        "q1": {"query": "Belgrade", "type": "place"},
        "q2": {"query": "Khrushchev", "type": "person"},
        "q3": {"query": "Belgrade", "type": "person"},  # the right name, the wrong type: no match
    }
    body = urllib.parse.urlencode({"queries": json.dumps(queries)}).encode()
    with urllib.request.urlopen(site + "/dataset/entities/-/reconcile", data=body, timeout=30) as response:
        answers = json.load(response)
    assert answers["q0"]["result"][0] | {"description": None} == {
        "id": "josip-broz-tito", "name": "Josip Broz Tito", "type": [{"id": "person", "name": "person"}],
        "score": 100, "match": True, "description": None,
    }
    assert [(hit["id"], hit["score"], hit["match"]) for hit in answers["q1"]["result"]] == [("belgrade", 100, True)]
    # An alias finds the entity; its score says how far the canonical name is from what was asked.
    khrushchev = answers["q2"]["result"][0]
    assert (khrushchev["id"], khrushchev["name"], khrushchev["match"]) == ("nikita-khrushchev", "Nikita Khrushchev", False)
    assert 0 < khrushchev["score"] < 100
    assert answers["q3"]["result"] == []


def test_full_text_search_and_canned_queries_answer_as_json(site):
    found = _get_json(site + "/dataset/documents.json?_search=rapprochement&_shape=objects")["rows"]
    assert found and all("rapprochement" in (row["description"] or "").lower() + row["title"].lower() for row in found)
    search = _get_json(site + "/dataset/search.json?words=Belgrade&_shape=objects")["rows"]
    assert {row["found_in"] for row in search} >= {"documents", "events"}
    assert all("[Belgrade]" in row["snippet"] for row in search)
    together = _get_json(site + "/dataset/who_appears_with_whom.json?name=Josip+Broz+Tito&_shape=objects")["rows"]
    assert together[0]["appears_with"] == "Nikita Khrushchev"


def test_a_reader_searches_a_person_opens_a_document_and_follows_a_mention_to_the_entity(site, tmp_path):
    _needed(_has_module("playwright"), "Playwright (pip install '.[test,site]')")
    _needed(CHROMIUM.is_file(), f"Debian's Chromium ({CHROMIUM}: apt-get install -y chromium)")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(site + "/")
        expect(page.locator("h1")).to_contain_text("Cold War archive records")
        expect(page.locator("body")).to_contain_text("Start here")
        expect(page.locator("body")).to_contain_text("Creative Commons Attribution 4.0")
        page.screenshot(path=tmp_path / "1-front.png", full_page=True)

        page.get_by_role("link", name="documents", exact=True).first.click()
        expect(page.locator("details.columns-explained summary")).to_have_text("What each column means")
        expect(page.locator("details.columns-explained dd").first).not_to_be_visible()  # folded until asked
        page.locator("input[name=_search]").fill("Djilas")
        page.locator("input[name=_search]").press("Enter")
        expect(page.locator("h3").first).to_contain_text(re.compile(r"1 row\s+where search matches"))
        page.screenshot(path=tmp_path / "2-search.png", full_page=True)

        page.locator("td.col-document_id a").first.click()
        expect(page.locator("p.headline")).to_contain_text("Letter from Nikita S. Khrushchev")
        named = page.locator("table.named-entities")
        expect(named).to_contain_text("Milovan Djilas")
        expect(named).to_contain_text("Josep B. Tito")  # as the text writes it
        page.screenshot(path=tmp_path / "3-document.png", full_page=True)

        named.get_by_role("link", name="Josip Broz Tito").click()
        expect(page.locator("p.headline")).to_contain_text("Josip Broz Tito, a person")
        records = page.locator("table.records-named-in tbody tr")
        expect(records).to_have_count(len({*_record_ids_naming(site, "josip-broz-tito")}))
        expect(page.locator("table.records-named-in")).to_contain_text("Normalization of USSR-Yugoslavia Relations")
        page.screenshot(path=tmp_path / "4-entity.png", full_page=True)

        # A document page's full text is read on the document's own page, its lines as the page printed them.
        page.locator("table.records-named-in").get_by_role("link", name=re.compile("Firyubin")).first.click()
        expect(page.locator("h2", has_text="English Translation")).to_be_visible()
        full_text = page.locator("div.part-text").first
        expect(full_text).to_contain_text("FROM THE DIARY OF N. P. FIRYUBIN")
        assert full_text.evaluate("element => getComputedStyle(element).whiteSpace") == "pre-wrap"
        page.screenshot(path=tmp_path / "5-full-text.png", full_page=True)
        browser.close()
    assert sorted(path.name for path in tmp_path.glob("*.png")) == [
        "1-front.png", "2-search.png", "3-document.png", "4-entity.png", "5-full-text.png"
    ]


def _record_ids_naming(site: str, entity_id: str) -> list[str]:
    rows = _get_json(site + f"/dataset/mentions.json?entity_id={entity_id}&_shape=objects&_size=max")["rows"]
    return [row["record_id"]["value"] if isinstance(row["record_id"], dict) else row["record_id"] for row in rows]
