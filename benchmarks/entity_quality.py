"""Precision and recall of entity linking against hand-made gold, on the seeds and on held-out records.

Gold (`tests/fixtures/entities-*-gold.csv`) lists, per record (source file stem and position in
its results, 1 for an event article), each entity the text names once, with its type and its
role (author, recipient, participant, or mentioned). Entities are scored as (record, entity)
pairs, per type; roles as (record, entity, role) triples. Names the authority file does not know
count as found when the pipeline's unresolved entity has the gold's id (the slug of the name).

    python benchmarks/entity_quality.py [--authority FILE]
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

from pipeline.extraction.chunk import read_file
from pipeline.linking.authority import TYPES, Authority, load_authority
from pipeline.linking.linker import link_record

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SETS = {
    "seeds": (REPO / "seeds", FIXTURES / "entities-seeds-gold.csv"),
    "held-out": (FIXTURES, FIXTURES / "entities-heldout-gold.csv"),
}
ROLES = ("author", "recipient", "participant")


@dataclass(frozen=True)
class Score:
    found: int
    expected: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def measure(folder: Path, gold_path: Path, authority: Authority) -> dict[str, Score]:
    """Scores per entity type, for all entities, and per role, over the records gold covers."""
    gold = list(csv.DictReader(gold_path.open(encoding="utf-8")))
    sources = {row["source"] for row in gold}
    predicted: list[tuple[tuple[str, int], str, str, str]] = []  # record, entity, type, role
    for stem in sorted(sources):
        parsed = read_file(folder / f"{stem}.txt", folder).parsed
        for record in parsed.records:
            key = (stem, getattr(record, "position", 1))
            mentions, unresolved = link_record(record, authority)
            types = {entity.entity_id: entity.type for entity in unresolved}
            for mention in mentions:
                kind = authority.entities[mention.entity_id].type if mention.entity_id in authority.entities else types[mention.entity_id]
                predicted.append((key, mention.entity_id, kind, mention.role))
    expected = [((row["source"], int(row["position"])), row["entity_id"], row["type"], row["role"]) for row in gold]
    scores = {}
    for kind in (*TYPES, None):
        found = {(record, entity) for record, entity, t, _ in predicted if kind in (None, t)}
        wanted = {(record, entity) for record, entity, t, _ in expected if kind in (None, t)}
        scores[kind or "all entities"] = Score(len(found), len(wanted), len(found & wanted))
    for role in ROLES:
        found = {(record, entity) for record, entity, _, r in predicted if r == role}
        wanted = {(record, entity) for record, entity, _, r in expected if r == role}
        scores[role] = Score(len(found), len(wanted), len(found & wanted))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--authority", type=Path, help="authority file to use instead of the packaged one")
    authority = load_authority(parser.parse_args().authority)
    for name, (folder, gold) in SETS.items():
        print(f"{name} ({gold.relative_to(REPO)}):")
        for label, score in measure(folder, gold, authority).items():
            print(f"  {label:<14} precision {score.precision:.3f}  recall {score.recall:.3f}"
                  f"  ({score.correct} right of {score.found} found, {score.expected} expected)")


if __name__ == "__main__":
    main()
