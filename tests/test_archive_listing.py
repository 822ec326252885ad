"""The archive listing reader, checked field by field against the seed page, read by hand."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, SEEDS, run_cli
from pipeline.extraction.chunk import read_file
from pipeline.formats import archive_listing, detect_format
from pipeline.parsed import ResultsRange
from pipeline.sources import read_source

LISTING = SEEDS / "002_e521c643e0ce5933.txt"

# (position, line, date_text, date, title, document_type, authors, recipients[, participants]), read off the page.
EXPECTED = [
    (11, 9, "July 26, 1961", "1961-07-26",
     "Report on the 1st conference of the non-aligned countries of September 1st, 1961 sent by Tahmaz Beqari, "
     "the Albanian ambassador in Belgrade, to the Ministry of Foreign Affairs of Albania",
     "report", ("Tahmaz Beqari",), ("Ministry of Foreign Affairs of Albania",)),
    (12, 15, "December 12, 1962", "1962-12-12",
     "Report of the Conversation by Carlos Rafael Rodrigeuez with Nikita Jruschov, with the Presence of Anastas "
     "Mikoyan on 11 December 1962",
     "report", ("Carlos Rafael Rodrigeuez",), (), ("Nikita Jruschov", "Anastas Mikoyan")),
    (13, 21, "October 6, 1956", "1956-10-06",
     "Note from N. Khrushchev to the CPSU CC Presidium regarding conversations with Yugoslav leaders in Belgrade",
     "note", ("N. Khrushchev",), ("CPSU CC Presidium",)),
    (14, 27, "October 8, 1956", "1956-10-08",
     "Note from N. Khrushchev to the CPSU CC Presidium regarding conversations with Yugoslav leaders in the Crimea",
     "note", ("N. Khrushchev",), ("CPSU CC Presidium",)),
    (15, 33, "November 27, 1956", "1956-11-27",
     "Working Notes from the Session of the CPSU CC Presidium on 27 November 1956 (Re: Protocol No. 60)",
     "working notes", ("CPSU CC Presidium",), ()),
    (16, 39, "June 22, 1954", "1954-06-22",
     "Letter from Nikita S. Khrushchev, First Secretary of the Central Committee of the Communist Party of the "
     "Soviet Union, to Josip Broz Tito and the Central Committee of the League of Communists Of Yugoslavia",
     "letter", ("Nikita S. Khrushchev",), ("Josip Broz Tito", "Central Committee of the League of Communists Of Yugoslavia")),
    (17, 45, "August 11, 1954", "1954-08-11",
     "Letter from Tito and the Executive Committee [Politburo] of the CC LCY to Nikita Khrushchev and Central "
     "Committee of the Communist Party of the Soviet Union",
     "letter", ("Tito", "Executive Committee [Politburo] of the CC LCY"),
     ("Nikita Khrushchev", "Central Committee of the Communist Party of the Soviet Union")),
    (18, 51, "September 23, 1954", "1954-09-23",
     "Letter from Nikita Khrushchev, First Secretary of the Central Committee of the Communist Party of the Soviet "
     "Union, to Tito and the Executive Committee of the Central Committee of the League of Communists of Yugoslavia",
     "letter", ("Nikita Khrushchev",),
     ("Tito", "Executive Committee of the Central Committee of the League of Communists of Yugoslavia")),
    (19, 57, "September 27, 1954", "1954-09-27",
     "Letter from Nikita Khrushchev, First Secretary of the Central Committee of the Communist Party of the Soviet "
     "Union, to Tito and the Executive Committee of the Central Committee of the League of Communists of Yugoslavia",
     "letter", ("Nikita Khrushchev",),
     ("Tito", "Executive Committee of the Central Committee of the League of Communists of Yugoslavia")),
    (20, 63, "November 4, 1956", "1956-11-04",
     "Stenographic record of a 4 November 1956 meeting of Party activists",
     "stenographic record", (), ()),
]


def parse(path: Path):
    source = read_source(path, path.parent)
    assert detect_format(source.text).module is archive_listing
    return archive_listing.parse(source)


@pytest.fixture(scope="module")
def seed_listing():
    return parse(LISTING)


def test_results_range_is_read_from_the_page(seed_listing):
    assert (seed_listing.results_range.start, seed_listing.results_range.end, seed_listing.results_range.total) == (11, 20, 22)
    assert seed_listing.problems == []


@pytest.mark.parametrize("expected", EXPECTED, ids=[str(row[0]) for row in EXPECTED])
def test_each_seed_document_field_by_field(seed_listing, expected):
    position, line, date_text, iso, title, document_type, authors, recipients, *participants = expected
    document = next(d for d in seed_listing.records if d.position == position)
    assert document.line == line
    assert document.date.text == date_text
    assert document.date.edtf == iso
    assert document.date.start == document.date.end == date.fromisoformat(iso)
    assert document.title == title
    assert document.document_type == document_type
    assert document.authors == authors
    assert document.recipients == recipients
    assert document.participants == (participants[0] if participants else ())
    assert document.source_id == "002_e521c643e0ce5933"


def test_chrome_is_not_taken_for_records_or_descriptions(seed_listing):
    assert [d.position for d in seed_listing.records] == list(range(11, 21))
    texts = [d.title for d in seed_listing.records] + [d.description for d in seed_listing.records]
    for chrome in ("Skip to content", "Results:", "11 - 20 of 22", "Documents", "Pagination"):
        assert not any(chrome == text or (text and text.endswith(chrome)) for text in texts)


def test_descriptions_are_kept_exactly(seed_listing):
    first, last = seed_listing.records[0], seed_listing.records[-1]
    assert first.description.startswith("The conference of non-aligned countries in Belgrade was organized")
    assert first.description.endswith("as it participated in the Balkan Pact.")
    assert last.description.endswith("and to strengthen the Soviet Army.")
    assert seed_listing.records[8].description == (
        "The CC CPSU leadership letter of apology to the CC LCY for “an inappropriate formulation” that had escaped "
        "Soviet censors concerning the Yugoslav leadership in the second edition of the book Historical Materialism"
    )


def test_reduced_precision_dates_and_undated_records():
    listing = parse(FIXTURES / "listing-reduced-precision-and-undated.txt")
    got = [(d.position, d.date and d.date.text, d.date and d.date.edtf, d.date and d.date.start, d.date and d.date.end,
            d.title, d.description) for d in listing.records]
    assert got == [
        (1, "November 1956", "1956-11", date(1956, 11, 1), date(1956, 11, 30),
         "Telegram from the Soviet Ambassador in Belgrade to the CPSU CC", "A short telegram."),
        (2, "April, 1957", "1957-04", date(1957, 4, 1), date(1957, 4, 30),
         "Letter, Mao Zedong to Nikita Khrushchev", None),
        (3, "1958", "1958", date(1958, 1, 1), date(1958, 12, 31),
         "Diary of Soviet Ambassador to China Pavel Yudin",
         "First paragraph of a long description.\n\nSecond paragraph, kept as written."),
        (4, None, None, None, None, "Memorandum of Conversation between Mao Zedong and Pavel Yudin (undated)",
         "An undated record."),
        (5, "July 04, 1949", "1949-07-04", date(1949, 7, 4), date(1949, 7, 4),
         "Minutes of the Meeting of the Political Bureau of the CC BCP", None),
    ]
    assert listing.results_range is None
    assert listing.problems == []


def test_impossible_date_keeps_the_record_without_a_date():
    listing = parse(FIXTURES / "listing-impossible-date.txt")
    [document] = listing.records
    assert document.title == "Note from Tito to Khrushchev"
    assert document.date.text == "February 30, 1956"
    assert document.date.edtf is None and document.date.start is None
    assert [str(problem) for problem in listing.problems] == [
        'listing-impossible-date.txt:1: "February 30, 1956" is not a real date; the record is kept without a date'
    ]


def test_cut_off_last_record_is_reported_not_invented():
    listing = parse(FIXTURES / "listing-cut-off.txt")
    assert [d.title for d in listing.records] == ["Letter from Tito to Khrushchev"]
    assert [str(problem) for problem in listing.problems] == [
        'listing-cut-off.txt:7: date line "March 3, 1955" has no title after it; no record made',
        "listing-cut-off.txt: the page says results 1 - 2 (2 records) but 1 were found",
    ]


def test_approximate_and_spread_out_dates_start_records_and_bullets_are_dropped():
    """An Irish foreign-affairs listing: every record keeps its own date line; none is glued to the one before."""
    listing = parse(FIXTURES / "listing-approximate-dates-with-bullets.txt")
    got = [(d.position, d.line, d.date.text, d.date.edtf, d.date.start, d.date.end, d.title, d.description)
           for d in listing.records]
    assert got == [
        (1, 4, "November 1956", "1956-11", date(1956, 11, 1), date(1956, 11, 30),
         "Telegram from Frederick Boland (New York) to Seán Murphy",
         "Boland reports the debate on Hungary in the General Assembly."),
        (2, 8, "Fall 1956", "1956-23", date(1956, 9, 1), date(1956, 11, 30),
         "Memorandum on Irish voting at the United Nations", None),
        (3, 11, "circa 1956", "1956~", date(1956, 1, 1), date(1956, 12, 31),
         "Notes of Conor Cruise O'Brien on the Suez crisis", "Undated notes, found loose in the file."),
        (4, 15, "1950s", "195X", date(1950, 1, 1), date(1959, 12, 31),
         "Press cuttings on partition", "1956 was a year in which Irish diplomacy found its voice at the UN."),
        (5, 19, "between 1949 and 1953", "1949/1953", date(1949, 1, 1), date(1953, 12, 31),
         "Correspondence with the Council of Europe", None),
        (6, 22, "Spring 1961", "1961-21", date(1961, 3, 1), date(1961, 5, 31),
         "Report by Frederick Boland on his term as President of the General Assembly", "Published in 1962 as an appendix."),
        (7, 26, "[1958?]", "1958?", date(1958, 1, 1), date(1958, 12, 31),
         "Letter from Frank Aiken to Éamon de Valera", None),
        (8, 29, "early 1957 - late 1958", "1957-01/1958-12", date(1957, 1, 1), date(1958, 12, 31),
         "Minutes of the Interdepartmental Committee on the Common Market", None),
    ]
    assert listing.problems == []


def test_a_date_line_the_reader_cannot_read_starts_a_record_without_a_date_and_a_warning():
    """A Japanese foreign-ministry listing: unreadable date lines are kept as written, never merged into a neighbour."""
    listing = parse(FIXTURES / "listing-unreadable-date-lines.txt")
    got = [(d.line, d.date.text, d.date.edtf, d.date.start, d.title, d.description) for d in listing.records]
    assert got == [
        (4, "1960-1962", "1960/1962", date(1960, 1, 1),
         "Telegram from Ambassador Asakai Koichiro to Foreign Minister Kosaka Zentaro", "On the security treaty debate in the Diet."),
        (8, "Sometime in 1961?", None, None, "Memorandum on fishing rights in the Sea of Japan",
         "The file holds no date; the archivist's note says the early 1960s."),
        (12, "November 31st-ish, 1961", None, None, "Record of talks between Ikeda Hayato and John F. Kennedy",
         "Talks in Washington."),
        # A line shaped like a date with no title after it stays where it is: the end of a description.
        (16, "Novembre 1961", None, None, "Note verbale de l'Ambassade de France à Tokyo",
         "Une note sur le commerce franco-japonais.\n\nPrinted 1962"),
    ]
    assert [str(problem) for problem in listing.problems] == [
        f'listing-unreadable-date-lines.txt:{line}: "{text}" looks like a date line but is not a date this reader knows; '
        "the record is kept without a date"
        for line, text in [(8, "Sometime in 1961?"), (12, "November 31st-ish, 1961"), (16, "Novembre 1961")]
    ]


def test_a_page_that_bullets_its_dates_starts_a_record_at_every_bullet_and_filters_are_not_records():
    # Czech archive's layout: day-first dotted dates, a bullet before each date line, search filters with
    # counts ("1960s (5)" then "Document type" is a filter and a heading, not a record and its title).
    listing = parse(FIXTURES / "listing-bulleted-dates-no-date-markers-and-facets.txt")
    assert listing.results_range == ResultsRange(1, 6, 6)
    got = [(d.position, d.line, d.date.text, d.date.edtf, d.title, d.description) for d in listing.records]
    assert got == [
        (1, 12, "11.10.1956", "1956-10-11", "Resolution of the Presidium on the events in Poland and Hungary",
         "Adopted at the session of 11 October; the text circulated to the regional committees."),
        (2, 15, "n.d.", None, "List of delegates to the 11th Party Congress", None),
        (3, 17, "before the Congress of 1958", None, "Draft theses on the second five-year plan",
         "Unsigned and heavily corrected in pencil."),
        (4, 20, "1956-58", "1956/1958", "Correspondence of the International Department with the CPSU CC", None),
        # Winter over the turn of the year; a list inside a description, with another bullet, stays in it.
        (5, 22, "Winter 1962/63", "1962-24", "Reports of the Ministry of the Interior on the mood of the population",
         "- the regions report calm\n\n- Ostrava reports strikes"),
        (6, 26, "[undated]", None, "Letter from Antonín Novotný to Walter Ulbricht", None),
    ]
    # Only the line the reader could not read is a warning: "n.d." says plainly there is no date.
    assert [str(problem) for problem in listing.problems] == [
        'listing-bulleted-dates-no-date-markers-and-facets.txt:17: "before the Congress of 1958" looks like a date line '
        "but is not a date this reader knows; the record is kept without a date"
    ]


@pytest.mark.parametrize("engine", ["frictionless", "arrow"])
def test_edtf_dates_and_unreadable_date_lines_are_published_valid_with_warnings(tmp_path, engine):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("listing-approximate-dates-with-bullets.txt", "listing-unreadable-date-lines.txt"):
        shutil.copy(FIXTURES / name, pages / name)
    result = run_cli("run", "--input", str(pages), "--output", str(tmp_path / "out"), "--workdir", str(tmp_path / "build"),
                     "--engine", engine)
    assert result.exit_code == 0, result.output
    assert 'warning: listing-unreadable-date-lines.txt:8: "Sometime in 1961?" looks like a date line' in result.output
    csv = pd.read_csv(tmp_path / "out" / "data" / "documents.csv", dtype=str, keep_default_na=False)
    parquet = pd.read_parquet(tmp_path / "out" / "data" / "documents.parquet")
    assert sorted(csv["date"]) == sorted(
        ["1956-11", "1956-23", "1956~", "195X", "1949/1953", "1961-21", "1958?", "1957-01/1958-12", "1960/1962", "", "", ""]
    )
    undated = parquet[parquet["date_text"] == "November 31st-ish, 1961"].iloc[0]
    assert pd.isna(undated["date"]) and pd.isna(undated["date_start"]) and pd.isna(undated["date_end"])
    spring = parquet[parquet["date_text"] == "Spring 1961"].iloc[0]
    assert (spring["date_start"], spring["date_end"]) == (date(1961, 3, 1), date(1961, 5, 31))


def test_a_page_of_prose_with_a_few_date_lines_is_refused_not_cut_into_records(tmp_path):
    # A memoir (or a document page's full text): two date lines with a short line after each, and long paragraphs.
    page = FIXTURES / "prose-with-date-lines.txt"
    result = read_file(page, FIXTURES)
    assert result.parsed.records == []
    assert result.rejection == (
        "not read: it reads like a search listing, but its 41 lines of text hold 2 date-and-title entries, too few for "
        "a search listing (an entry every 20 lines at least)"
    )
    # The same entries under a results range: the page says it is a listing, and is read as one.
    (tmp_path / "listed.txt").write_text("Results: 1 - 2 of 2\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    assert [record.title for record in read_file(tmp_path / "listed.txt", tmp_path).parsed.records] == [
        "Arrival in the city", "Departure"
    ]


def test_machine_made_notes_in_other_wordings_are_not_titles_nor_descriptions():
    parsed = parse(FIXTURES / "listing-machine-notes-in-other-wordings.txt")
    assert parsed.problems == []
    assert [(record.line, record.date.edtf, record.title[:30], record.description) for record in parsed.records] == [
        (3, "1948-06-24", "Telegram from the Soviet Milit",
         'The Soviet administration announces that rail traffic to Berlin is halted for "technical reasons".'),
        (7, "1948-08-02", "Record of Conversation between",
         "Stalin offers to lift the restrictions if the western currency is withdrawn from Berlin. "
         "The ambassadors refer the offer to their governments."),
        (10, "1949-05-12", "Note from the Soviet Foreign M",
         "The ministry confirms that the restrictions on transport will be lifted at midnight."),
        (13, "1949-09", "Report by the Berlin Magistrat",
         "An account of the tonnage flown into the western sectors and of the costs borne by the city."),
    ]


def test_a_date_line_with_the_time_of_day_starts_a_record(tmp_path):
    page = tmp_path / "listing.txt"
    page.write_text(
        "Items 1–2 of 2\nMay 1965\nNote from the Romanian Ministry of Foreign Affairs to the Yugoslav Embassy\n"
        "The ministry protests.\n3 May 1965, 10.00 hours\nMinutes of Conversation between Ceaușescu and Popović\n"
        "The two discuss the Danube.\n",
        encoding="utf-8",
    )
    parsed = parse(page)
    assert parsed.problems == []
    assert [(record.line, record.date.text, record.date.edtf, record.description) for record in parsed.records] == [
        (2, "May 1965", "1965-05", "The ministry protests."),
        (5, "3 May 1965, 10.00 hours", "1965-05-03", "The two discuss the Danube."),
    ]
