"""Clues of a pattern: a line without any of them is never a match, whatever the pattern holds."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.formats.clues import _ASCII_LOOKALIKES, clues, holds_a_clue
from pipeline.formats.lines import _chrome_patterns

# Letters sre folds across case, including the non-ASCII ones that match ASCII letters: Kelvin sign, long s, dotted/dotless i.
ALPHABET = "abcAByYs -.\u212a\u017f\u0130\u0131é"
ATOMS = [*map(re.escape, ALPHABET), r"\b", r"\d", ".", "[a-c]", "[^ ]", r"\s"]


def _patterns():
    return st.recursive(
        st.sampled_from(ATOMS),
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=5).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(?:" + "|".join(parts) + ")"),
            st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "+?", "++", "{0,2}"])).map(lambda p: f"(?:{p[0]}){p[1]}"),
            st.tuples(inner, st.sampled_from(["(", "(?>", "(?-i:", "(?=", "(?!", "(?<=a)("])).map(lambda p: f"{p[1]}{p[0]})"),
        ),
        max_leaves=12,
    )


@settings(max_examples=3000, deadline=None)
@given(_patterns(), st.lists(st.text(alphabet="abcAByYsSkK -.0123éß\u0130\u0131\u017f\u212a", max_size=12), min_size=1, max_size=6))
def test_every_match_holds_a_clue(source, pieces):
    pattern = re.compile(source, re.IGNORECASE)
    found = clues(pattern)
    for text in [*pieces, "".join(pieces), " ".join(pieces)]:
        if found is not None and pattern.search(text):
            assert holds_a_clue(text, found), (source, text, found)


def test_the_lookalikes_are_every_character_beyond_ascii_that_sre_folds_onto_ascii():
    any_ascii = re.compile("|".join(map(re.escape, map(chr, range(128)))), re.IGNORECASE)
    folded = [chr(code) for code in range(128, 0x110000) if any_ascii.fullmatch(chr(code))]
    assert folded == ["\u0130", "\u0131", "\u017f", "\u212a"]
    assert all(_ASCII_LOOKALIKES.fullmatch(char) for char in folded)


def test_clues_are_the_literal_runs_each_alternative_needs():
    assert clues(re.compile(r"\b(machine[- ]generated|automatically generated)\b|\b\d+ years? ago\b", re.I)) == {"generated", " year"}
    assert clues(re.compile(r"(?:share|print)( page)?", re.I)) == {"share", "print"}
    assert clues(re.compile(r"\u212aelvin", re.I)) == {"kelvin"}  # the Kelvin sign matches k and K


def test_no_clue_when_some_match_needs_no_literal():
    assert clues(re.compile(r"[»«›‹<>|…\s\d-]+|next", re.I)) is None  # the first alternative has no literal
    assert clues(re.compile(r"(?:read )?more", re.I)) == {"more"}  # an optional part is not a clue
    assert clues(re.compile(r"x*", re.I)) is None
    assert clues(re.compile(r"é+", re.I)) is None  # no ASCII line can match it: the search decides


def test_the_shipped_within_patterns_have_clues():
    # Without them every line of every page is searched pattern by pattern, at every position.
    assert _chrome_patterns().within_clues
