"""The link stage: every mention of a person, place or body in every text field, resolved to an entity.

Text is scanned once per field by one compiled pattern that yields runs of capitalised words
(with the small words names contain: "of the", "i", "de"); each run's words are looked up as
whole spellings of the authority file, longest first, so the cost is a few dictionary lookups per
name, not a loop over aliases. Only words the file has never seen are tried for typos. Each
distinct word and each distinct run is analysed once and remembered (per authority file, in a
`_Memory`), since archives repeat their names; only what depends on the text around a run is
worked out each time. Names the file does not know are kept when the text marks them as names:
a title or role before them ("Ambassador Reis Malile"), a known given name ("Pavel Yudin"),
initials ("P. Yudin"), or the author/recipient slot of a catalogue title; a capitalised word
that only starts a sentence is never a name.

Roles: the parties a title's grammar names (`Record.parties()`: a document's authors and recipients) make
the mentions inside them `author` / `recipient`; the leaders an event's summary introduces by
full name or title are `participant`; everything else is `mentioned`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import cache, lru_cache
from typing import NamedTuple

from pipeline.linking.authority import POSSESSIVE, TOKEN, Authority, Entity, normalise, one_edit_apart, slug_of
from pipeline.parsed import Record

ROLES = ("author", "recipient", "participant", "mentioned")
MATCHED_BY = ("alias", "fuzzy", "surname", "unresolved")
_LONGEST_KEY = 16  # words in the longest spelling worth trying
_LONGEST_EXTENSION = 3  # given names and initials before a surname: "Nikita S. Khrushchev"
_WORDS_REMEMBERED = 1 << 20
_RUNS_REMEMBERED = 1 << 18  # distinct runs of capitalised words analysed once
_SHORTEST_TYPO = 7  # shorter words are too often other real names one letter away
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
    for record in records:
        mentions, unresolved = link_record(record, authority)
        linked.mentions.extend(mentions)
        linked.counts.append(len(mentions))
        for entity in unresolved:
            linked.unresolved.setdefault(entity.entity_id, entity)
    return linked


@dataclass(frozen=True)
class Sighting:
    """An entity as the records use it: how many name it, and where it is first named."""

    entity: Entity
    records: int
    first: Mention
    first_source: str  # "source_id:line" of the record that first names it


class WordKind(Enum):
    """What a word of a run of capitalised words can be, for the names around it."""

    COMMA = ","  # "Popović, Koča": a catalogue's "Last, First"
    TITLE = "title"  # a title or role that announces a name: "Ambassador", "leader"
    MODIFIER = "modifier"  # a word that qualifies a name without being one: "Soviet", "June"
    BODY = "body"  # a word that makes a run a body's name: "Embassy", "Committee"
    CONNECTOR = "connector"  # a small word inside a name: "of", "the", "de"
    INITIAL = "initial"  # "P." of "P. Yudin"
    NAME = "name"  # any other capitalised word: maybe a name


# Hot loops test a kind against these tuples: `in` on a tuple compares enum members by identity.
_NAME_LIKE = (WordKind.INITIAL, WordKind.NAME)
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


def link_record(record: Record, authority: Authority) -> tuple[list[Mention], list[Entity]]:
    """Mentions of one record, in field order then text order, and the unknown names among them."""
    spans: list[_Span] = []
    runs: list[tuple[str, list[_Token], bool]] = []  # unknown-name candidates: field, tokens, announced
    leftovers: list[tuple[str, int, _Token]] = []  # single name-like words (field, offset of their run, word)
    texts = dict(record.text_fields())
    memory = _memory(authority)
    for field_name, text in texts.items():
        _scan_field(field_name, text, memory, spans, runs, leftovers)
    unresolved: dict[str, Entity] = {}
    for field_name, tokens, announced in runs:
        _add_unresolved(field_name, texts[field_name], tokens, "person", announced, spans, unresolved)
    _assign_parties(record, spans, authority, unresolved)
    _add_surnames(texts, spans, leftovers, authority, unresolved)
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
    return mentions, list(unresolved.values())


@cache
def _chunk_pattern(particles: tuple[str, ...], connectors: tuple[str, ...]) -> re.Pattern[str]:
    """Runs of capitalised words, initials and the small words names contain, on one line.

    A run is an optional particle ("de"), an optional "[", then units joined by glue or small words.
    The pattern opens with the set of characters a run can start with, and only then looks back
    and decides which opening it read: sre scans for such a set in C, where a pattern opening with a
    lookbehind or an optional part is tried at every position of the text (a quarter slower).
    """
    capital = f"[{_UPPER}]"
    after_capital = r"(?:\.|[^\W_]*(?:['’][^\W_]+)*['’]?)\]?"  # an initial's ".", or the rest of a word: "Workers' Party"
    unit = rf"\[?{capital}{after_capital}"
    glue = r"(?:,?[ ]|[ ]?[-–][ ]?|(?<=\.))"
    small = "|".join(map(re.escape, connectors))
    openings = [rf"(?<={re.escape(particle[0])}){re.escape(particle[1:])}[ ]\[?{capital}" for particle in particles]
    openings += [rf"(?<=\[){capital}", rf"(?<={capital})"]
    first = re.escape("".join(sorted({particle[0] for particle in particles} | {"["} | set(_UPPER))))
    return re.compile(rf"[{first}](?<![\w'’].)(?:{'|'.join(openings)}){after_capital}(?:(?:[ ](?:(?:{small})[ ])+|{glue}){unit})*")


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


def _cue_before(text: str, start: int, memory: _Memory) -> bool:
    """A title or role in lower case just before a run of names: "Romanian leader Gheorghe ..."."""
    if start < 2 or text[start - 1] != " ":
        return False
    word = text[text.rfind(" ", 0, start - 1) + 1 : start - 1].rstrip(".")
    return bool(word) and _word(word, memory).norm in memory.authority.titles


def _scan_field(
    field_name: str, text: str, memory: _Memory,
    spans: list[_Span], runs: list[tuple[str, list[_Token], bool]], leftovers: list[tuple[str, int, _Token]],
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
        for tokens, announced, opens_chunk, name_if_announced, name_otherwise in found.runs:
            cued = announced or opens_chunk and name_if_announced and _cue_before(text, offset, memory)
            if name_if_announced if cued else name_otherwise:
                run = [token._replace(start=token.start + offset, end=token.end + offset) for token in tokens]
                runs.append((field_name, run, cued))
            elif len(tokens) == 1 and tokens[0].kind is WordKind.NAME:
                leftovers.append((field_name, offset, tokens[0]))


def _tokens(chunk: str, offset: int, memory: _Memory) -> list[_Token]:
    tokens = []
    for match in TOKEN.finditer(chunk):
        norm, kind, possessive = _word(match.group(), memory)
        tokens.append(_Token(offset + match.start(), offset + match.end() - possessive, norm, kind))
    return tokens


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
        kind = WordKind.CONNECTOR
    elif norm in authority.titles:
        kind = WordKind.TITLE
    elif norm in authority.modifiers:
        kind = WordKind.MODIFIER
    elif norm in authority.bodies:
        kind = WordKind.BODY
    else:
        kind = WordKind.INITIAL if len(norm) == 1 else WordKind.NAME
    if len(memory.words) >= _WORDS_REMEMBERED:
        memory.words.clear()
    memory.words[word] = known = _Word(norm, kind, 2 if POSSESSIVE.search(word) else 0)
    return known


def _analyse(chunk: str, memory: _Memory) -> _Chunk:
    """Known spellings in a run of capitalised words, longest first; what is left may be a new name."""
    authority = memory.authority
    tokens = _tokens(chunk, 0, memory)
    words = [_known_word(token.norm, token.kind, memory) for token in tokens]
    matched: list[int | None] = [None] * len(tokens)  # index into matches
    matches: list[tuple[int, int, Entity, bool]] = []  # first and last token, the entity, a typo corrected
    index = 0
    while index < len(tokens):
        last = _longest_key(words, index, authority)
        if last is None:
            index += 1
            continue
        entity = authority.entities[authority.keys[" ".join(w for w, _ in words[index : last + 1])]]
        first = _given_names_before(tokens, matched, index, entity, authority) if entity.type == "person" else index
        for position in range(first, last + 1):
            matched[position] = len(matches)
        matches.append((first, last, entity, any(fixed for _, fixed in words[index : last + 1])))
        index = last + 1

    # A title or role before a run of unknown capitalised words makes it a name ("Ambassador Reis Malile").
    runs = []
    announced_matches = [False] * len(matches)
    announced, run = False, []
    for position, token in enumerate([*tokens, _Token(len(chunk), len(chunk), ",", WordKind.COMMA)]):
        match = matched[position] if position < len(tokens) else None
        if token.kind in _NAME_LIKE and match is None:
            run.append(token)
            continue
        if run:
            runs.append(_UnknownRun(tuple(run), announced, position == len(run),
                                    _is_name(run, True, authority), _is_name(run, False, authority)))
            run, announced = [], False
        if match is not None:
            first, _, entity, _ = matches[match]
            if entity.type == "person" and first == position:
                announced_matches[match] = announced
                announced = False
        elif token.kind is WordKind.TITLE:
            announced = True
        elif token.kind in _ENDS_ANNOUNCEMENT:
            announced = False
        elif (token.kind is WordKind.CONNECTOR and position + 1 < len(tokens) and matched[position + 1] is None
              and tokens[position + 1].kind in _NAME_LIKE):
            announced = False  # "President of the Republic": the role names no one here
    spans = tuple(
        _KnownSpan(tokens[first].start, tokens[last].end, entity.entity_id, entity.type, "fuzzy" if typo else "alias",
                   last - first + 1, announced,
                   # Only a person the run opens with, and nothing inside it announces, may be announced from before it.
                   cue_may_announce=first == 0 and entity.type == "person" and not announced)
        for (first, last, entity, typo), announced in zip(matches, announced_matches)
    )
    return _Chunk(spans, tuple(runs))


def _known_word(norm: str, kind: WordKind, memory: _Memory) -> tuple[str, bool]:
    """The word as the authority spells it, and whether a typo was corrected to get it."""
    if kind is not WordKind.NAME or len(norm) < _SHORTEST_TYPO or norm in memory.authority.vocabulary:
        return norm, False
    if norm not in memory.corrections:
        memory.corrections[norm] = memory.authority.correct(norm)
    corrected = memory.corrections[norm]
    return (corrected, True) if corrected else (norm, False)


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


def _is_name(run: list[_Token], announced: bool, authority: Authority) -> bool:
    """A run of unknown capitalised words is a name when the text marks it as one."""
    if run[-1].kind is not WordKind.NAME:
        return False
    if announced:
        return True
    if run[0].kind is WordKind.INITIAL:
        return True
    return len(run) > 1 and run[0].norm in authority.given_names


def _add_unresolved(
    field_name: str, text: str, tokens: list[_Token], kind: str, announced: bool,
    spans: list[_Span], unresolved: dict[str, Entity],
) -> _Span:
    name, entity_id = text[tokens[0].start : tokens[-1].end], slug_of([token.norm for token in tokens if token.kind is not WordKind.COMMA])
    unresolved.setdefault(entity_id, Entity(entity_id, name, kind, resolved=False))
    span = _Span(field_name, tokens[0].start, tokens[-1].end, entity_id, kind, "unresolved", len(tokens), announced,
                 surname=tokens[-1].norm if len(tokens) > 1 and kind == "person" else None)
    spans.append(span)
    return span


def _add_surnames(
    texts: dict[str, str], spans: list[_Span], leftovers: list[tuple[str, int, _Token]],
    authority: Authority, unresolved: dict[str, Entity],
) -> None:
    """A surname alone stands for the person named in full elsewhere in the record ("Rodriguez", "Malile")."""
    owners: dict[str, set[str]] = {}
    for span in spans:
        if span.type != "person":
            continue
        surnames = [span.surname] if span.surname else authority.surnames.get(span.entity_id, ())
        for surname in surnames:
            owners.setdefault(surname, set()).add(span.entity_id)
    known = {surname: next(iter(ids)) for surname, ids in owners.items() if len(ids) == 1}
    for span in spans:  # "Ambassador Malile" after "Reis Malile": one person
        if span.matched_by == "unresolved" and span.words == 1 and span.entity_id not in known.values():
            owner = known.get(span.entity_id)
            if owner:
                unresolved.pop(span.entity_id, None)
                span.entity_id = owner
    if not known:
        return
    taken: set[tuple[str, int]] | None = None  # worked out only when a leftover word is a known surname
    for field_name, offset, token in leftovers:
        owner = known.get(token.norm)
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


def _party_as_name(
    title: str, start: int, end: int, inside: list[_Span], spans: list[_Span],
    authority: Authority, unresolved: dict[str, Entity],
) -> list[_Span]:
    """A party the authority does not know: a body ("Bulgarian Embassy in Belgrade") or a person."""
    tokens = [token for token in _tokens(title[start:end], start, _memory(authority)) if token.kind is not WordKind.COMMA]
    capitals = [token for token in tokens if token.kind is not WordKind.CONNECTOR]
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
