"""Linking: which entities each record names, in which role, and where exactly in its text."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extraction.chunk import read_file
from pipeline.formats.titles import read_title
from pipeline.linking.authority import default_authority, load_authority
from pipeline.linking.linker import _chunk_pattern, link, link_record
from pipeline.parsed import Document, Event

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def document(title: str, description: str | None = None) -> Document:
    parts = read_title(title)
    return Document("test", 1, 1, title, None, description, parts.document_type, parts.authors, parts.recipients,
                    parts.participants)


def event(summary: str, what_happened: str = "Nothing more.") -> Event:
    return Event("test", 1, "An Event", None, None, summary, what_happened, None, ())


def found(record) -> list[tuple[str, str, str]]:
    """(text, entity_id, role) of every mention, in order."""
    mentions, _ = link_record(record, default_authority())
    return [(mention.text, mention.entity_id, mention.role) for mention in mentions]


def records_of(folder: Path):
    for path in sorted(folder.glob("*.txt")):
        parsed = read_file(path, folder).parsed
        for record in parsed.records:
            yield path.stem, getattr(record, "position", 1), record


def test_every_seed_record_names_exactly_the_gold_entities_in_their_roles():
    gold: dict[tuple[str, int], set[tuple[str, str]]] = {}
    for row in csv.DictReader((FIXTURES / "entities-seeds-gold.csv").open(encoding="utf-8")):
        gold.setdefault((row["source"], int(row["position"])), set()).add((row["entity_id"], row["role"]))
    seen = set()
    for stem, position, record in records_of(SEEDS):
        mentions, _ = link_record(record, default_authority())
        roles = {(m.entity_id, m.role) for m in mentions if m.role != "mentioned"}
        named = {m.entity_id for m in mentions}
        expected = gold[(stem, position)]
        assert named == {entity for entity, _ in expected}, (stem, position)
        assert roles == {(entity, role) for entity, role in expected if role != "mentioned"}, (stem, position)
        seen.add((stem, position))
    assert seen == set(gold)


@pytest.mark.parametrize("folder", [SEEDS, FIXTURES], ids=["seeds", "held-out"])
def test_offsets_round_trip_and_never_overlap(folder):
    for _, _, record in records_of(folder):
        texts = dict(record.text_fields())
        mentions, _ = link_record(record, default_authority())
        for mention in mentions:
            assert texts[mention.field][mention.start : mention.end] == mention.text
        places = [(m.field, m.start, m.end) for m in mentions]
        for field, start, end in places:
            assert not [p for p in places if p[0] == field and p[1] < end and start < p[2] and p != (field, start, end)]


words = st.sampled_from(
    ["Tito's", "N. Khrushchev", "Comrade", "the", "of", "CC", "CPSU", "Belgrade,", "Yugolsavia.", "Meanwhile",
     "Pavel", "Yudin", "[Politburo]", "Soviet", "and", "Ambassador", "J.V.", "Stalin", "—", "Zhou Enlai’s", "\n\n"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=30), st.lists(words, max_size=12))
def test_offsets_round_trip_on_any_text(description, title):
    record = document(" ".join(title) or "Untitled", " ".join(description) or None)
    texts = dict(record.text_fields())
    for mention in link_record(record, default_authority())[0]:
        assert texts[mention.field][mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "written",
    ["Nikita Khrushchev", "N. Khrushchev", "Nikita S. Khrushchev", "Khrushchev", "Nikita Jruschov", "N.S. Khrushchev",
     "Nikita Sergeyevich"],
)
def test_spellings_of_khrushchev_are_one_person(written):
    assert found(document("Untitled", f"A talk with {written} in Moscow.")) == [
        (written, "nikita-khrushchev", "mentioned"), ("Moscow", "moscow", "mentioned")
    ]


@pytest.mark.parametrize(
    "sentence, text, entity_id",
    [
        ("Letter to Josep B. Tito.", "Josep B. Tito", "josip-broz-tito"),
        ("Tito's regime held.", "Tito", "josip-broz-tito"),
        ("Tito’s regime held.", "Tito", "josip-broz-tito"),
        ("He met Premier Nikita Khrushchev there.", "Nikita Khrushchev", "nikita-khrushchev"),
        ("He wrote to Comrade J.V. Stalin then.", "J.V. Stalin", "joseph-stalin"),
        ("He wrote to the CC LCY then.", "CC LCY", "lcy-cc"),
        ("His visit to Yugolsavia ended.", "Yugolsavia", "yugoslavia"),
        ("He wrote to Kaganovitch then.", "Kaganovitch", "lazar-kaganovich"),
        ("Report form Carlos Rafael Rodrigeuez.", "Carlos Rafael Rodrigeuez", "carlos-rafael-rodriguez"),
        ("He saw Charles de Gaulle's aides.", "Charles de Gaulle", "charles-de-gaulle"),
        ("A letter from the Polish United Workers' Party came.", "Polish United Workers' Party", "pzpr"),
    ],
)
def test_forms_of_a_name_resolve_to_the_entity(sentence, text, entity_id):
    assert found(document("Untitled", sentence)) == [(text, entity_id, "mentioned")]


@pytest.mark.parametrize(
    "text, runs",
    [
        ("He met de Gaulle in Paris.", ["He", "de Gaulle in Paris"]),  # a particle opens a run; "in" joins one
        ("He made Gaulle wait.", ["He", "Gaulle"]),  # ...but not the end of a word
        ("de gaulle", []),
        ("The [Politburo] of the CC met.", ["The [Politburo] of the CC"]),
        ("x[Foo] met O'Brien's aide", ["Foo]", "O'Brien's"]),  # no run opens inside a word
        ("Ade Gaulle, de [Gaulle] and J.V. Stalin", ["Ade Gaulle", "de [Gaulle] and J.V. Stalin"]),
        ("Soviet-Yugoslav talks", ["Soviet-Yugoslav"]),
    ],
)
def test_runs_of_capitalised_words(text, runs):
    authority = default_authority()
    assert [run.group() for run in _chunk_pattern(authority.particles, authority.connectors).finditer(text)] == runs


def test_linking_leaves_the_authority_file_as_it_was():
    # What the linker remembers between records is its own: the authority a worker is handed stays the file's data.
    authority = load_authority(REPO / "pipeline" / "reference" / "entities.csv")
    before = pickle.dumps(authority)
    record = document("Letter from Ambassador Reis Malile to Kaganovitch", "Malile met Tito's envoy in Yugolsavia.")
    assert [m.matched_by for m in link_record(record, authority)[0]].count("fuzzy") == 1
    assert pickle.dumps(authority) == before


def test_a_typo_is_flagged_fuzzy_and_a_listed_typo_is_an_alias():
    mentions, _ = link_record(document("Untitled", "Kaganovitch and Yugolsavia."), default_authority())
    assert [(m.text, m.matched_by) for m in mentions] == [("Kaganovitch", "fuzzy"), ("Yugolsavia", "alias")]


def test_a_nationality_adjective_is_not_a_place():
    assert found(document("Untitled", "Soviet troops and Yugoslav leaders; Soviet-Yugoslav relations.")) == []


def test_a_word_that_starts_a_sentence_is_not_a_person():
    text = "Meanwhile, the talks went on. Following the split, Marxist policy changed. Blaming others, they left."
    assert found(document("Untitled", text)) == []


def test_a_single_unknown_capitalised_word_is_not_a_person():
    assert found(document("Untitled", "The Malin Collection holds notes about Historical Materialism.")) == []


@pytest.mark.parametrize(
    "sentence, name, entity_id",
    [
        ("Talks with Ambassador Reis Malile began.", "Reis Malile", "reis-malile"),
        ("The Greek foreign minister Stefanos Stefanopoulos agreed.", "Stefanos Stefanopoulos", "stefanos-stefanopoulos"),
        ("Talks in Prague with Václav David began.", "Václav David", "vaclav-david"),
        ("A note by P. Kovalenko arrived.", "P. Kovalenko", "p-kovalenko"),
        ("The Presidium instructs Ambassador Valkov to wait.", "Valkov", "valkov"),
        ("The Albanian diplomat Tahmaz Beqari spoke.", "Tahmaz Beqari", "tahmaz-beqari"),
        ("Talks with Chargé d'Affaires Behar Shtylla began.", "Behar Shtylla", "behar-shtylla"),
    ],
)
def test_unknown_names_the_text_marks_as_names_are_kept_unresolved(sentence, name, entity_id):
    mentions, unresolved = link_record(document("Untitled", sentence), default_authority())
    assert (name, entity_id, "unresolved") in [(m.text, m.entity_id, m.matched_by) for m in mentions]
    assert [(entity.entity_id, entity.name, entity.type, entity.resolved) for entity in unresolved] == [
        (entity_id, name, "person", False)
    ]


def test_a_role_then_of_does_not_make_the_next_word_a_name():
    assert found(document("Untitled", "The President of the Republic spoke.")) == []


def test_a_surname_alone_is_the_person_named_in_full_in_the_same_record():
    record = document("Untitled", "Ambassador Reis Malile met Zhou. Malile then left; Rodriguez too.")
    assert found(record) == [
        ("Reis Malile", "reis-malile", "mentioned"), ("Zhou", "zhou-enlai", "mentioned"), ("Malile", "reis-malile", "mentioned")
    ]


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Letter, Władysław Gomułka to Nikita Khrushchev",
         [("Władysław Gomułka", "wladyslaw-gomulka", "author"), ("Nikita Khrushchev", "nikita-khrushchev", "recipient")]),
        ("Telegram from Soviet Ambassador in Beijing Pavel Yudin to the CC CPSU",
         [("Beijing", "beijing", "mentioned"), ("Pavel Yudin", "pavel-yudin", "author"), ("CC CPSU", "cpsu-cc", "recipient")]),
        ("Cable from Ambassador Alekseev (Havana) to the Ministry of Foreign Affairs of the USSR",
         [("Alekseev", "aleksandr-alekseev", "author"), ("Havana", "havana", "mentioned"),
          ("Ministry of Foreign Affairs of the USSR", "mfa-ussr", "recipient")]),
        ("Zhou Enlai's Conversation with Albanian Ambassador Reis Malile",
         [("Zhou Enlai", "zhou-enlai", "author"), ("Reis Malile", "reis-malile", "participant")]),
        ("CPSU CC International Department [Boris Ponomarev], 'On the Situation in the Italian Communist Party'",
         [("CPSU CC International Department", "cpsu-cc-international-department", "author"),
          ("Boris Ponomarev", "boris-ponomarev", "author"), ("Italian Communist Party", "pci", "mentioned")]),
        ("Minutes of the Meeting of the Politburo of the Party of Labour of Albania",
         [("Politburo of the Party of Labour of Albania", "pla-cc-politburo", "author")]),
        ("Information from the Bulgarian Embassy in Belgrade to Todor Zhivkov on the Congress",
         [("Bulgarian Embassy in Belgrade", "bulgarian-embassy-in-belgrade", "author"),
          ("Todor Zhivkov", "todor-zhivkov", "recipient")]),
        ("Instructions from the CPSU CC Presidium to the Soviet Ambassador in Belgrade",
         [("CPSU CC Presidium", "cpsu-cc-presidium", "author"), ("Belgrade", "belgrade", "mentioned")]),
        ("Report on the conference sent by Tahmaz Beqari, the Albanian ambassador in Belgrade, to the Ministry of Foreign Affairs of Albania",
         [("Tahmaz Beqari", "tahmaz-beqari", "author"), ("Belgrade", "belgrade", "mentioned"),
          ("Ministry of Foreign Affairs of Albania", "mfa-albania", "recipient")]),
    ],
)
def test_the_title_grammar_gives_authors_recipients_and_participants(title, expected):
    assert found(document(title)) == expected


def test_an_events_summary_introduces_its_participants():
    record = event(
        "On June 2, 1955, Premier Nikita Khrushchev and Yugoslav leader Josip Broz Tito met; Stalin was dead.",
        "Khrushchev and Tito signed.",
    )
    assert found(record) == [
        ("Nikita Khrushchev", "nikita-khrushchev", "participant"), ("Josip Broz Tito", "josip-broz-tito", "participant"),
        ("Stalin", "joseph-stalin", "mentioned"), ("Khrushchev", "nikita-khrushchev", "mentioned"),
        ("Tito", "josip-broz-tito", "mentioned"),
    ]


def test_link_keeps_record_order_and_one_entity_per_unresolved_name():
    records = [document("Letter from Tahmaz Beqari to Tito"), document("Note from Tahmaz Beqari to Nehru")]
    linked = link(records, default_authority())
    assert [m.record_id for m in linked.mentions] == [records[0].document_id] * 2 + [records[1].document_id] * 2
    assert list(linked.unresolved) == ["tahmaz-beqari"]
