"""Document pages: one page, one document, its cover read field by field and its full text kept as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, SEEDS, run_cli
from pipeline.extraction.chunk import read_file
from pipeline.formats import archive_listing, detect_format, document_page

PAGES = FIXTURES / "document_pages"


def read(name: str):
    result = read_file(PAGES / name, PAGES)
    assert result.format == "document_page", result.rejection
    [document] = result.parsed.records
    return document


def test_a_cover_page_with_a_wrapped_title_and_credits():
    document = read("lined.txt")
    assert (document.date.text, document.date.edtf, document.line) == ("March 14, 1967", "1967-03-14", 7)
    assert document.title == "Letter from Ambassador Shima Shigenobu to Foreign Minister Miki Takeo"  # two lines, one space
    assert document.description.startswith("The ambassador reports on his talks in Taipei")
    assert document.description.endswith("visit of Chiang Ching-kuo to Tokyo.")
    assert document.url == "https://digitalarchive.wilsoncenter.org/document/990001"
    assert document.citation.startswith("“Letter from Ambassador Shima Shigenobu to Foreign Minister Miki Takeo,” March 14, 1967, History and Public")
    assert "\n" not in document.citation
    assert document.credits == "This document was made possible with support from the Example Foundation."
    assert document.original_language == ("Japanese",)
    assert document.document_type == "letter"
    [text] = document.texts
    assert (text.label, text.line) == ("English Translation", 38)
    page = (PAGES / "lined.txt").read_text(encoding="utf-8")
    assert text.text == page[page.index("Secret") :].rstrip()  # exactly as written: page numbers and all


def test_a_page_flattened_to_one_line_reads_the_same_labels():
    document = read("flattened.txt")
    assert (document.date.edtf, document.line) == ("1956-11-02", 1)
    assert document.title == "Minutes of the Meeting of the Presidium of the CC CPSU"
    assert document.description == "The Presidium discusses the situation in Budapest and the declaration of neutrality."
    assert document.url == "https://digitalarchive.wilsoncenter.org/document/990002"
    assert document.original_language == ("Russian",)
    assert document.credits is None
    [text] = document.texts
    assert text.label == "English Translation"
    assert text.text.startswith("Present: Bulganin") and text.text.endswith("measures taken.")


def test_a_labelled_two_column_cover_gives_each_column_its_wrapped_lines():
    document = read("two_column.txt")
    assert document.title == "Memorandum from the Chancellery to the Federal Chancellor on the Visit of the Soviet Foreign Minister"
    assert (document.date.text, document.date.edtf) == ("21 June 1991", "1991-06-21")
    assert document.citation == "Bundesarchiv Koblenz, B 136/34211"
    assert document.authors == ("Horst Teltschik",)
    assert document.description.startswith("Teltschik summarises") and document.description.endswith("Baltic states.")
    # Nothing the page does not print is guessed.
    assert (document.url, document.credits, document.original_language) == (None, None, ())
    [text] = document.texts
    assert text.label is None
    assert text.text.startswith("Bonn, 20 June 1991")
    assert "Date: 20.6.1991" in text.text  # a label inside the text is the text's


def test_two_original_languages_and_no_credits():
    document = read("two_languages_no_credits.txt")
    assert document.original_language == ("Czech", "French")
    assert document.credits is None
    assert (document.date.text, document.date.edtf) == ("September 1960", "1960-09")  # the precision written
    assert document.citation.startswith('"Report from the Embassy in Accra on the Congo Crisis,"')


def test_a_date_inside_the_title_is_not_the_documents_and_each_text_keeps_its_heading():
    document = read("title_with_a_date.txt")
    assert document.date.edtf == "1956-11-10"
    assert document.title == "Telegram from the Polish Embassy in Budapest on the Events of 23 October 1956"
    assert [(text.label, text.text) for text in document.texts] == [
        ("English Translation", "On 23 October a crowd gathered at the Bem statue."),
        ("Chinese Transcription", "十月二十三日"),
    ]


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("Citation:\n“A Title,” 1956, Some Archive.\n\nHow to cite this page: copy the line above.\n", "reads like a document page"),
        ("Notes\n\nSummary:\nA few words.\n\nOriginal Language:\nRussian\n", 'no "Citation:" line was found'),
        ("Citation:\n“One,” 1956.\nSummary:\nA.\nContents:\nText\n\nCitation:\n“Two,” 1957.\nSummary:\nB.\n", "not the page of one document"),
        (
            "Search results\n\nTitle: Letter from A to B\nDate: 1 May 1958\nDescription: A letter.\n\n"
            "Title: Note from C to D\nDate: 2 May 1958\nDescription: A note.\n",
            "it holds 2 Title: labels, so it is not the page of one document",
        ),
    ],
)
def test_a_page_no_format_is_sure_of_is_refused_with_the_closest_guess(page, reason):
    detected = detect_format(page)
    assert detected.module is None
    assert reason in detected.reason and detected.reason.startswith("not read: it reads like a document page")


def test_a_listing_with_summary_labels_is_still_a_listing():
    page = "Results 1 - 2 of 2\n\nMay 1, 1958\nLetter from A to B\nSummary: a letter.\n\nMay 2, 1958\nNote from C to D\nSummary: a note.\n"
    assert detect_format(page).module.NAME == "archive_listing"
    assert document_page.detect(page).score < archive_listing.detect(page).score


def run_folder(tmp_path: Path, names: dict[str, str]) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir(parents=True)
    for name, fixture in names.items():
        shutil.copy(PAGES / fixture, folder / name)
    result = run_cli("run", "--input", str(folder), "--output", str(tmp_path / "out"), "--workdir", str(tmp_path / "work"))
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "data"


@pytest.mark.parametrize("page_first", [True, False])
def test_a_listing_record_and_the_page_of_the_same_document_are_one_document(tmp_path, page_first):
    names = {"a.txt": "lined.txt", "b.txt": "listing_of_the_lined_page.txt"}
    if not page_first:
        names = {"a.txt": "listing_of_the_lined_page.txt", "b.txt": "lined.txt"}
    data = run_folder(tmp_path, names)
    documents = pd.read_parquet(data / "documents.parquet")
    assert len(documents) == 2  # the letter once, the note once
    letter = documents[documents.title.str.startswith("Letter from Ambassador Shima")].iloc[0]
    # The page's fields fill the listing's gaps, whichever came first.
    assert letter.url == "https://digitalarchive.wilsoncenter.org/document/990001"
    assert letter.description.startswith("The ambassador reports")
    assert letter.original_language == "Japanese"  # a list field: "; " between items
    appearances = pd.read_parquet(data / "appearances.parquet")
    assert sorted(appearances[appearances.record_id == letter.document_id].source_id) == ["a", "b"]
    texts = pd.read_parquet(data / "document_texts.parquet")
    assert list(texts.document_id) == [letter.document_id]
    # Mentions in the full text and the summary point into the published text, wherever the row came from.
    mentions = pd.read_parquet(data / "mentions.parquet")
    mine = mentions[mentions.record_id == letter.document_id]
    assert {"title", "description", "texts/1"} <= set(mine.field)
    fields = {"title": letter.title, "description": letter.description, "texts/1": texts.text.iloc[0]}
    for mention in mine.itertuples():
        assert fields[mention.field][mention.start : mention.end] == mention.text
    assert not mine.duplicated(["entity_id", "field", "start"]).any()


def test_both_orders_publish_the_same_rows(tmp_path):
    first = run_folder(tmp_path / "one", {"a.txt": "lined.txt", "b.txt": "listing_of_the_lined_page.txt"})
    second = run_folder(tmp_path / "two", {"a.txt": "listing_of_the_lined_page.txt", "b.txt": "lined.txt"})
    columns = ["document_id", "date", "title", "description", "url", "citation", "credits"]
    one = pd.read_parquet(first / "documents.parquet", columns=columns).sort_values("document_id", ignore_index=True)
    two = pd.read_parquet(second / "documents.parquet", columns=columns).sort_values("document_id", ignore_index=True)
    pd.testing.assert_frame_equal(one, two)
    entities = [pd.read_parquet(data / "entities.parquet").sort_values("entity_id", ignore_index=True) for data in (first, second)]
    pd.testing.assert_frame_equal(*entities)


def test_a_catalogues_cover_in_its_own_letter_case_with_labels_the_reader_does_not_know():
    document = read("catalogue_labels.txt")
    assert document.title == "Cable from the Embassy in Santiago to the Department of State on the Junta's First Week"
    assert (document.authors, document.recipients) == (("Embassy in Santiago",), ("Department of State",))
    assert (document.date.text, document.date.edtf) == ("September 18, 1973", "1973-09-18")
    assert document.original_language == ("Spanish",)
    # "Subjects:" and "Call Number:" end the value before them and fill nothing.
    assert document.description == "The embassy reports arrests at the National Stadium and the junta's first decrees."
    [text] = document.texts
    assert text.text.startswith("Date: 18 September 1973\nFrom: AmEmbassy Santiago")  # after the rule: the cable's own heading
    assert text.text.endswith("curfew continues in the capital.")


def test_the_entities_command_names_the_line_a_full_texts_mention_stands_on():
    result = run_cli("entities", "--input", str(SEEDS))
    assert result.exit_code == 0, result.output
    in_texts = [line for line in result.output.splitlines() if re.search(r" texts/\d+: ", line)]
    assert in_texts
    for listed in in_texts:
        source_id, line, written = re.search(r"first in (\S+):(\d+) texts/\d+: (.+)$", listed).groups()
        page = (SEEDS / f"{source_id}.txt").read_text(encoding="utf-8").splitlines()
        assert written in page[int(line) - 1], listed


@pytest.mark.parametrize(
    "note",
    [
        "This summary was generated automatically and may contain errors.",
        "[AI-generated description]",
        "Abstract produced by machine learning.",
    ],
)
def test_a_note_that_a_machine_wrote_the_summary_is_not_the_summary(tmp_path, note):
    page = (PAGES / "two_languages_no_credits.txt").read_text(encoding="utf-8")
    summary = "The embassy describes the reactions in Ghana to the arrival of United Nations troops in Leopoldville."
    (tmp_path / "page.txt").write_text(page.replace(summary, f"{summary} {note}"), encoding="utf-8")
    [document] = read_file(tmp_path / "page.txt", tmp_path).parsed.records
    assert document.description == summary
