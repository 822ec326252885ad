"""Linking quality stays above target on records written for it, and exact on the seeds."""

from __future__ import annotations

import csv

import pytest

from benchmarks.entity_quality import FIXTURES, SETS, measure
from pipeline.linking.authority import default_authority

MEASURED = ("person", "organization", "place", "all entities", "author", "recipient", "participant")
# Entities are counted by the hundred; a title names a few parties of each role ("between A and B" are
# participants, so the held-out set has 31 authors, 18 recipients, 14 participants).
ENOUGH = {"author": 10, "recipient": 10, "participant": 10}


@pytest.fixture(scope="module")
def scores():
    return {name: measure(folder, gold, default_authority()) for name, (folder, gold) in SETS.items()}


@pytest.mark.parametrize("label", MEASURED)
def test_held_out_records_meet_the_targets(scores, label):
    score = scores["held-out"][label]
    assert score.expected >= ENOUGH.get(label, 20), score
    assert score.precision >= 0.95, score
    assert score.recall >= 0.90, score


@pytest.mark.parametrize("label", MEASURED)
def test_seed_records_are_linked_exactly(scores, label):
    score = scores["seeds"][label]
    assert (score.precision, score.recall) == (1.0, 1.0), score


def test_the_held_out_set_has_at_least_30_records():
    rows = list(csv.DictReader((FIXTURES / "entities-heldout-gold.csv").open(encoding="utf-8")))
    assert len({(row["source"], row["position"]) for row in rows}) >= 30
