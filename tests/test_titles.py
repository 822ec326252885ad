"""Title grammars give the document type and the parties, as DOMAIN.md describes them."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from conftest import REPO
from pipeline.errors import PipelineError
from pipeline.formats.titles import document_types, read_title
from pipeline.tables import table_schema


@pytest.mark.parametrize(
    ("title", "document_type", "authors", "recipients", "participants"),
    [
        ("Letter, Mao Zedong to Joseph Stalin", "letter", ("Mao Zedong",), ("Joseph Stalin",), ()),
        # roles and places ride along with names and are left off them
        ("Telegram from Soviet Ambassador in Beijing Pavel Yudin to the CPSU CC", "telegram", ("Pavel Yudin",), ("CPSU CC",), ()),
        ("Cable from Ambassador Vidic (Paris) to Foreign Minister Popovic (London)", "telegram", ("Vidic",), ("Popovic",), ()),
        ("Telegram from British PM Blair to President Clinton", "telegram", ("Blair",), ("Clinton",), ()),
        ("Letter from Taoiseach Éamon de Valera to the Secretary-General of the United Nations", "letter",
         ("Éamon de Valera",), ("Secretary-General of the United Nations",), ()),
        ("Memorandum from the Chairman of the Joint Chiefs of Staff (Wheeler) to Secretary of Defense McNamara", "memorandum",
         ("Wheeler",), ("McNamara",), ()),
        ("Letter, Hans-Dietrich Genscher – Bonn to James Baker – Washington", "letter", ("Hans-Dietrich Genscher",), ("James Baker",), ()),
        ("Instructions from the CPSU CC to the Soviet Ambassador in Belgrade – Rome", "instructions", ("CPSU CC",),
         ("Soviet Ambassador in Belgrade",), ()),
        # "between", "with", "among": participants
        ("Memorandum of Conversation between Mao Zedong and Soviet Ambassador Pavel Yudin, 31 March 1956",
         "memorandum of conversation", (), (), ("Mao Zedong", "Pavel Yudin")),
        ("Record of Conversation between Comrade Tito and Cde. Khrushchev on 3 June 1955", "record of conversation",
         (), (), ("Tito", "Khrushchev")),
        ("Record of a Conversation of Comrade Mao Zedong with the Yugoslav Delegation, 1 March 1957", "record of conversation",
         ("Mao Zedong",), (), ("Yugoslav Delegation",)),
        ("Mao Zedong's Conversation with Nikita Khrushchev", "conversation", ("Mao Zedong",), (), ("Nikita Khrushchev",)),
        ("The Premier's [Zhou Enlai's] Meeting with Soviet Ambassador Yudin", "meeting", ("Zhou Enlai",), (), ("Yudin",)),
        ("Minutes of Conversation among Walter Ulbricht, Wladyslaw Gomulka and Antonin Novotny", "minutes of conversation",
         (), (), ("Walter Ulbricht", "Wladyslaw Gomulka", "Antonin Novotny")),
        ("Stenographic Record of the Meeting between Enver Hoxha and Nikita Khrushchev", "stenographic record",
         (), (), ("Enver Hoxha", "Nikita Khrushchev")),
        # "by", "of", "for", in any order
        ("Report by Comrade Kardelj on the situation in Hungary", "report", ("Kardelj",), (), ()),
        ("Speech by N. S. Khrushchev at the Twentieth Party Congress", "speech", ("N. S. Khrushchev",), (), ()),
        ("Statement of the Yugoslav Government, 3 May 1965, 10.00 hours", "statement", ("Yugoslav Government",), (), ()),
        ("Diary of Vyacheslav Molotov", "diary", ("Vyacheslav Molotov",), (), ()),
        ("Excerpts from the Journal of Soviet Ambassador P. F. Yudin", "journal", ("P. F. Yudin",), (), ()),
        ("Letter to Premier Khrushchev from President Kennedy", "letter", ("Kennedy",), ("Khrushchev",), ()),
        ("Note by Ministerialdirektor Horst Teltschik for Chancellor Kohl", "note", ("Horst Teltschik",), ("Kohl",), ()),
        ("Information from the Ministry for State Security to the SED Politburo", "information",
         ("Ministry for State Security",), ("SED Politburo",), ()),
        ("Instructions to the Chinese Delegation to the Geneva Conference", "instructions", (),
         ("Chinese Delegation to the Geneva Conference",), ()),
        # a quoted title and the archive's bracketed insertion
        ('Ministry of Foreign Affairs, PRC [Zhou Enlai], "Report on the Geneva Conference"', "report",
         ("Ministry of Foreign Affairs", "Zhou Enlai"), (), ()),
        ("Memorandum for the President from Dean Rusk, 'Japan and the Bonin Islands'", "memorandum", ("Dean Rusk",), ("President",), ()),
        # bodies as authors
        ("Minutes of the Meeting of the Political Bureau of the CC BCP", "minutes", ("Political Bureau of the CC BCP",), (), ()),
        ("Working Notes from the Session of the CPSU CC Presidium, 23 October 1956", "working notes", ("CPSU CC Presidium",), (), ()),
        ("Protocol No. 93 of the Session of the CPSU CC Presidium", "protocol", ("CPSU CC Presidium",), (), ()),
        ("Protocol No. 12", "protocol", (), (), ()),
        ("Resolution of the CC CPSU Presidium on the Hungarian question", "resolution", ("CC CPSU Presidium",), (), ()),
        ("Letter from Tito to Khrushchev, September 1st, 1961", "letter", ("Tito",), ("Khrushchev",), ()),
        ("Information from the Hungarian Embassy in Moscow to the Ministry of Foreign Affairs of Hungary (undated)",
         "information", ("Hungarian Embassy in Moscow",), ("Ministry of Foreign Affairs of Hungary",), ()),
        ("Report on the conference sent by Tahmaz Beqari, the Albanian ambassador in Belgrade, to the Ministry of Foreign Affairs",
         "report", ("Tahmaz Beqari",), ("Ministry of Foreign Affairs",), ()),
        # types: head noun of the first phrase, plurals, case
        ("Petition of the Students of Charles University to the Government of Czechoslovakia", "petition",
         ("Students of Charles University",), ("Government of Czechoslovakia",), ()),
        ("Press Release of the Japanese Foreign Ministry on the Treaty with the Republic of Korea", "press release",
         ("Japanese Foreign Ministry",), (), ()),
        ("Daily Digest of Radio Free Europe Broadcasts", "digest", (), (), ()),
        ("TELEGRAMS FROM THE EMBASSY IN TOKYO", "telegram", ("EMBASSY IN TOKYO",), (), ()),
        ("Treaty of Friendship between the USSR and Finland", "treaty", (), (), ("USSR", "Finland")),
        ("Some untitled fragment", None, (), (), ()),
        # what is not a party: a clause, a common noun, an indefinite or unnamed party, what the title is about
        ("Record of a meeting between the Foreign Secretary and Mr Dulles held on 1 August 1956", "record of conversation",
         (), (), ("Foreign Secretary", "Dulles")),
        ("Dispatches from Vienna and the Austrian-Hungarian border", "dispatch", ("Vienna",), (), ()),
        ("Zhou Enlai's notes from his visits to Moscow and Warsaw", "notes", ("Zhou Enlai",), (), ()),
        ("Notes from a conversation between Lech Wałęsa and a representative of the Episcopate", "notes", (), (), ("Lech Wałęsa",)),
        ("Conversation among Kim Il Sung and Chinese and Soviet Delegations", "conversation", (), (), ("Kim Il Sung",)),
        ("Clearance of the Suez Canal by the United Nations salvage fleet", None, (), (), ()),
        ("Cable, Terebin to Stalin [via Kuznetsov]", "telegram", ("Terebin",), ("Stalin",), ()),
        ("Draft of speech by V.K. Krishna Menon in the General Assembly of the United Nations", "speech", ("V.K. Krishna Menon",), (), ()),
        ("Notes by Casey for a Press Conference on Indo-China", "notes", ("Casey",), (), ()),
        ("Minutes of the Politburo discussion of Khrushchev's secret speech", "minutes", (), (), ()),
        # a subject heading before the title proper; a type must end the first phrase
        ("Hungary: statement by the Irish delegation to the General Assembly", "statement",
         ("Irish delegation to the General Assembly",), (), ()),
        ("Radio Budapest (Free Kossuth): Imre Nagy's appeal to the world", "appeal", ("Imre Nagy",), (), ()),
        ("Treaty revision negotiations: records of the Fujiyama-MacArthur talks", None, (), (), ()),
    ],
)
def test_title_grammars(title, document_type, authors, recipients, participants):
    parts = read_title(title)
    assert (parts.document_type, parts.authors, parts.recipients, parts.participants) == (
        document_type, authors, recipients, participants)


def test_every_party_is_written_in_its_title():
    """The linker finds a party's mentions by its text in the title: a party is always a piece of it."""
    with (REPO / "benchmarks" / "title_gold" / "dev.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            parts = read_title(row["title"])
            for name in parts.authors + parts.recipients + parts.participants:
                assert name in row["title"], (name, row["title"])


def test_the_dev_gold_is_read_as_annotated():
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "title_gold.py")], capture_output=True, text=True, check=True)
    scores = run.stdout.splitlines()[-1].split("|")
    assert float(scores[4]) >= 0.97 and float(scores[6]) >= 0.97, run.stdout  # party precision, party F1


def test_document_type_vocabulary_is_the_schema_enum():
    enum = next(f for f in table_schema("documents")["fields"] if f["name"] == "document_type")["constraints"]["enum"]
    with (REPO / "pipeline" / "reference" / "document_types.csv").open(encoding="utf-8") as stream:
        vocabulary = {row["document_type"] for row in csv.DictReader(stream)}
    assert sorted(vocabulary) == enum
    assert set(document_types().values()) == vocabulary


def test_a_bad_of_names_value_is_named_with_its_line(tmp_path):
    vocabulary = tmp_path / "types.csv"
    vocabulary.write_text("document_type,phrase,of_names\nletter,Letter,author\nbrief,Brief,writer\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"types\.csv:3: of_names must be author or subject, not 'writer'"):
        document_types(vocabulary)


@pytest.mark.parametrize("title, author", [
    ("Minutes of the meeting of the Ministerial Committee on Defence with Chief of Staff Elazar", "Ministerial Committee on Defence"),
    ("Report of the Commission on the Status of Women to the Council", "Commission on the Status of Women"),
])
def test_on_after_a_body_and_before_capitals_is_part_of_its_name(title, author):
    assert read_title(title).authors == (author,)


def test_on_before_lower_case_words_still_starts_the_subject():
    parts = read_title("Report of the Committee on the cost of the war")
    assert parts.authors == ("Committee",) and parts.recipients == ()
