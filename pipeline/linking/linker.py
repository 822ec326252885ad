"""The link stage: every mention of a person, place or body in every text field, resolved to an entity.

Text is scanned once per field by one compiled pattern that yields runs of capitalised words
(with the small words names contain: "of the", "i", "de"); each run's words are looked up as
whole spellings of the authority file, longest first, so the cost is a few dictionary lookups per
name, not a loop over aliases. Only words the file has never seen are tried for typos. Each
distinct word and each distinct run is analysed once and remembered (per authority file, in a
`_Memory`), since archives repeat their names; only what depends on the text around a run is
worked out each time. Names the file does not know are recognised when the text marks them as names:
a title or role before them ("Ambassador Reis Malile"), a known given name ("Pavel Yudin"),
initials ("P. Yudin"), particles and hyphenated given names ("Osama bin Laden", "Kim Dae-jung"),
two to four capitalised words in prose ("Golda Meir"), or the author/recipient slot of a catalogue
title; bodies and places by their head nouns ("Japan Defense Agency", "Golan Heights"), bodies also by
"the" before two or more capitalised words ("the Mukti Bahini"), places by GeoNames (`recognise.py`)
or a comma and a known place after them ("Sharpeville, South Africa").
A capitalised word that only starts a sentence is never a name. A known surname is linked only when
nothing contradicts it: another given name beside it ("Chiang Ching-kuo"), accents its spellings
lack ("Edén"), or another person of that name in the record or an earlier record of its page leave it
unresolved; a surname alone stands for the person the record or an earlier record of the page names in full.

Roles: the parties a title's grammar names (`Record.parties()`: a document's authors and recipients) make
the mentions inside them `author` / `recipient`; the leaders an event's summary introduces by
full name or title are `participant`; everything else is `mentioned`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from pipeline.linking.authority import (
    BODY_COMPLEMENTS, POSSESSIVE, TOKEN, Authority, Entity, key_of, normalise, one_edit_apart, slug_of,
)
from pipeline.linking.recognise import COMMON_WORDS, LOCATIVES, Place, gazetteer, place_id
from pipeline.parsed import Record

ROLES = ("author", "recipient", "participant", "mentioned")
MATCHED_BY = ("alias", "fuzzy", "surname", "gazetteer", "unresolved")
_RECOGNISED = ("gazetteer", "unresolved")  # names the authority file does not hold
_CONTEXT = 60  # characters either side of a name the authority lacks, for the review listing
_SEATED = frozenset({"embassy", "legation", "consulate", "mission", "commission", "delegation"})  # "Embassy in Taipei"
_LONGEST_PLACE = 4  # words in the longest gazetteer name tried: "Rio de Janeiro"
_SYLLABLE = 5  # "Ching-kuo", "Dae-jung": a given name of syllables joined by a hyphen, the second in lower case
_SAME_GIVEN_NAME = 85  # rapidfuzz similarity (0-100) above which two spellings are one given name
_ABSTRACT_ENDINGS = ("ism", "tion", "sion", "ment", "ness", "ity", "ance", "ical", "ual", "ious", "ive", "ist", "ists")
_VERB_ENDINGS = ("s", "ed", "ing")  # "Denounces", "Signed", "Meeting": verbs a title capitalises
_ABSTRACT_LENGTH = 7  # shorter words with those endings are names too: "Vance", "Olive"
_LONGEST_KEY = 16  # words in the longest spelling worth trying
_LONGEST_EXTENSION = 3  # given names and initials before a surname: "Nikita S. Khrushchev"
_WORDS_REMEMBERED = 1 << 20
_RUNS_REMEMBERED = 1 << 18  # distinct runs of capitalised words analysed once
_SHORTEST_TYPO = 7  # shorter words are too often other real names one letter away
_ROMAN = re.compile(r"[IVXLC]+")
_FOLLOWING_WORD = re.compile(r"['’]?s?\s+([a-z]+)\b")  # the lower-case word after a name, if one follows it
# Lower-case words that follow a noun phrase without belonging to it: "the Knesset is told", "the Politburo on ...".
_AFTER_A_NOUN_PHRASE = COMMON_WORDS | frozenset(
    "is was are were has have had will would shall should can could may might must does did do not nor or "
    "through who which whose".split()
)
# An ordinal says which body a head noun names ("Third Army", "Fifth Committee"), but of a meeting, which
# meeting: "the Twentieth Congress" is an event.
_MEETINGS = frozenset({"congress", "conference", "session", "plenum", "summit"})
_ORDINAL = re.compile(r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+tieth")
_SHOUTED = re.compile(r"\b(?:THE|AND|OF|FOR|WITH|IN|ON|TO)\b")  # small words in capitals: a heading, not initials
_NO_ONE: frozenset[str] = frozenset()
_SEVERAL = " several"  # a page's surname more than one person bears: no id is a slug with a space
_UPPER = "".join(c for c in map(chr, range(0x530)) if c.isupper())


class Mention(NamedTuple):
    record_id: str
    entity_id: str
    role: str
    field: str
    start: int
    end: int
    text: str
    matched_by: str


@dataclass
class Linked:
    """What linking found: mentions in record order, how many each record has, the names the authority file lacks."""

    mentions: list[Mention] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    unresolved: dict[str, Entity] = field(default_factory=dict)


def link(records: Iterable[Record], authority: Authority) -> Linked:
    """Mentions of every record; a pure function of the records and the authority."""
    linked = Linked()
    page, source = PageNames(), None
    for record in records:
        if record.source_id != source:  # a page's records come one after another
            page, source = PageNames(), record.source_id
        mentions, unresolved = link_record(record, authority, page)
        linked.mentions.extend(mentions)
        linked.counts.append(len(mentions))
        for entity in unresolved:
            linked.unresolved.setdefault(entity.entity_id, entity)
    return linked


@dataclass
class PageNames:
    """People the page's earlier records name in full: a surname alone in a later record may stand for one of them.

    A listing names "Moshe Dayan" in one record and "Dayan" in the next; a page about Eamonn Kennedy
    says "Kennedy" without meaning John F. Kennedy.
    """

    owners: dict[str, str] = field(default_factory=dict)  # surname -> id of the person it stands for, or _SEVERAL
    bearers: dict[str, str] = field(default_factory=dict)  # first or last word of a full name -> id, or _SEVERAL


@dataclass(frozen=True)
class Sighting:
    """An entity as the records use it: how many name it, and where it is first named."""

    entity: Entity
    records: int
    first: Mention
    first_source: str  # "source_id:line" of the record that first names it
    candidates: tuple[str, ...] = ()  # of a name the authority lacks: ids of the known entities it may be, nearest first


class WordKind(Enum):
    """What a word of a run of capitalised words can be, for the names around it."""

    COMMA = ","  # "Popović, Koča": a catalogue's "Last, First"
    TITLE = "title"  # a title or role that announces a name: "Ambassador", "leader"
    MODIFIER = "modifier"  # a word that qualifies a name without being one: "Soviet", "June"
    BODY = "body"  # a word that makes a run a body's name: "Embassy", "Committee"
    FEATURE = "feature"  # a word that makes a run a place's name: "Heights", "Palace"
    THING = "thing"  # a word that makes a run the name of a thing, not a person: "Pact", "Prize"
    CONNECTOR = "connector"  # a small word inside a name: "of", "the"
    PARTICLE = "particle"  # a small word of a person's name: "de", "van", "bin", "al"
    INITIAL = "initial"  # "P." of "P. Yudin"
    NAME = "name"  # any other capitalised word: maybe a name
    SYLLABLE = "syllable"  # "kuo" of "Ching-kuo": the lower-case part of a hyphenated given name


# Hot loops test a kind against these tuples: `in` on a tuple compares enum members by identity.
_NAME_LIKE = (WordKind.INITIAL, WordKind.NAME, WordKind.SYLLABLE)
_NAME_ENDS = (WordKind.NAME, WordKind.SYLLABLE)
_QUALIFIES_HEAD = (WordKind.NAME, WordKind.MODIFIER, WordKind.BODY, WordKind.FEATURE)  # capitalised words of a body's or place's name
_OF_A_ROLE = (*_NAME_LIKE, WordKind.MODIFIER)  # what a role's "of the" governs: "Fifteenth Session"
_NAMES_A_BODY = (WordKind.NAME, WordKind.MODIFIER)  # words of a name that are not its head: "Trade", "Industry"
_HEADS = {WordKind.BODY: "organization", WordKind.FEATURE: "place"}
_ENDS_ANNOUNCEMENT = (WordKind.COMMA, WordKind.BODY)


class _Word(NamedTuple):
    norm: str
    kind: WordKind
    possessive: int  # length of a trailing "'s", which a mention leaves out


class _Token(NamedTuple):
    start: int
    end: int
    norm: str
    kind: WordKind


@dataclass(slots=True)
class _Span:
    field: str
    start: int
    end: int
    entity_id: str
    type: str
    matched_by: str
    words: int
    announced: bool  # a title or role stands before it
    role: str = "mentioned"
    surname: str | None = None  # of an unresolved person named in full


def link_record(record: Record, authority: Authority, page: PageNames | None = None) -> tuple[list[Mention], list[Entity]]:
    """Mentions of one record, in field order then text order, and the unknown names among them.

    With `page`, the people earlier records of the same page name in full count as named in this one
    (for a surname alone), and this record's are added to it.
    """
    page = page if page is not None else PageNames()
    spans: list[_Span] = []
    runs: list[_Candidate] = []  # unknown names
    leftovers: list[tuple[str, int, _Token]] = []  # single name-like words (field, offset of their run, word)
    texts = dict(record.text_fields())
    memory = _memory(authority)
    for field_name, text in texts.items():
        _scan_field(field_name, text, memory, spans, runs, leftovers)
    unresolved: dict[str, Entity] = {}
    for span in spans:
        if span.matched_by in _RECOGNISED and span.entity_id not in unresolved:
            unresolved[span.entity_id] = _recognised(span, texts[span.field])
    for field_name, tokens, announced, by_capitals_only in runs:
        if by_capitals_only and any(_written_in_lower_case(token.norm, texts) for token in tokens):
            continue  # "Public Policy", "Original Language": words the record also writes in lower case
        _add_unresolved(field_name, texts[field_name], tokens, "person", announced, spans, unresolved)
    _assign_parties(record, spans, authority, unresolved)
    _add_surnames(texts, spans, leftovers, authority, unresolved, page.owners)
    _unlink_shared_surnames(texts, spans, unresolved, memory, page.bearers)
    for span in spans:
        if span.field == record.participant_field and span.type == "person" and (span.words > 1 or span.announced):
            span.role = "participant"
    identifier = record.record_id
    order = {name: index for index, name in enumerate(texts)}
    spans.sort(key=lambda span: (order[span.field], span.start))
    mentions = [
        Mention(identifier, span.entity_id, span.role, span.field, span.start, span.end,
                texts[span.field][span.start : span.end], span.matched_by)
        for span in spans
    ]
    named = {span.entity_id for span in spans}  # a name a surname turned out to stand for is no entity of its own
    return mentions, [entity for entity_id, entity in unresolved.items() if entity_id in named]


def _around(text: str, start: int, end: int) -> str:
    """Up to `_CONTEXT` characters either side of a mention, cut at spaces: what a curator reads to place the name."""
    before = text.rfind(" ", 0, start - _CONTEXT) + 1 if start > _CONTEXT else 0
    after = text.find(" ", end + _CONTEXT) if len(text) > end + _CONTEXT else -1
    return ("…" if before else "") + text[before : after if after >= 0 else len(text)] + ("…" if after >= 0 else "")


class _Candidate(NamedTuple):
    """A run of unknown words that may be a person's name, and what says so."""

    field: str
    tokens: list[_Token]
    announced: bool
    by_capitals_only: bool  # only its capitals mark it as a name: the record's lower-case words can overrule them


def _written_in_lower_case(word: str, texts: dict[str, str]) -> bool:
    """Whether a record writes `word` (lower case) as a word of its own; a substring search first, as most names are not."""
    return any(word in text and re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text) for text in texts.values())


def _ends_of_slug(entity_id: str) -> tuple[str, str]:
    """First and last word of a name recognised in the text, from its id (the slug of its words)."""
    words = entity_id.split("-")
    return words[0], words[-1]


def _recognised(span: _Span, text: str) -> Entity:
    """The entity of a name the authority file lacks: the gazetteer's place, or the name as the text writes it."""
    name = text[span.start : span.end]
    place = gazetteer().get(key_of(name)) if span.matched_by == "gazetteer" else None
    context = _around(text, span.start, span.end)
    if place:
        return dataclasses.replace(place.entity(), context=context)
    return Entity(span.entity_id, name, span.type, resolved=False, context=context)


def _unlink_shared_surnames(
    texts: dict[str, str], spans: list[_Span], unresolved: dict[str, Entity], memory: _Memory, page: dict[str, str],
) -> None:
    """A known surname alone, where the record names another person of that name in full, names neither for sure.

    "Chiang" beside "Chiang Ching-kuo" may be him or Chiang Kai-shek; "Johnson" beside "U. Alexis Johnson"
    may be him or Lyndon Johnson: the mention stays unresolved, and `pipeline entities --unresolved`
    lists the known people it may be. The first and the last word of a full name may be its surname.
    Full names earlier records of the page (`page`, which this record's are added to) count too.
    """
    full = [span.entity_id for span in spans if span.type == "person" and span.words > 1]
    alone = [span for span in spans if span.type == "person" and span.words == 1 and span.matched_by not in _RECOGNISED]
    if not full and not (alone and page):
        return
    bearers: dict[str, set[str]] = {}
    for entity_id in full:
        for word in memory.authority.name_ends.get(entity_id) or _ends_of_slug(entity_id):
            bearers.setdefault(word, set()).add(entity_id)
    for span in alone:
        name = texts[span.field][span.start : span.end]
        surname = _word(name, memory).norm
        if page.get(surname, span.entity_id) != span.entity_id or any(bearer != span.entity_id for bearer in bearers.get(surname, _NO_ONE)):
            span.entity_id, span.matched_by = slug_of([surname]), "unresolved"
            if span.entity_id not in unresolved:
                unresolved[span.entity_id] = Entity(span.entity_id, name, "person", resolved=False,
                                                    context=_around(texts[span.field], span.start, span.end))
    _remember(page, bearers)


def _remember(page: dict[str, str], names: dict[str, set[str]]) -> None:
    """Add a record's surnames and the person each stands for (or `_SEVERAL`) to its page's."""
    for word, ids in names.items():
        for entity_id in ids:
            if page.setdefault(word, entity_id) != entity_id:
                page[word] = _SEVERAL


@cache
def _chunk_pattern(particles: tuple[str, ...], connectors: tuple[str, ...]) -> re.Pattern[str]:
    """Runs of capitalised words, initials and the small words names contain, on one line.

    A run is an optional particle ("de"), an optional "[", then units joined by glue or small words.
    The pattern opens with the set of characters a run can start with, and only then looks back
    and decides which opening it read: sre scans for such a set in C, where a pattern opening with a
    lookbehind or an optional part is tried at every position of the text (a quarter slower).
    """
    capital = f"[{_UPPER}]"
    # An initial's ".", or the rest of a word: "Workers' Party", "Kai-shek".
    after_capital = r"(?:\.|[^\W_]*(?:['’-][^\W_]+)*['’]?)\]?"
    unit = rf"\[?{capital}{after_capital}"
    glue = r"(?:,?[ ]|[ ]?[-–][ ]?|(?<=\.))"
    small = "|".join(map(re.escape, connectors))
    openings = [rf"(?<={re.escape(particle[0])}){re.escape(particle[1:])}[ -]\[?{capital}" for particle in particles]
    openings += [rf"(?<=\[){capital}", rf"(?<={capital})"]
    first = re.escape("".join(sorted({particle[0] for particle in particles} | {"["} | set(_UPPER))))
    return re.compile(rf"[{first}](?<![\w'’].)(?:{'|'.join(openings)}){after_capital}(?:(?:[ ](?:(?:{small})[ -])+|{glue}){unit})*")


class _KnownSpan(NamedTuple):
    """A spelling the authority knows, found in a run of capitalised words; offsets relative to the run."""

    start: int
    end: int
    entity_id: str
    type: str
    matched_by: str
    words: int
    announced: bool  # a title or role inside the run stands before it
    cue_may_announce: bool  # a person the run opens with: a title or role just before the run may announce it


class _UnknownRun(NamedTuple):
    """Adjacent name-like words the authority does not know; whether they are a name depends on what precedes them."""

    tokens: tuple[_Token, ...]
    announced: bool  # a title or role inside the run stands before them
    opens_chunk: bool
    name_if_announced: bool
    name_otherwise: bool
    name_in_prose: bool  # two to four capitalised words: a name in prose, where only names are capitalised mid-sentence
    place: Place | None  # the gazetteer's place of that name, if any
    in_a_place: bool  # followed by a comma and a known place: "Sharpeville, South Africa"
    after_article: bool  # "the" stands just before it, inside the run of capitalised words: "of the Politburo"


class _Chunk(NamedTuple):
    """What a run of capitalised words holds, whatever stands around it."""

    spans: tuple[_KnownSpan, ...]
    runs: tuple[_UnknownRun, ...]


@dataclass
class _Memory:
    """What linking with one authority file has worked out, kept for the next record: archives repeat their names."""

    authority: Authority
    chunk_pattern: re.Pattern[str]
    words: dict[str, _Word] = field(default_factory=dict)
    chunks: dict[str, _Chunk] = field(default_factory=dict)
    corrections: dict[str, str | None] = field(default_factory=dict)


@lru_cache(maxsize=4)  # the packaged file, and the few curator's copies a process may link with
def _memory(authority: Authority) -> _Memory:
    return _Memory(authority, _chunk_pattern(authority.particles, authority.connectors))


def _word_before(text: str, start: int) -> str:
    """The word just before `start`, if only a space separates them: "leader" of "Romanian leader Gheorghe"."""
    if start < 2 or text[start - 1] != " ":
        return ""
    return text[text.rfind(" ", 0, start - 1) + 1 : start - 1].rstrip(".")


def _cue_before(text: str, start: int, memory: _Memory) -> bool:
    """A title or role in lower case just before a run of names: "Romanian leader Gheorghe ..."."""
    word = _word_before(text, start)
    return bool(word) and _word(word, memory).norm in memory.authority.titles


def _scan_field(
    field_name: str, text: str, memory: _Memory,
    spans: list[_Span], runs: list[_Candidate], leftovers: list[tuple[str, int, _Token]],
) -> None:
    """Every run of capitalised words in `text`, each analysed once per distinct run: archives repeat their names."""
    remembered = memory.chunks
    for chunk in memory.chunk_pattern.finditer(text):
        words, offset = chunk[0], chunk.start()
        found = remembered.get(words)
        if found is None:
            found = _analyse(words, memory)
            if len(remembered) >= _RUNS_REMEMBERED:
                remembered.clear()
            remembered[words] = found
        for start, end, entity_id, kind, matched_by, count, announced, cue_may_announce in found.spans:
            if cue_may_announce:
                announced = _cue_before(text, offset, memory)
            spans.append(_Span(field_name, offset + start, offset + end, entity_id, kind, matched_by, count, announced))
        for tokens, announced, opens_chunk, name_if_announced, name_otherwise, name_in_prose, place, in_a_place, after_article in found.runs:
            cued = announced or opens_chunk and name_if_announced and _cue_before(text, offset, memory)
            start, end = offset + tokens[0].start, offset + tokens[-1].end
            if (place is not None and not cued and (len(tokens) > 1 or tokens[0].norm not in memory.authority.given_names)
                    and (in_a_place or not place.needs_cue or _word_before(text, offset + tokens[0].start) in LOCATIVES)):
                spans.append(_Span(field_name, offset + tokens[0].start, offset + tokens[-1].end, place_id(place.name),
                                   "place", "gazetteer", len(tokens), False))
            elif in_a_place and not cued and not name_otherwise and tokens[-1].kind is WordKind.NAME:
                spans.append(_Span(field_name, start, end,
                                   slug_of([token.norm for token in tokens]), "place", "unresolved", len(tokens), False))
            elif (not cued and (after_article or opens_chunk and text[start - 4 : start].lower() == "the ")
                  and _names_a_body(tokens, text, start, end, memory.authority)):
                spans.append(_Span(field_name, start, end,
                                   slug_of([token.norm for token in tokens]), "organization", "unresolved", len(tokens), False))
            elif name_if_announced if cued else name_otherwise or name_in_prose and field_name != "title":
                run = [_Token(token.start + offset, token.end + offset, token.norm, token.kind) for token in tokens]
                runs.append(_Candidate(field_name, run, cued, not cued and not name_otherwise))
            elif len(tokens) == 1 and tokens[0].kind is WordKind.NAME:
                leftovers.append((field_name, offset, tokens[0]))


def _names_a_body(tokens: tuple[_Token, ...], text: str, start: int, end: int, authority: Authority) -> bool:
    """After "the", capitalised words no role announces name a body, not a person: "the Mukti Bahini", "the Lok Sabha".

    Not when a noun follows, which they qualify ("the Sato cabinet", "the Chiang Ching-kuo visit"); not a
    run a given name or an initial opens ("the Diego Portales Building"); not one word alone, which is as
    often a river, a desert or a faction ("the Yangtze", "the Anglo-Americans") as a body ("the Knesset").
    """
    first, last = tokens[0], tokens[-1]
    if last.kind is not WordKind.NAME or first.kind is WordKind.INITIAL or first.norm in authority.given_names:
        return False
    words = text[start:end]
    if " " not in words or "[" in words:  # "the Knesset", "the Anglo-Americans"; "[T.V. Soong]": an editor names a person
        return False
    if words.isupper() or any(word.norm in COMMON_WORDS for word in tokens):
        return False  # "THE TASKS OF THE FRONTS", "THE NATIONAL QUESTION": a heading in capitals
    after = text[end : end + 2]
    if after[:1] in ("-", "–") or after.strip()[:1].isupper():
        return False  # "the Indo-Soviet treaty", "the LT Trade office": part of a longer name
    following = _FOLLOWING_WORD.match(text, end)
    return following is None or following[1] in _AFTER_A_NOUN_PHRASE or following[1].endswith("ed")


def _tokens(chunk: str, offset: int, memory: _Memory) -> list[_Token]:
    tokens: list[_Token] = []
    for match in TOKEN.finditer(chunk):
        norm, kind, possessive = _word(match.group(), memory)
        if kind is WordKind.CONNECTOR and _second_syllable(chunk, match, tokens, offset):
            kind = WordKind.SYLLABLE
        tokens.append(_Token(offset + match.start(), offset + match.end() - possessive, norm, kind))
    return tokens


def _second_syllable(chunk: str, match: re.Match[str], tokens: list[_Token], offset: int) -> bool:
    """ "kuo" of "Ching-kuo", "jung" of "Dae-jung": short, in lower case, hyphened to a short capitalised word."""
    before = tokens[-1] if tokens else None
    return (before is not None and before.kind is WordKind.NAME and before.norm not in COMMON_WORDS
            and before.end - offset == match.start() - 1
            and chunk[match.start() - 1] == "-" and len(match.group()) <= _SYLLABLE and before.end - before.start <= _SYLLABLE)


def _word(word: str, memory: _Memory) -> _Word:
    """What a word is, remembered: archives reuse their words."""
    known = memory.words.get(word)
    if known is not None:
        return known
    authority = memory.authority
    norm = normalise(word)
    if word == ",":
        kind = WordKind.COMMA
    elif word[0].islower():
        kind = WordKind.PARTICLE if norm in authority.name_particles else WordKind.CONNECTOR
    elif norm in authority.titles:
        kind = WordKind.TITLE
    elif norm in authority.modifiers:
        kind = WordKind.MODIFIER
    elif norm in authority.bodies:
        kind = WordKind.BODY
    elif norm in authority.features:
        kind = WordKind.FEATURE
    elif norm in authority.things:
        kind = WordKind.THING
    else:
        kind = WordKind.INITIAL if len(norm) == 1 else WordKind.NAME
    if len(memory.words) >= _WORDS_REMEMBERED:
        memory.words.clear()
    memory.words[word] = known = _Word(norm, kind, 2 if POSSESSIVE.search(word) else 0)
    return known


def _analyse(chunk: str, memory: _Memory) -> _Chunk:
    """Known spellings in a run of capitalised words, longest first; then bodies by their head nouns; what is left may be a new name."""
    authority = memory.authority
    tokens = _tokens(chunk, 0, memory)
    words = [_known_word(token.norm, token.kind, memory) for token in tokens]
    matched: list[int | None] = [None] * len(tokens)  # index into matches
    matches: list[_Match | None] = []
    contradicted: set[int] = set()  # where a known surname starts that another given name contradicts
    index = 0
    while index < len(tokens):
        last = _longest_key(words, index, authority)
        if last is None:
            place_end = _longest_place(tokens, index)  # "South Africa", "East Pakistan": before the authority's "Africa"
            if place_end is not None:
                for position in range(index, place_end + 1):
                    matched[position] = len(matches)
                name = " ".join(token.norm for token in tokens[index : place_end + 1])
                matches.append(_Match(index, place_end, place_id(gazetteer()[name].name), "place", "gazetteer"))
                index = place_end
            index += 1
            continue
        entity = authority.entities[authority.keys[" ".join(w for w, _ in words[index : last + 1])]]
        first = _given_names_before(tokens, matched, index, entity, authority) if entity.type == "person" else index
        if first == index == last and entity.type == "person" and (
            _contradicted(tokens, matched, index, entity, authority) or _accented_otherwise(chunk[tokens[index].start : tokens[index].end], entity)
        ):
            contradicted.add(tokens[index].start)
            index += 1
            continue
        for position in range(first, last + 1):
            matched[position] = len(matches)
        typo = any(fixed for _, fixed in words[index : last + 1])
        matches.append(_Match(first, last, entity.entity_id, entity.type, "fuzzy" if typo else "alias"))
        index = last + 1
    for first, last, kind in _headed(tokens, matched, matches, authority):
        for position in range(first, last + 1):
            if matched[position] is not None:
                matches[matched[position]] = None  # a place inside a body's name is part of that name
            matched[position] = len(matches)
        matches.append(_Match(first, last, slug_of([t.norm for t in tokens[first : last + 1]]), kind, "unresolved"))
    for position, token in enumerate(tokens):
        if matched[position] is None and _is_acronym(chunk, token):
            matched[position] = len(matches)
            matches.append(_Match(position, position, token.norm, "organization", "unresolved"))
    matched = [None if match is None or matches[match] is None else match for match in matched]

    # A title or role before a run of unknown capitalised words makes it a name ("Ambassador Reis Malile").
    runs = []
    announced_matches = [False] * len(matches)
    announced, run = False, []
    for position, token in enumerate([*tokens, _Token(len(chunk), len(chunk), ",", WordKind.COMMA)]):
        match = matched[position] if position < len(tokens) else None
        if match is None and (token.kind in _NAME_LIKE and (run or token.norm not in COMMON_WORDS or _is_initial(chunk, token))  # "After Henry Kissinger", "A. A. K. Niazi"
                              or token.kind is WordKind.PARTICLE and _name_follows(tokens, matched, position)):
            run.append(token)
            continue
        if run:
            surname_known = bool(contradicted) and any(token.start in contradicted for token in run)
            runs.append(_UnknownRun(tuple(run), announced, position == len(run),
                                    _is_name(run, True, authority), surname_known or _is_name(run, False, authority),
                                    _is_prose_name(chunk, run),
                                    gazetteer().get(" ".join(token.norm for token in run)),
                                    _in_a_place(tokens, matched, matches, position),
                                    position > len(run) and tokens[position - len(run) - 1].norm == "the"))
            run, announced = [], False
        if match is not None:
            first, _, _, kind, _ = matches[match]
            if kind == "person" and first == position:
                announced_matches[match] = announced
                announced = False
        elif token.kind is WordKind.TITLE:
            announced = True
        elif token.kind in _ENDS_ANNOUNCEMENT:
            announced = False
        elif (token.kind is WordKind.CONNECTOR and position + 1 < len(tokens) and matched[position + 1] is None
              and tokens[position + 1].kind in _OF_A_ROLE):
            announced = False  # "President of the Republic", "of the Fifteenth Session": the role names no one here
    spans = tuple(
        _KnownSpan(tokens[first].start, tokens[last].end, entity_id, kind, matched_by,
                   last - first + 1, announced,
                   # Only a person the run opens with, and nothing inside it announces, may be announced from before it.
                   cue_may_announce=first == 0 and kind == "person" and not announced)
        for match, announced in zip(matches, announced_matches) if match is not None
        for first, last, entity_id, kind, matched_by in [match]
    )
    return _Chunk(spans, tuple(runs))


class _Match(NamedTuple):
    """Tokens of a run of capitalised words that name one entity, known or recognised."""

    first: int
    last: int
    entity_id: str
    type: str
    matched_by: str


def _contradicted(tokens: list[_Token], matched: list[int | None], index: int, entity: Entity, authority: Authority) -> bool:
    """A known person's surname alone, next to a given name that is not theirs: another person ("Chiang Ching-kuo", "Raúl Castro")."""
    surname = tokens[index].norm
    if index + 1 < len(tokens) and tokens[index + 1].kind is WordKind.SYLLABLE:
        return True
    words = key_of(entity.name).split()
    family_first = words[0] == surname and len(words) > 1
    if family_first and index + 1 < len(tokens) and tokens[index + 1].kind is WordKind.NAME:
        following = tokens[index + 1].norm
        for token in tokens[index + 2 :]:
            if token.kind is not WordKind.SYLLABLE:
                break
            following += token.norm
        # The given name spelled another way is no other person: "Chiang Kaishek" is Chiang Kai-shek.
        return fuzz.ratio(following, "".join(words[1:])) < _SAME_GIVEN_NAME
    # A given name, an initial, a particle or another capitalised word contradicts ("Eamonn Kennedy" is not
    # John F. Kennedy, "de Castro" not Fidel Castro), but not a verb titles capitalise ("Khrushchev Denounces Stalin").
    before = tokens[index - 1] if index > 0 else None
    return (not family_first and before is not None and matched[index - 1] is None
            and (before.kind is WordKind.INITIAL or before.norm in authority.given_names or before.norm in authority.name_particles
                 or before.kind is WordKind.NAME and before.norm not in COMMON_WORDS and not before.norm.endswith(_VERB_ENDINGS))
            and before.norm not in {name[0] if before.kind is WordKind.INITIAL else name for name in authority.name_tokens[entity.entity_id]})


def _accented_otherwise(word: str, entity: Entity) -> bool:
    """A surname written with accents none of the person's spellings has is another name: "Edén" (Pastora) is not Eden."""
    return not word.isascii() and word.casefold() not in _spelled_words(entity)


@cache
def _spelled_words(entity: Entity) -> frozenset[str]:
    return frozenset(word.casefold() for name in (entity.name, *entity.aliases) for word in TOKEN.findall(name))


def _headed(
    tokens: list[_Token], matched: list[int | None], matches: list[_Match | None], authority: Authority
) -> list[tuple[int, int, str]]:
    """Token ranges naming a body or a place the authority does not know, by its head noun, and the type it gives.

    "Japan Defense Agency", "Ministry of Foreign Affairs of Japan", "Chilean Embassy in Washington"; "Golan Heights".

    The head's qualifiers before it and its complement after it ("of", "for", "in" and capitalised words) belong
    to the name; a known person or body ends it, a place inside it is part of it. The name must say which body:
    a name or a nationality among its words, or three capitalised words ("Communist Party" alone does not).
    """
    def place_at(position: int) -> _Match | None:
        match = matched[position]
        found = matches[match] if match is not None else None
        return found if found is not None and found.type == "place" else None

    def qualifies(position: int) -> bool:
        token = tokens[position]
        free = matched[position] is None or place_at(position) is not None
        return free and token.kind in _QUALIFIES_HEAD and token.norm not in COMMON_WORDS

    found = []
    position = 0
    while position < len(tokens):
        head = tokens[position]
        if head.kind not in _HEADS or matched[position] is not None:
            position += 1
            continue
        first = position
        while first > 0 and (qualifies(first - 1) or _joins_names(tokens, matched, first - 1)):
            first -= 1 if qualifies(first - 1) else 2  # "Arms Control and Disarmament Agency"
            place = place_at(first)
            first = place.first if place else first
        last = probe = position
        complement = False  # after "of", "for", "in": any capitalised word; before, only heads and modifiers
        while probe + 1 < len(tokens):
            probe += 1
            token = tokens[probe]
            if token.kind is WordKind.CONNECTOR and token.norm in BODY_COMPLEMENTS and (token.norm != "in" or head.norm in _SEATED):
                complement = True
                continue
            if complement and _joins_names(tokens, matched, probe):  # "Ministry of Trade and Industry"
                continue
            if (not qualifies(probe) or not complement and token.kind is WordKind.NAME and not place_at(probe)
                    or token.norm in authority.given_names):  # "the Pan Africanist Congress of Robert Sobukwe"
                break
            place = place_at(probe)
            last = probe = place.last if place else probe
        words = [token for token in tokens[first : last + 1] if token.kind is not WordKind.CONNECTOR]
        if len(words) > 2 or len(words) == 2 and any(
            token.kind is WordKind.NAME or token.norm in authority.nationalities
            or _ORDINAL.fullmatch(token.norm) and head.norm not in _MEETINGS for token in words
        ):
            found.append((first, last, _HEADS[head.kind]))
        position = last + 1
    return found


def _joins_names(tokens: list[_Token], matched: list[int | None], position: int) -> bool:
    """An "and" between two words of one body's name: capitalised words the authority does not know ("Trade and Industry")."""
    if not 0 < position < len(tokens) - 1 or tokens[position].norm != "and":
        return False
    return all(matched[side] is None and tokens[side].kind in _NAMES_A_BODY and tokens[side].norm not in COMMON_WORDS
               for side in (position - 1, position + 1))


def _in_a_place(tokens: list[_Token], matched: list[int | None], matches: list[_Match | None], position: int) -> bool:
    """A comma and a known place at `position`: what stands before is a place within it ("Sharpeville, South Africa")."""
    if position + 1 >= len(tokens) or tokens[position].kind is not WordKind.COMMA or matched[position + 1] is None:
        return False
    match = matches[matched[position + 1]]
    return match is not None and match.type == "place" and match.first == position + 1


def _is_acronym(chunk: str, token: _Token) -> bool:
    """An unknown word in capitals, "OSCE", "FLN": in archives' texts, the initials of a body (places and people the authority spells).

    Not a common word, and not in a heading written in capitals ("THE TASKS OF THE FRONTS").
    """
    word = chunk[token.start : token.end]
    return (token.kind is WordKind.NAME and 3 <= len(word) <= 6 and word.isupper() and word.isalpha()
            and not _ROMAN.fullmatch(word) and token.norm not in COMMON_WORDS and not _SHOUTED.search(chunk))


def _is_initial(chunk: str, token: _Token) -> bool:
    """ "A." of "A. A. K. Niazi", not the article "A" opening a sentence."""
    return token.kind is WordKind.INITIAL and chunk[token.end : token.end + 1] == "."


def _name_follows(tokens: list[_Token], matched: list[int | None], position: int) -> bool:
    """A particle ("bin", "van der") is part of a name when an unknown name-like word follows it."""
    while position + 1 < len(tokens) and tokens[position + 1].kind is WordKind.PARTICLE:
        position += 1
    return position + 1 < len(tokens) and matched[position + 1] is None and tokens[position + 1].kind in _NAME_ENDS


def _known_word(norm: str, kind: WordKind, memory: _Memory) -> tuple[str, bool]:
    """The word as the authority spells it, and whether a typo was corrected to get it."""
    if kind is not WordKind.NAME or len(norm) < _SHORTEST_TYPO or norm in memory.authority.vocabulary:
        return norm, False
    if norm not in memory.corrections:
        memory.corrections[norm] = memory.authority.correct(norm)
    corrected = memory.corrections[norm]
    return (corrected, True) if corrected else (norm, False)


def _longest_place(tokens: list[_Token], index: int) -> int | None:
    """Index of the last word of the longest name of two words or more of a gazetteer place starting at `index`."""
    places = gazetteer()
    last = None
    for end in range(index + 1, min(len(tokens), index + _LONGEST_PLACE)):
        if tokens[end].kind is WordKind.COMMA:
            break
        place = places.get(" ".join(token.norm for token in tokens[index : end + 1]))
        if place and not place.needs_cue:
            last = end
    return last


def _longest_key(words: list[tuple[str, bool]], index: int, authority: Authority) -> int | None:
    """Index of the last word of the longest known spelling starting at `index`, if any."""
    if words[index][0] == ",":
        return None
    key, last = "", None
    for position in range(index, min(len(words), index + _LONGEST_KEY)):
        key = words[position][0] if position == index else f"{key} {words[position][0]}"
        if key not in authority.prefixes:
            break
        if key in authority.keys:
            last = position
    return last


def _given_names_before(
    tokens: list[_Token], matched: list[int | None], index: int, entity: Entity, authority: Authority
) -> int:
    """Start of the person's name including given names or initials of theirs before the match ("Josep B. Tito")."""
    names = authority.name_tokens[entity.entity_id]
    initials = {name[0] for name in names}
    first = index
    while first > 0 and index - first < _LONGEST_EXTENSION:
        token = tokens[first - 1]
        if matched[first - 1] is not None or token.kind not in _NAME_LIKE:
            break
        fits = (
            token.norm in initials if token.kind is WordKind.INITIAL
            else token.norm in names or any(len(name) > 3 and one_edit_apart(name, token.norm) for name in names)
        )
        if not fits:
            break
        first -= 1
    return first


def _is_prose_name(chunk: str, run: list[_Token]) -> bool:
    """Two to four words apart, each a capital and lower-case letters ("Golda Meir", "Ahmed Zaki Yamani").

    Not a common word, not a word of abstract nouns' and adjectives' endings ("Historical Materialism"),
    not only words joined by hyphens ("Marxist-Leninist"), not from the middle of a hyphenated word.
    """
    starts_after_hyphen = run[0].start > 0 and chunk[run[0].start - 1] in "-–"  # "Aligned Countries" of "Non-Aligned Countries"
    return 1 < len(run) <= _LONGEST_EXTENSION + 1 and not starts_after_hyphen and " " in chunk[run[0].start : run[-1].end] and all(
        token.kind in _NAME_ENDS and token.norm not in COMMON_WORDS and not chunk[token.start : token.end].isupper()
        and not (len(token.norm) >= _ABSTRACT_LENGTH and token.norm.endswith(_ABSTRACT_ENDINGS))
        for token in run
    )


def _is_name(run: list[_Token], announced: bool, authority: Authority) -> bool:
    """A run of unknown capitalised words is a name when the text marks it as one."""
    if run[-1].kind not in _NAME_ENDS:
        return False
    if announced or run[0].kind is WordKind.INITIAL:
        return True
    # A given name the file knows, a particle ("Osama bin Laden") or a hyphenated given name ("Kim Dae-jung").
    return len(run) > 1 and (run[0].norm in authority.given_names
                             or any(token.kind in (WordKind.PARTICLE, WordKind.SYLLABLE) for token in run))


def _add_unresolved(
    field_name: str, text: str, tokens: list[_Token], kind: str, announced: bool,
    spans: list[_Span], unresolved: dict[str, Entity],
) -> _Span:
    start, end = _with_brackets(text, tokens[0].start, tokens[-1].end)
    name, entity_id = text[start:end], slug_of([token.norm for token in tokens if token.kind is not WordKind.COMMA])
    if entity_id not in unresolved:
        unresolved[entity_id] = Entity(entity_id, name, kind, resolved=False, context=_around(text, start, end))
    family_first = any(token.kind is WordKind.SYLLABLE for token in tokens)  # "Chiang Ching-kuo": the surname first
    span = _Span(field_name, start, end, entity_id, kind, "unresolved", len(tokens), announced,
                 surname=tokens[0 if family_first else -1].norm if len(tokens) > 1 and kind == "person" else None)
    spans.append(span)
    return span


def _with_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """A name with an editor's insertion keeps both brackets: "[Andrei] Ledovskii", not "Andrei] Ledovskii"."""
    inside = text[start:end]
    if "]" in inside.split("[")[0] and start > 0 and text[start - 1] == "[":
        start -= 1
    if inside.count("[") > inside.count("]") and text[end : end + 1] == "]":
        end += 1
    return start, end


def _add_surnames(
    texts: dict[str, str], spans: list[_Span], leftovers: list[tuple[str, int, _Token]],
    authority: Authority, unresolved: dict[str, Entity], page: dict[str, str],
) -> None:
    """A surname alone stands for the person named in full elsewhere in the record ("Rodriguez", "Malile"),
    or, failing that, in an earlier record of the page (`page`, which this record's full names are added to)."""
    owners: dict[str, set[str]] = {}
    for span in spans:
        if span.type != "person":
            continue
        if span.surname:
            surnames: Iterable[str] = (span.surname,)
        elif span.matched_by == "unresolved":  # "Prime Minister Sato": a surname the role announces
            surnames = (span.entity_id,) if span.words == 1 and span.announced else ()
        else:
            surnames = authority.surnames.get(span.entity_id, ())
        for surname in surnames:
            owners.setdefault(surname, set()).add(span.entity_id)
    known = {surname: next(iter(ids)) for surname, ids in owners.items() if len(ids) == 1}
    owned = set(known.values())

    def owner_of(surname: str) -> str | None:  # the record's own full names first, then the page's
        ids = owners.get(surname)
        if ids:
            return next(iter(ids)) if len(ids) == 1 else None
        held = page.get(surname)
        return held if held != _SEVERAL else None

    for span in spans:  # "Ambassador Malile" after "Reis Malile": one person; "Rodriguez" after "Carlos Rafael Rodriguez" is no town
        if span.matched_by in _RECOGNISED and span.type != "organization" and span.words == 1 and span.entity_id not in owned:
            owner = owner_of(span.entity_id)
            if owner and owner != span.entity_id:
                unresolved.pop(span.entity_id, None)
                if span.matched_by == "gazetteer":
                    span.type, span.matched_by = "person", "surname"
                span.entity_id = owner
    _remember(page, owners)
    taken: set[tuple[str, int]] | None = None  # worked out only when a leftover word is a known surname
    for field_name, offset, token in leftovers:
        owner = owner_of(token.norm) if token.norm in page else None
        if not owner:
            continue
        taken = taken if taken is not None else {(span.field, span.start) for span in spans}
        if (field_name, offset + token.start) not in taken:
            spans.append(_Span(field_name, offset + token.start, offset + token.end, owner, "person", "surname", 1, False))


def _assign_parties(record: Record, spans: list[_Span], authority: Authority, unresolved: dict[str, Entity]) -> None:
    """Authors and recipients: the mentions inside each party the title's grammar names."""
    title = record.title
    cursor = 0
    for role, parties in record.parties():
        for party in parties:
            start = title.find(party, cursor)
            start = start if start >= 0 else title.find(party)
            if start < 0:
                continue
            end = cursor = start + len(party)
            inside = [span for span in spans if span.field == "title" and span.start < end and start < span.end]
            actors = [span for span in inside if span.type != "place" or (span.start, span.end) == (start, end)]
            if not actors:
                actors = _party_as_name(title, start, end, inside, spans, authority, unresolved)
            for span in actors:
                span.role = role


def _full_name_after_office(tokens: list[_Token], capitals: list[_Token]) -> list[_Token]:
    """The two or more name-like words that end a party an office opens ("Chief of Staff David Elazar"), if any."""
    if not capitals or capitals[0].kind is not WordKind.TITLE:
        return []
    run: list[_Token] = []
    for token in reversed(tokens):
        if token.kind not in _NAME_LIKE:
            break
        run.insert(0, token)
    return run if len(run) > 1 and run[-1].kind is WordKind.NAME else []


def _party_as_name(
    title: str, start: int, end: int, inside: list[_Span], spans: list[_Span],
    authority: Authority, unresolved: dict[str, Entity],
) -> list[_Span]:
    """A party the authority does not know: a body ("Bulgarian Embassy in Belgrade") or a person."""
    tokens = [token for token in _tokens(title[start:end], start, _memory(authority)) if token.kind is not WordKind.COMMA]
    capitals = [token for token in tokens if token.kind is not WordKind.CONNECTOR]
    if any(token.kind is WordKind.THING for token in tokens):
        return []  # "Blair's Letter", "the Two-plus-Four Treaty": what the title is about, not who wrote it
    person = _full_name_after_office(tokens, capitals)  # "Chief of Staff David Elazar": the person behind the office
    if person:
        return [_add_unresolved("title", title, person, "person", True, spans, unresolved)]
    if any(token.kind is WordKind.BODY for token in tokens) and len(capitals) > 1:
        for span in inside:  # a place inside a body's name is part of that name
            spans.remove(span)
        return [_add_unresolved("title", title, tokens, "organization", False, spans, unresolved)]
    known = [(span.start, span.end) for span in inside]
    names = [token for token in tokens if token.kind in _NAME_LIKE and not any(s <= token.start < e for s, e in known)]
    run: list[_Token] = []
    for token in names:  # the last run of adjacent name-like words
        run = run + [token] if run and title[run[-1].end : token.start].strip(" .") == "" else [token]
    if not run or run[-1].kind is not WordKind.NAME:
        return []
    return [_add_unresolved("title", title, run, "person", False, spans, unresolved)]
