"""Title grammars give the document type and the parties, as DOMAIN.md describes them."""

from __future__ import annotations

import csv

import pytest

from conftest import REPO
from pipeline.formats.titles import document_types, read_title
from pipeline.tables import table_schema


@pytest.mark.parametrize(
    ("title", "document_type", "authors", "recipients"),
    [
        ("Letter, Mao Zedong to Joseph Stalin", "letter", ("Mao Zedong",), ("Joseph Stalin",)),
        ("Telegram from Soviet Ambassador in Beijing Pavel Yudin to the CPSU CC", "telegram",
         ("Soviet Ambassador in Beijing Pavel Yudin",), ("CPSU CC",)),
        ("Cable from Ambassador Vidic (Paris) to Foreign Minister Popovic (London)", "telegram",
         ("Ambassador Vidic",), ("Foreign Minister Popovic",)),
        ("Memorandum of Conversation between Mao Zedong and Soviet Ambassador Pavel Yudin, 31 March 1956",
         "memorandum of conversation", ("Mao Zedong",), ("Soviet Ambassador Pavel Yudin",)),
        ("Record of Conversation between Comrade Tito and Cde. Khrushchev on 3 June 1955",
         "record of conversation", ("Tito",), ("Khrushchev",)),
        ("Report by Comrade Kardelj on the situation in Hungary", "report", ("Kardelj",), ()),
        ("Speech by N. S. Khrushchev at the Twentieth Party Congress", "speech", ("N. S. Khrushchev",), ()),
        ("Statement of the Yugoslav Government, 3 May 1965, 10.00 hours", "statement", ("Yugoslav Government",), ()),
        ("Diary of Vyacheslav Molotov", "diary", ("Vyacheslav Molotov",), ()),
        ('Ministry of Foreign Affairs, PRC [Zhou Enlai], "Report on the Geneva Conference"', "report",
         ("Ministry of Foreign Affairs", "Zhou Enlai"), ()),
        ("Mao Zedong's Conversation with Nikita Khrushchev", "conversation", ("Mao Zedong",), ("Nikita Khrushchev",)),
        ("The Premier's [Zhou Enlai's] Meeting with Soviet Ambassador Yudin", "meeting", ("Zhou Enlai",),
         ("Soviet Ambassador Yudin",)),
        ("Minutes of the Meeting of the Political Bureau of the CC BCP", "minutes", ("Political Bureau of the CC BCP",), ()),
        ("Protocol No. 93 of the Session of the CPSU CC Presidium", "protocol", ("CPSU CC Presidium",), ()),
        ("Resolution of the CC CPSU Presidium on the Hungarian question", "resolution", ("CC CPSU Presidium",), ()),
        ("Instructions from the CPSU CC to the Soviet Ambassador in Belgrade – Rome", "instructions", ("CPSU CC",),
         ("Soviet Ambassador in Belgrade",)),
        ("Letter from Tito to Khrushchev, September 1st, 1961", "letter", ("Tito",), ("Khrushchev",)),
        ("Information from the Hungarian Embassy in Moscow to the Ministry of Foreign Affairs of Hungary (undated)",
         "information", ("Hungarian Embassy in Moscow",), ("Ministry of Foreign Affairs of Hungary",)),
        ("Some untitled fragment", None, (), ()),
    ],
)
def test_title_grammars(title, document_type, authors, recipients):
    parts = read_title(title)
    assert (parts.document_type, parts.authors, parts.recipients) == (document_type, authors, recipients)


def test_document_type_vocabulary_is_the_schema_enum():
    enum = next(f for f in table_schema("documents")["fields"] if f["name"] == "document_type")["constraints"]["enum"]
    with (REPO / "pipeline" / "reference" / "document_types.csv").open(encoding="utf-8") as stream:
        vocabulary = {row["document_type"] for row in csv.DictReader(stream)}
    assert sorted(vocabulary) == enum
    assert set(document_types().values()) == vocabulary
