"""Records per second of entity linking, on a synthetic batch made from the seed and held-out records.

Each synthetic record is a real record whose names are replaced at random: 60% by another spelling
of an entity of the same type (aliases, transliterations, composed organ names), 25% by an unknown
name of random syllables drawn from a pool (an archive names the same unknown people again and
again; --unknown-names sets how many there are), and 15% by a swap of two letters, so that the
batch has the variety of a large archive rather than repeating a few dozen texts. Only `link` is
timed: once starting with nothing remembered, then again over the same batch, remembering what the
first pass analysed (the rate for an archive whose names have mostly been seen before).

    python benchmarks/entity_speed.py [--records 100000] [--unknown-names 20000] [--seed 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import time
from pathlib import Path

from pipeline.extraction.chunk import read_file
from pipeline.formats.titles import read_title
from pipeline.linking.authority import Authority, default_authority, key_of, load_authority
from pipeline.linking.linker import link, link_record
from pipeline.parsed import Document, Event

REPO = Path(__file__).resolve().parent.parent
FOLDERS = (REPO / "seeds", REPO / "tests" / "fixtures")
_SYLLABLES = "ka lo mir vo de jan sta ni ko vić ra bu te sha zo li pe tar mu ha".split()


def real_records() -> list[Document | Event]:
    records = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            parsed = read_file(path, folder).parsed
            records += parsed.records
    return records


def synthetic_batch(count: int, unknown_names: int, seed: int, authority: Authority) -> list[Document | Event]:
    rng = random.Random(seed)
    pool = [" ".join("".join(rng.choices(_SYLLABLES, k=rng.randint(2, 3))).capitalize() for _ in range(2))
            for _ in range(unknown_names)]
    spellings: dict[str, list[str]] = {}
    for entity in authority.entities.values():
        spellings.setdefault(entity.type, []).extend([entity.name, *entity.aliases])
    types = {key: authority.entities[entity_id].type for key, entity_id in authority.keys.items()}
    bases = real_records()
    batch = []
    for number in range(count):
        base = bases[number % len(bases)]
        mentions, _ = link_record(base, authority)
        replacements = {(m.field, m.start, m.end): _another_name(m.text, types.get(key_of(m.text), "person"), spellings, pool, rng)
                        for m in mentions}
        texts = {}
        for name, text in base.text_fields():
            for (field, start, end), new in sorted(replacements.items(), reverse=True):
                if field == name:
                    text = text[:start] + new + text[end:]
            texts[name] = text
        batch.append(_with_texts(base, texts, number))
    return batch


def _another_name(text: str, kind: str, spellings: dict[str, list[str]], pool: list[str], rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.6:
        return rng.choice(spellings[kind])
    if draw < 0.85:
        return rng.choice(pool)
    if len(text) > 6:
        at = rng.randrange(1, len(text) - 2)
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    return text


def _with_texts(base: Document | Event, texts: dict[str, str], number: int) -> Document | Event:
    title = f"{texts['title']} ({number})"  # distinct ids
    if isinstance(base, Document):
        parts = read_title(texts["title"])
        return dataclasses.replace(base, title=title, description=texts.get("description"),
                                   authors=parts.authors, recipients=parts.recipients, participants=parts.participants)
    highlights = tuple(texts[f"highlights/{i}"] for i in range(1, len(base.highlights) + 1))
    return dataclasses.replace(base, title=title, summary=texts.get("summary"), what_happened=texts.get("what_happened"),
                               why_it_matters=texts.get("why_it_matters"), highlights=highlights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--unknown-names", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    batch = synthetic_batch(options.records, options.unknown_names, options.seed, default_authority())
    # Start cold: a fresh copy of the authority file, for which nothing has been remembered while building the batch.
    authority = load_authority(REPO / "pipeline" / "reference" / "entities.csv")
    characters = sum(len(text) for record in batch for _, text in record.text_fields())
    for run in ("first pass", "second pass"):
        started = time.perf_counter()
        linked = link(batch, authority)
        seconds = time.perf_counter() - started
        print(f"{run}: {len(batch)} records ({characters / len(batch):.0f} characters each on average) linked in "
              f"{seconds:.2f} s on one core: {len(batch) / seconds:,.0f} records/s, "
              f"{len(linked.mentions) / len(batch):.1f} mentions each, {len(linked.unresolved)} unresolved names in all")


if __name__ == "__main__":
    main()
