"""Page text as numbered lines, with the site chrome (navigation, share buttons, ...) marked.

Chrome patterns are data (`reference/page_chrome.csv`), so a curator can teach the pipeline a
new site's navigation without touching code. A pattern matches the whole line, or, marked
`within`, any part of it ("June 2, 1955 — 71 years ago").

A note that a text was machine-made ("This summary was generated automatically", "[AI-generated
description]", "Machine translation:") is read by what it says, not by its wording: a short
sentence, bracketed aside or label that names a maker (machine, AI, automatic, generated, ...)
and a kind of text (summary, description, abstract, ...). A line of nothing but such notes is
chrome; `without_notes` takes them out of a line that also holds content.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from pipeline.curation import current, reference_text
from pipeline.errors import PipelineError


class Line(NamedTuple):
    number: int
    text: str


@lru_cache(maxsize=4)  # a file's text is split once, though each format's detector and then its parser read it
def content_lines(text: str) -> tuple[Line, ...]:
    """The non-blank lines of `text`, stripped, with their 1-based line numbers."""
    return tuple(Line(number, stripped) for number, raw in enumerate(text.split("\n"), 1) if (stripped := raw.strip()))


class _Chrome(NamedTuple):
    whole: re.Pattern[str]  # the patterns a whole line must match, as one alternation
    within: re.Pattern[str]  # the patterns found anywhere in a line


@cache
def _chrome_patterns(path: Path | None = None) -> _Chrome:
    """The curator's patterns (the packaged file, or the copy at `path`), compiled once per process."""
    table, where = reference_text("page_chrome.csv", path)
    reader = csv.DictReader(table.splitlines())
    if not {"pattern", "match"} <= set(reader.fieldnames or ()):
        raise PipelineError(f"{where}:1: the header must name the columns pattern and match")
    rows = list(reader)
    for number, row in enumerate(rows, 2):  # a row with another `match` would be silently ignored
        if row["match"] not in ("line", "within"):
            raise PipelineError(f'{where}:{number}: match is "{row["match"]}"; it must be line or within')
        try:  # as it stands in the alternation all rows are joined into, but said of its own row
            re.compile(f"(?:{row['pattern']})", re.IGNORECASE)
        except re.error as error:
            raise PipelineError(f"{where}:{number}: the pattern is not a regular expression: {error.msg}") from None
    whole = [row["pattern"] for row in rows if row["match"] == "line"]
    within = [row["pattern"] for row in rows if row["match"] == "within"]
    # An empty alternation would match every line: "(?!)" matches none.
    whole_pattern, within_pattern = (
        re.compile("|".join(f"(?:{pattern})" for pattern in patterns) or "(?!)", re.IGNORECASE) for patterns in (whole, within)
    )
    return _Chrome(whole_pattern, within_pattern)


def is_chrome(line: str, *, notes: bool = True) -> bool:
    """True for a line that is the site's furniture rather than the page's content.

    `notes=False` spares the look for machine-made notes on the lines of a page `may_hold_notes` cleared.
    """
    chrome = _chrome_patterns(current().page_chrome)
    line = line.strip()
    return (
        chrome.whole.fullmatch(line) is not None
        or chrome.within.search(line) is not None
        or (notes and len(line) <= _LONGEST_NOTES_LINE and not without_notes(line))
    )


# A maker of text is a word opening with one of these ("auto-generated", "automatically", "machine-translated",
# "algorithmic", "language models"), or "AI" in capitals.
_MAKER_STEMS = (
    "generat", "automat", "machine", "artificial intelligence", "computer", "algorithm", "language model", "llm", "gpt", "chatbot"
)
_MAKER = re.compile(rf"\b(?:(?-i:AI)|(?:{'|'.join(_MAKER_STEMS)})\w*)\b", re.IGNORECASE)
_MAKER_STEM = re.compile("|".join(_MAKER_STEMS))  # on lowered text: much faster than ignoring case
# The kind of text the note is about; "summary of ..." is content that speaks of some other summary.
_TEXT_KIND = re.compile(
    r"\b(?:summar(?:y|ies)|descriptions?|abstracts?|synops[ie]s|overviews?|captions?|blurbs?|translat(?:ion|ed)|texts?)"
    r"\b(?!\s+of\b)",
    re.IGNORECASE,
)
# A note is an aside, not a paragraph: "Summary produced by machine learning; may contain errors" is 9 words.
_LONGEST_NOTE_WORDS = 20
# Where a note names its maker: "by a language model", "with Google Translate", "using AI".
_CREDIT = re.compile(r"\b(?:by|with|using|via|from)\b", re.IGNORECASE)
# A line of nothing but notes is short (a note and its caveat run to 32 words): longer lines hold content.
_LONGEST_NOTES_LINE = 300
# What a note goes on to say: "May contain errors.", "Please report mistakes to the archive."
_CAVEAT = re.compile(r"\b(?:errors?|inaccura\w*|mistakes?|please|verif\w*|checked|reviewed|accura\w*)\b", re.IGNORECASE)
_LONGEST_CAVEAT_WORDS = 12
# A sentence ends at . ! ? or a closing bracket before a space; an aside is bracketed or starred.
_SENTENCE = re.compile(r"\[[^\]]*\]|\([^)]*\)|\*[^*]+\*|.+?(?:[.!?]+(?=\s|$)|$)")
# "Machine translation: The ambassador ..." : a short label before a colon.
_LABEL = re.compile(r"([^:]{1,40}):\s+")


def without_notes(text: str) -> str:
    """`text` without the notes that say it was machine-made; "" when it held nothing else."""
    if not may_hold_notes(text):  # most lines name no maker: they hold no note
        return text
    kept, dropped, after_note = [], False, False
    for sentence in _SENTENCE.finditer(text.strip()):
        # A label and what follows it are read apart: "Machine translation: The ...", "Khrushchev's summary: the ...".
        label, rest = _label_and_rest(sentence.group().strip())
        if label and _is_note(label):
            label, dropped = None, True
        after_note = _is_note(rest) or (after_note and _is_caveat(rest))
        if after_note:
            dropped = True
        else:
            kept.append(f"{label}: {rest}" if label else rest)
    return " ".join(kept) if dropped else text  # a line with no note is kept as written


def may_hold_notes(text: str) -> bool:
    """False when `text` (a line, or a whole page at once) names no maker: no line of it is a note, nor holds one."""
    return "AI" in text or _MAKER_STEM.search(text.lower()) is not None


def _label_and_rest(sentence: str) -> tuple[str | None, str]:
    label = _LABEL.match(sentence)
    return (label.group(1), sentence[label.end() :]) if label else (None, sentence)


def _is_note(text: str) -> bool:
    """A short passage naming a maker and a kind of text: "AI-generated description", "(Automatically translated abstract.)"."""
    return (
        len(text.split()) <= _LONGEST_NOTE_WORDS
        and bool(_MAKER.search(text))
        and bool(_TEXT_KIND.search(text))
        and not _names_something(text)
    )


def _names_something(text: str) -> bool:
    """A capitalised word inside the passage, before any "by ..." naming the tool: content names people and places.

    "The text describes machine guns sent to Egypt" is content; "Summary generated by Google Gemini" a note.
    """
    named = _CREDIT.split(text, maxsplit=1)[0].split()[1:]
    return any(word[:1].isupper() and not may_hold_notes(word) for word in named)


def _is_caveat(text: str) -> bool:
    """A short sentence on the note's accuracy, which belongs to the note before it."""
    return len(text.split()) <= _LONGEST_CAVEAT_WORDS and bool(_CAVEAT.search(text))
