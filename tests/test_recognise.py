"""The recogniser: people, places and bodies the authority file has never heard of, and the curator's review loop."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.formats.titles import read_title
from pipeline.linking.authority import default_authority
from pipeline.linking.linker import link_record
from pipeline.parsed import Document

PACKAGED = Path(__file__).resolve().parent.parent / "pipeline" / "reference" / "entities.csv"

# A listing in the voice of a Japanese foreign ministry catalogue and an Irish one, composed for these tests.
LISTING = """Results:

1 - 2 of 2

Documents

November 27, 1967

Memorandum of Conversation between Prime Minister Sato and Chiang Ching-kuo

Chiang Ching-kuo, Minister of National Defense, met officials of the Japan Defense Agency in Tokyo. Chiang then flew to Osaka.

March 3, 1958

Note by the Department of External Affairs on Hafez al-Assad and Wernher von Braun

The Irish delegation met the Revolutionary Guards of Iran and a Japanese envoy; British PM Blair wrote from Lagos.
"""


def document(title: str, description: str) -> Document:
    parts = read_title(title)
    return Document("test", 1, 1, title, None, description, parts.document_type, parts.authors, parts.recipients)


def named(description: str, title: str = "Untitled") -> list[tuple[str, str, str, str]]:
    """(text, entity_id, type, matched_by) of every mention."""
    mentions, unresolved = link_record(document(title, description), default_authority())
    types = {entity.entity_id: entity.type for entity in unresolved} | {
        key: entity.type for key, entity in default_authority().entities.items()
    }
    return [(m.text, m.entity_id, types[m.entity_id], m.matched_by) for m in mentions]


def test_a_known_surname_beside_another_given_name_is_another_person():
    found = named("Chiang Ching-kuo visited Tokyo, and Chiang spoke; Chiang Kai-shek stayed in Taipei.")
    assert ("Chiang Ching-kuo", "chiang-ching-kuo", "person", "unresolved") in found
    assert ("Chiang Kai-shek", "chiang-kai-shek", "person", "alias") in found
    # "Chiang" alone may be either of them: it stays unresolved, linked to neither.
    assert ("Chiang", "chiang", "person", "unresolved") in found


@pytest.mark.parametrize("name", ["Osama bin Laden", "Wernher von Braun", "Hafez al-Assad", "Kim Dae-jung", "Liam de Valera"])
def test_names_with_particles_and_hyphenated_given_names_are_one_person(name):
    found = named(f"The minister met Cde. {name} twice.")
    assert [(text, kind) for text, _, kind, _ in found] == [(name, "person")]


def test_a_role_before_a_name_is_not_part_of_it():
    assert [text for text, *_ in named("A note from British PM Blair arrived.")] == ["Blair"]


@pytest.mark.parametrize(
    "sentence, body",
    [
        ("Officials of the Japan Defense Agency met.", "Japan Defense Agency"),
        ("He wrote to the Ministry of Foreign Affairs of Japan at once.", "Ministry of Foreign Affairs of Japan"),
        ("The Chilean Embassy in Washington replied.", "Chilean Embassy in Washington"),
        ("The OSCE sent observers.", "OSCE"),
    ],
)
def test_bodies_are_recognised_by_their_head_nouns_anywhere_in_the_text(sentence, body):
    found = named(sentence)
    assert (body, "organization") in [(text, kind) for text, _, kind, _ in found]
    assert not [text for text, _, kind, _ in found if kind == "place"]  # a place inside a body's name is part of it


def test_places_the_authority_lacks_come_from_the_gazetteer():
    found = named("A delegate flew to Lagos, Nairobi and Kinshasa, then on to South Africa.")
    assert [(text, kind, how) for text, _, kind, how in found] == [
        ("Lagos", "place", "gazetteer"), ("Nairobi", "place", "gazetteer"),
        ("Kinshasa", "place", "gazetteer"), ("South Africa", "place", "gazetteer"),
    ]
    _, unresolved = link_record(document("Untitled", "He flew to Lagos."), default_authority())
    assert "GeoNames" in unresolved[0].description and not unresolved[0].resolved


def test_a_small_town_is_a_place_only_where_the_text_says_so_and_a_nationality_never():
    assert named("Rodriguez came too.") == []
    assert [(text, kind) for text, _, kind, _ in named("They met in Rodriguez.")] == [("Rodriguez", "place")]
    assert named("A Japanese envoy and the Irish delegation arrived.") == []


def test_every_mention_round_trips_to_its_text():
    mentions, _ = link_record(document(*LISTING.split("\n\n")[5:7]), default_authority())
    texts = dict(document(*LISTING.split("\n\n")[5:7]).text_fields())
    assert mentions and all(texts[m.field][m.start : m.end] == m.text for m in mentions)


def review_rows(pages: Path) -> dict[str, dict[str, str]]:
    result = CliRunner().invoke(main, ["entities", "--input", str(pages), "--unresolved", "--csv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {row["entity_id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def test_a_curator_reviews_the_unresolved_names_adds_one_and_the_next_run_links_it(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "listing.txt").write_text(LISTING, encoding="utf-8")

    review = review_rows(pages)
    chiang = review["chiang-ching-kuo"]
    assert (chiang["type"], chiang["name"], chiang["records"]) == ("person", "Chiang Ching-kuo", "1")
    assert chiang["first_seen"] == "listing:7 title"  # the record starts at its date line
    assert "Prime Minister Sato and Chiang Ching-kuo" in chiang["context"]
    assert "chiang-kai-shek" in chiang["candidates"].split("; ")
    assert review["lagos"]["type"] == "place" and review["japan-defense-agency"]["type"] == "organization"

    # The curator copies the authority file beside the input folder and adds the row.
    shutil.copy(PACKAGED, tmp_path / "entities.csv")
    with (tmp_path / "entities.csv").open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerow(
            ["chiang-ching-kuo", "Chiang Ching-kuo", "person", "Jiang Jingguo", "", "", "", "Q16988", "Premier of the Republic of China"]
        )
    output = tmp_path / "package"
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", "--input", str(pages), "--output", str(output),
         "--workdir", str(tmp_path / "work"), "--workers", "1"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    mentions = list(csv.DictReader((output / "data" / "mentions.csv").open(encoding="utf-8")))
    linked = [row for row in mentions if row["entity_id"] == "chiang-ching-kuo"]
    assert linked and {row["matched_by"] for row in linked} == {"alias"}
    entities = {row["entity_id"]: row for row in csv.DictReader((output / "data" / "entities.csv").open(encoding="utf-8"))}
    assert entities["chiang-ching-kuo"]["resolved"] == "true"
    assert "chiang-ching-kuo" not in review_rows(pages)

    card = (output / "README.md").read_text(encoding="utf-8")
    resolved = sum(row["matched_by"] in ("alias", "fuzzy", "surname") for row in mentions)
    from_gazetteer = sum(row["matched_by"] == "gazetteer" for row in mentions)
    assert f"Of the {len(mentions)} mentions, {resolved} were resolved by the authority file" in card
    assert f"and {len(mentions) - resolved} only recognised: {from_gazetteer} places from GeoNames" in card


def test_a_place_before_a_comma_and_a_known_place_is_a_place_even_unknown_to_the_gazetteer():
    found = named("The protest took place in Sharpeville, South Africa, and spread; the party flew to Stavropol.")
    assert [(text, kind, how) for text, _, kind, how in found] == [
        ("Sharpeville", "place", "unresolved"), ("South Africa", "place", "gazetteer"), ("Stavropol", "place", "gazetteer"),
    ]


def test_a_role_of_an_ordinal_body_announces_no_one():
    assert named("He was President of the Fifteenth Session.") == []
    assert [text for text, *_ in named("The Two-plus-Four Treaty was signed.")] == []


def test_an_editors_insertion_keeps_both_brackets_and_another_spelling_of_a_given_name_is_the_same_person():
    found = named("A note by [Andrei] Ledovskii and Kan Chieh-hou [Gan Jiehou] on Chiang Kaishek.")
    assert [(text, entity_id) for text, entity_id, _, _ in found] == [
        ("[Andrei] Ledovskii", "andrei-ledovskii"), ("Kan Chieh-hou [Gan Jiehou]", "kan-chieh-hou-gan-jiehou"),
        ("Chiang Kaishek", "chiang-kai-shek"),
    ]


def test_a_name_only_capitals_mark_is_not_one_when_the_record_writes_its_words_in_lower_case():
    assert named("On public policy: see the Public Policy series.") == []
    assert [text for text, *_ in named("Golda Meir spoke.")] == ["Golda Meir"]
    assert [text for text, *_ in named("THE TASKS OF THE FRONTS were set; the FLN agreed.")] == ["FLN"]


def test_the_title_grammar_and_the_linker_share_one_list_of_role_words():
    """Roles catalogues write ("Editor", "Spokesperson") announce a name to the linker as they do to the title grammar."""
    assert read_title("Letter from Editor Ruiz to Spokesperson Abe").authors == ("Ruiz",)
    found = named("Editor Ruiz met Spokesperson Abe and Director Okafor.")
    assert [(text, kind) for text, _, kind, _ in found] == [("Ruiz", "person"), ("Abe", "person"), ("Okafor", "person")]


@pytest.mark.parametrize("sentence, body", [
    ("The Ministerial Committee on Defence met at noon.", "Ministerial Committee on Defence"),
    ("He asked the Ministry of Trade and Industry for permits.", "Ministry of Trade and Industry"),
    ("A report of the Arms Control and Disarmament Agency came in.", "Arms Control and Disarmament Agency"),
    ("The Third Army was encircled; the Fifth Committee voted.", "Third Army"),
    ("The Third Army was encircled; the Fifth Committee voted.", "Fifth Committee"),
])
def test_a_bodys_name_holds_on_and_and_ordinals(sentence, body):
    assert (body, "organization") in [(text, kind) for text, _, kind, _ in named(sentence)]


def test_and_between_a_body_and_a_known_name_ends_the_body():
    found = [(text, kind) for text, _, kind, _ in named("The Ministry of Labour and Khrushchev agreed.")]
    assert ("Ministry of Labour", "organization") in found


@pytest.mark.parametrize("sentence, body", [
    ("Arms go to the Mukti Bahini through the border.", "Mukti Bahini"),
    ("The statement was read to the Lok Sabha on Monday.", "Lok Sabha"),
    ("The mutiny of the Force Publique has spread.", "Force Publique"),
    ("Read in the name of the Junta de Gobierno.", "Junta de Gobierno"),
])
def test_capitalised_words_after_the_name_a_body_not_a_person(sentence, body):
    assert [(text, kind) for text, _, kind, _ in named(sentence)] == [(body, "organization")]


@pytest.mark.parametrize("sentence", [
    "They attacked the Sato cabinet.", "THE TASKS OF THE FRONTS were set.", "The Indo-Soviet treaty was signed.",
    "He crossed the Yangtze.", "Talks with the Anglo-Americans failed.", "THE NATIONAL QUESTION was raised.",
    "A letter to the Song Ziwen [T.V. Soong] office.",
])
def test_the_before_a_qualifier_a_heading_or_one_word_names_no_body(sentence):
    assert [kind for _, _, kind, _ in named(sentence)] != ["organization"]


def test_a_known_surname_after_a_particle_the_person_lacks_is_another_person():
    found = named("De Castro proposes a free exchange rate; de Gaulle agrees.", "Memorandum by Sergio de Castro")
    assert [(text, entity_id) for text, entity_id, _, _ in found] == [
        ("Sergio de Castro", "sergio-de-castro"), ("De Castro", "de-castro"), ("de Gaulle", "charles-de-gaulle"),
    ]


def test_initials_that_spell_a_word_stay_part_of_the_name():
    assert [text for text, *_ in named("Lieutenant General A. A. K. Niazi has surrendered.")] == ["A. A. K. Niazi"]


def test_a_surname_alone_stands_for_the_person_an_earlier_record_of_the_page_names_in_full(tmp_path):
    page = tmp_path / "pages"
    page.mkdir()
    (page / "cabinet.txt").write_text(
        "Results:\n\n1 - 3 of 3\n\nDocuments\n\n7 October 1973\n\nMinutes of the cabinet meeting\n\n"
        "Moshe Dayan proposes a line; Eamonn Kennedy of the Irish delegation attends.\n\n"
        "9 October 1973\n\nNotes on the airlift\n\nDayan asks for tanks; Kennedy reports from Dublin.\n\n"
        "10 October 1973\n\nNotes on the front\n\nNo names here.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["run", "--input", str(page), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "data" / "mentions.csv").open(encoding="utf-8") as handle:
        mentions = [(row["text"], row["entity_id"]) for row in csv.DictReader(handle)]
    assert ("Dayan", "moshe-dayan") in mentions
    assert ("Kennedy", "john-f-kennedy") not in mentions  # another Kennedy is named on the page


def test_a_party_an_office_opens_is_the_person_behind_it():
    title = "Minutes of the meeting of the Ministerial Committee on Defence with Chief of Staff David Elazar"
    parts = read_title(title)
    record = Document("test", 1, 1, title, None, "", parts.document_type, parts.authors, parts.recipients,
                      participants=parts.participants)
    mentions, _ = link_record(record, default_authority())
    assert [(m.text, m.role) for m in mentions] == [
        ("Ministerial Committee on Defence", "author"), ("David Elazar", "participant"),
    ]


def test_former_names_of_big_cities_are_places():
    found = named("The consul flew from Léopoldville to Elisabethville, then on to Dacca and Peking.")
    assert [(text, kind, how) for text, _, kind, how in found][:3] == [
        ("Léopoldville", "place", "gazetteer"), ("Elisabethville", "place", "gazetteer"), ("Dacca", "place", "gazetteer"),
    ]
