"""Write a synthetic corpus in our input formats, deterministic for a seed.

    python benchmarks/make_corpus.py --files 1000 --out /tmp/corpus [--seed 7]

Mostly archive listing pages of 10 records (varied date precisions, title grammars, undated
records, records without a description), some event articles, and about one file in ten a
document page: a cover (site lines, date, wrapped title, "Citation:" ending in the document's
address, "Summary:", "Credits:", "Original Language:", "Contents:", a label) or a labelled header
("Title:", "Author:", "Date:", "Source:", "Description:"), some flattened to one line, then 5-40 KB of
full text with page headers and footnotes. Names come from the authority file, mixed with names it
does not know. `corpus.json` beside the texts gives the record counts the pipeline must find.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from importlib import resources
from pathlib import Path

RECORDS_PER_PAGE = 10
EVENT_SHARE = 0.1
DOCUMENT_SHARE = 0.1
FULL_TEXT_BYTES = (5_000, 40_000)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
UNKNOWN_PEOPLE = ["Miroslav Kalinić", "Ana Petrescu", "Józef Wiśniewski", "Hugo Barrientos", "Lena Varga",
                  "Dimitar Stoyanov", "Tomas Lindqvist", "Aziz Karimov", "Ilse Brandt", "Radu Ionescu"]
TOPICS = ["the trade agreement", "the situation in Hungary", "the Balkan Pact", "economic assistance",
          "the international press", "party relations", "the non-aligned conference", "disarmament",
          "the Berlin question", "the harvest and bread supplies"]
CITIES = ["Belgrade", "Moscow", "Budapest", "Warsaw", "Prague", "Beijing", "Berlin", "Sofia", "Bucharest", "Tirana"]
COUNTRIES = ["Yugoslavia", "the Soviet Union", "Hungary", "Poland", "Czechoslovakia", "China", "the GDR",
             "Bulgaria", "Romania", "Albania"]
TITLE_GRAMMARS = [
    "Letter from {a} to {b} regarding {topic}",
    "Letter, {a} to {b}",
    "Telegram from {a} to {b} concerning {topic}",
    "Note from {a} to {b} regarding {topic}",
    "Memorandum of Conversation between {a} and {b}",
    "Record of Conversation between {a} and {b} on {topic}",
    "Report by {a} on {topic}",
    "Speech by {a} at the Party Congress",
    "Diary of {a}",
    "{a}'s Conversation with {b}",
    "Minutes of the Meeting of the {org}",
    "Report on {topic} sent by {a}, the ambassador in {city}, to {b}",
]


def authority_names() -> dict[str, list[str]]:
    """Canonical names by entity type, from the pipeline's authority file."""
    names: dict[str, list[str]] = {}
    table = resources.files("pipeline.reference").joinpath("entities.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(table.splitlines()):
        names.setdefault(row["type"], []).append(row["name"])
    return names


def written_date(rng: random.Random) -> str | None:
    year, month, day = rng.randint(1945, 1991), rng.randint(1, 12), rng.randint(1, 28)
    shape = rng.random()
    if shape < 0.7:
        return f"{MONTHS[month - 1]} {day}, {year}"
    if shape < 0.82:
        return f"{MONTHS[month - 1]} {year}"
    if shape < 0.9:
        return f"{MONTHS[month - 1]}, {year}"
    if shape < 0.96:
        return str(year)
    return None


def person(rng: random.Random, names: dict[str, list[str]]) -> str:
    return rng.choice(UNKNOWN_PEOPLE) if rng.random() < 0.15 else rng.choice(names["person"])


ARCHIVES = ["State Archive of Foreign Affairs, Belgrade", "Central Party Archive, Sofia", "National Archive, Budapest",
            "Military History Archive, Prague", "Foreign Ministry Archive, Warsaw", "Presidential Archive, Moscow"]
LANGUAGES = ["Russian", "Serbo-Croatian", "Hungarian", "Polish", "Czech", "Bulgarian", "Chinese", "German", "Romanian"]
TRANSLATORS = ["Ivana Kovač", "Peter Lindgren", "Mara Dobos", "Oleg Sukhov", "Jan Nowicki"]
SITE_LINES = ["Digital Archive", "digitalarchive.wilsoncenter.org", "International History Declassified"]
SENTENCES = [
    "{a} opened the conversation by saying that {topic} could no longer wait.",
    "In {city} the view was that {country} would not accept {topic} without guarantees.",
    "{a} replied that the question had been raised with {b} more than once.",
    "The delegation of {org} proposed to return to {topic} after the holidays.",
    "It was agreed that {b} would inform {country} of the results.",
    "{a} stressed that the press in {city} had misrepresented {topic}.",
    "Comrade {a} asked whether {org} had received the figures on {topic}.",
]


def full_text(rng: random.Random, names: dict[str, list[str]], size: int) -> list[str]:
    """Paragraphs of a document's text, about `size` characters, with page headers and footnotes as scans give them."""
    paragraphs: list[str] = []
    length, page = 0, 1
    while length < size:
        paragraph = " ".join(
            rng.choice(SENTENCES).format(
                a=person(rng, names), b=person(rng, names), topic=rng.choice(TOPICS), city=rng.choice(CITIES),
                country=rng.choice(COUNTRIES), org=rng.choice(names["organization"]),
            )
            for _ in range(rng.randint(3, 9))
        )
        if rng.random() < 0.15:
            page += 1
            paragraphs.append(f"- {page} -")
        if rng.random() < 0.05:
            paragraphs.append(f"[{page}] See the report of {rng.choice(names['organization'])} on {rng.choice(TOPICS)}.")
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return paragraphs


def wrapped(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def document_page(rng: random.Random, names: dict[str, list[str]], serial: int) -> str:
    """One document's page: the archive's cover or a labelled header, then its full text."""
    author, recipient = person(rng, names), person(rng, names)
    title = rng.choice(TITLE_GRAMMARS).format(
        a=author, b=recipient, topic=rng.choice(TOPICS), org=rng.choice(names["organization"]), city=rng.choice(CITIES),
    )
    year, month, day = rng.randint(1945, 1991), rng.randint(1, 12), rng.randint(1, 28)
    date = f"{MONTHS[month - 1]} {day}, {year}"
    summary = f"{author} reports to {recipient} on {rng.choice(TOPICS)} and the position of {rng.choice(COUNTRIES)}."
    source = f"{rng.choice(ARCHIVES)}, fond {rng.randint(1, 99)}, opis {rng.randint(1, 30)}, delo {rng.randint(1, 900)}"
    text = full_text(rng, names, rng.randint(*FULL_TEXT_BYTES))
    if rng.random() < 0.25:
        header = [
            rng.choice(["Cold War Documents Collection", "Documents on Balkan Diplomacy", "Archive Reader"]),
            f"Title: {title}" + (f"    Author: {author}" if rng.random() < 0.5 else f"\nAuthor: {author}"),
            f"Date: {date}",
            f"Source: {source}",
            f"Description: {summary}",
        ]
        return "\n".join(header) + "\n\n" + "\n\n".join(text) + "\n"
    languages = ", ".join(rng.sample(LANGUAGES, rng.randint(1, 2)))
    cover = [
        *SITE_LINES, "", date, *("    " + line for line in wrapped(title, rng.randint(30, 60))), "",
        "Citation:",
        f'"{title}", {date}, {source}. Translated by {rng.choice(TRANSLATORS)}. '
        f"https://digitalarchive.wilsoncenter.org/document/{100000 + serial}",
        "", "Summary:", summary, "",
        *(["Credits:", f"Translation funded by the {rng.choice(['Balkan Studies Fund', 'Archive Grants Trust'])}.", ""]
          if rng.random() < 0.5 else []),
        "Original Language:", languages, "", "Contents:", rng.choice(["English Translation", f"{languages.split(',')[0]} Transcription"]), "",
    ]
    page = "\n".join(cover) + "\n" + "\n\n".join(text) + "\n"
    if rng.random() < 0.2:  # copied from an HTML mirror: one long line
        return " ".join(page.split()) + "\n"
    return page


def listing_page(rng: random.Random, names: dict[str, list[str]], page: int, serial: int) -> str:
    start = page * RECORDS_PER_PAGE + 1
    lines = ["Skip to content", "Results:", f"{start} - {start + RECORDS_PER_PAGE - 1} of {start + 10 * RECORDS_PER_PAGE}",
             "Documents"]
    for number in range(RECORDS_PER_PAGE):
        title = rng.choice(TITLE_GRAMMARS).format(
            a=person(rng, names), b=rng.choice([person(rng, names), rng.choice(names["organization"])]),
            topic=rng.choice(TOPICS), org=rng.choice(names["organization"]), city=rng.choice(CITIES),
        ) + f" (Ref. {serial + number})"
        date = written_date(rng)
        if date is None:
            title += " (undated)"
        else:
            lines.append(date)
        lines.append(title)
        if rng.random() < 0.9:
            lines.append(
                f"{person(rng, names)} discusses {rng.choice(TOPICS)} with {person(rng, names)} in "
                f"{rng.choice(CITIES)}. The document also mentions {rng.choice(COUNTRIES)} and "
                f"{rng.choice(names['organization'])}."
            )
    lines.append("Pagination")
    return "\n\n".join(lines) + "\n"


def event_article(rng: random.Random, names: dict[str, list[str]], serial: int) -> str:
    city, country = rng.randrange(len(CITIES)), rng.random()
    leader_a, leader_b = rng.sample(names["person"], 2)
    year, month, day = rng.randint(1945, 1991), rng.randint(1, 12), rng.randint(1, 28)
    return "\n".join([
        f"The {CITIES[city]} Meeting No. {serial}",
        f"{leader_a} and {leader_b} met to discuss {rng.choice(TOPICS)}. The meeting took place in "
        f"{CITIES[city]}, {COUNTRIES[city]}, and marked a turn in relations between the two governments "
        f"{'after years of tension' if country < 0.5 else 'at a time of crisis'}.",
        "Leaders met in person",
        f"Talks covered {rng.choice(TOPICS)}",
        "A joint statement followed",
        "What Happened?",
        f"On {MONTHS[month - 1]} {day}, {year}, {leader_a} arrived for talks with {leader_b}. "
        f"The two sides discussed {rng.choice(TOPICS)} and {rng.choice(TOPICS)}.",
        "Why Does it Matter?",
        f"The meeting shaped the relations of {COUNTRIES[city]} with its neighbours for years.",
    ]) + "\n"


def make_corpus(files: int, out: Path, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    names = authority_names()
    out.mkdir(parents=True, exist_ok=True)
    counts = {"files": files, "documents": 0, "events": 0, "document_pages": 0}
    document_pages = []
    for index in range(files):
        share = rng.random()
        if share < EVENT_SHARE:
            text = event_article(rng, names, index)
            counts["events"] += 1
        elif share < EVENT_SHARE + DOCUMENT_SHARE:
            text = document_page(rng, names, index)
            counts["document_pages"] += 1  # their documents are not in "documents": that counts the listings' records
            document_pages.append(f"{index:07d}.txt")
        else:
            text = listing_page(rng, names, index % 10, index * RECORDS_PER_PAGE)
            counts["documents"] += RECORDS_PER_PAGE
        (out / f"{index:07d}.txt").write_text(text, encoding="utf-8")
    described = {**counts, "seed": seed, "document_page_files": document_pages}
    (out / "corpus.json").write_text(json.dumps(described, indent=2) + "\n", encoding="utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, required=True, help="how many input files to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them to")
    parser.add_argument("--seed", type=int, default=7, help="random seed: the same seed gives the same corpus")
    arguments = parser.parse_args()
    counts = make_corpus(arguments.files, arguments.out, arguments.seed)
    print(f"wrote {counts['files']} files ({counts['documents']} documents in listings, {counts['events']} events, "
          f"{counts['document_pages']} document pages) to {arguments.out}")


if __name__ == "__main__":
    main()
