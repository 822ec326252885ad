"""Clues of a regular expression: strings of which every match holds at least one.

sre tries a case-insensitive pattern that opens with `\\b` at every position of a line (there is no
leading literal it could scan for), so a search costs microseconds a line. A match must contain the
pattern's literal runs (one run of each alternative), and `in` finds those in C at a fraction of
the cost: a line, lower-cased, without any clue cannot match, and the search is skipped.

Clues are read from the pattern's parse tree and only ever make the answer cheaper, never
different: a construct not understood here yields no clue, and then every line is searched.
"""

from __future__ import annotations

import re
from functools import cache
from re import _parser  # re's own parser: the tree every pattern is compiled from

_LITERAL = _parser.LITERAL
# The only characters beyond ASCII that sre, ignoring case, takes for ASCII ones: İ, ı, ſ (long s), K (Kelvin sign).
_ASCII_LOOKALIKES = re.compile("[\u0130\u0131\u017f\u212a]")
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)


def clues(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of the pattern holds, in any case; None if unknown."""
    found = _sequence(_parser.parse(pattern.pattern, pattern.flags).data)
    if not found:
        return None
    # "automatically generated" holds "generated": a line without the shorter clue has neither.
    return frozenset(clue for clue in found if not any(other != clue and other in clue for other in found))


def holds_a_clue(line: str, clue_set: frozenset[str]) -> bool:
    """False only when `line` cannot match the pattern the clues were read from."""
    if not line.isascii() and _ASCII_LOOKALIKES.search(line):  # lower() would not fold it as sre does
        return True
    lowered = line.lower()
    return any(clue in lowered for clue in clue_set)


def _sequence(items: list) -> set[str] | None:
    """The most telling clue set of a sequence: a run of literals, or what a group inside must hold."""
    candidates: list[set[str]] = []
    run = ""
    for op, value in [*items, (None, None)]:  # the sentinel ends the last run
        char = _ascii_fold(value) if op is _LITERAL else None
        if char is not None:
            run += char
            continue
        if run:
            candidates.append({run})
            run = ""
        inner = None
        if op is _parser.SUBPATTERN:
            inner = _sequence(value[-1].data)
        elif op is _parser.ATOMIC_GROUP:
            inner = _sequence(value.data)
        elif op in _REPEATS and value[0] >= 1:  # a body repeated at least once is in the match
            inner = _sequence(value[2].data)
        elif op is _parser.BRANCH:
            inner = _branches(value[1])
        if inner:
            candidates.append(inner)
    return max(candidates, key=lambda clue_set: (min(map(len, clue_set)), -len(clue_set)), default=None)


def _branches(alternatives: list) -> set[str] | None:
    """Every alternative must give a clue, or a match through the one without escapes the check."""
    found: set[str] = set()
    for alternative in alternatives:
        clue_set = _sequence(alternative.data)
        if not clue_set:
            return None
        found |= clue_set
    return found


@cache
def _ascii_fold(code: int) -> str | None:
    """The lower-case ASCII character every match of this literal lowers to; sre itself is asked.

    Beyond ASCII only the lookalikes match an ASCII literal, and a line holding one is always searched.
    """
    literal = re.compile(re.escape(chr(code)), re.IGNORECASE)
    folds = {char.lower() for char in map(chr, range(128)) if literal.fullmatch(char)}
    return folds.pop() if len(folds) == 1 else None
