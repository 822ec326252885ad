"""The link stage: every mention of a person, place or body in every text field, resolved to an entity.

Text is scanned once per field by one compiled pattern that yields runs of capitalised words
(with the small words names contain: "of the", "i", "de"); each run's words are looked up as
whole spellings of the authority file, longest first, so the cost is a few dictionary lookups per
name, not a loop over aliases. Only words the file has never seen are tried for typos, and the
answer is remembered. Names the file does not know are kept when the text marks them as names:
a title or role before them ("Ambassador Reis Malile"), a known given name ("Pavel Yudin"),
initials ("P. Yudin"), or the author/recipient slot of a catalogue title; a capitalised word
that only starts a sentence is never a name.

Roles: the parties a title's grammar names (`Document.authors`, `Document.recipients`) make
the mentions inside them `author` / `recipient`; the leaders an event's summary introduces by
full name or title are `participant`; everything else is `mentioned`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from pipeline.authority import Authority, Entity, normalise, one_edit_apart, slug
from pipeline.records import Document, Event

ROLES = ("author", "recipient", "participant", "mentioned")
MATCHED_BY = ("alias", "fuzzy", "surname", "unresolved")
_LONGEST_KEY = 16  # words in the longest spelling worth trying
_LONGEST_EXTENSION = 3  # given names and initials before a surname: "Nikita S. Khrushchev"
_UPPER = "".join(c for c in map(chr, range(0x530)) if c.isupper())
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|,")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


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
    """What linking found: mentions in record order, and the names the authority file does not know."""

    mentions: list[Mention] = field(default_factory=list)
    unresolved: dict[str, Entity] = field(default_factory=dict)


def link(records: Iterable[Document | Event], authority: Authority) -> Linked:
    """Mentions of every record; a pure function of the records and the authority."""
    linked = Linked()
    for record in records:
        mentions, unresolved = link_record(record, authority)
        linked.mentions.extend(mentions)
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


def sightings(entities: Mapping[str, Entity], mentions: list[Mention], records: Mapping[str, Document | Event]) -> list[Sighting]:
    counts, first = record_counts(mentions), {}
    for mention in mentions:
        first.setdefault(mention.entity_id, mention)
    return [
        Sighting(entities[entity_id], counts[entity_id], mention,
                 f"{records[mention.record_id].source_id}:{records[mention.record_id].line}")
        for entity_id, mention in sorted(first.items())
    ]


def record_counts(mentions: Iterable[Mention]) -> dict[str, int]:
    """entity_id -> how many records mention it."""
    records: dict[str, set[str]] = {}
    for mention in mentions:
        records.setdefault(mention.entity_id, set()).add(mention.record_id)
    return {entity_id: len(ids) for entity_id, ids in records.items()}


def spellings_seen(mentions: Iterable[Mention]) -> dict[str, list[str]]:
    """entity_id -> the distinct spellings the records use for it, sorted."""
    spellings: dict[str, set[str]] = {}
    for mention in mentions:
        spellings.setdefault(mention.entity_id, set()).add(mention.text)
    return {entity_id: sorted(texts) for entity_id, texts in spellings.items()}


def record_id(record: Document | Event) -> str:
    return record.document_id if isinstance(record, Document) else record.event_id


def record_fields(record: Document | Event) -> list[tuple[str, str]]:
    """(field, text) of every text field of a record; an event's Nth highlight is `highlights/N`."""
    if isinstance(record, Document):
        fields = [("title", record.title), ("description", record.description)]
    else:
        fields = [("title", record.title), ("summary", record.summary), ("what_happened", record.what_happened),
                  ("why_it_matters", record.why_it_matters)]
        fields += [(f"highlights/{position}", text) for position, text in enumerate(record.highlights, 1)]
    return [(name, text) for name, text in fields if text]


class _Token(NamedTuple):
    start: int
    end: int
    norm: str
    kind: str  # "," T(itle) M(odifier) B(ody) C(onnector) I(nitial) N(ame-like)


@dataclass
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


def link_record(record: Document | Event, authority: Authority) -> tuple[list[Mention], list[Entity]]:
    """Mentions of one record, in field order then text order, and the unknown names among them."""
    spans: list[_Span] = []
    runs: list[tuple[str, list[_Token], bool]] = []  # unknown-name candidates: field, tokens, announced
    leftovers: list[tuple[str, _Token]] = []  # single name-like words, for surnames of names found here
    texts = dict(record_fields(record))
    chunks, cue = _chunk_pattern(authority.particles, authority.connectors), _cue_before(authority.titles)
    for field_name, text in texts.items():
        for chunk in chunks.finditer(text):
            tokens = _tokens(chunk.group(), chunk.start(), authority)
            cued = cue.search(text, max(0, chunk.start() - 30), chunk.start()) is not None
            _scan(field_name, tokens, cued, authority, spans, runs, leftovers)
    unresolved: dict[str, Entity] = {}
    for field_name, tokens, announced in runs:
        _add_unresolved(field_name, texts[field_name], tokens, "person", announced, spans, unresolved)
    if isinstance(record, Document):
        _assign_parties(record, spans, authority, unresolved)
    _add_surnames(texts, spans, leftovers, authority, unresolved)
    if isinstance(record, Event):
        for span in spans:
            if span.field == "summary" and span.type == "person" and (span.words > 1 or span.announced):
                span.role = "participant"
    identifier = record_id(record)
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
    """Runs of capitalised words, initials and the small words names contain, on one line."""
    word = rf"[{_UPPER}][^\W_]*(?:['’][^\W_]+)*['’]?"  # "Workers' Party"
    unit = rf"\[?(?:[{_UPPER}]\.|{word})\]?"
    glue = r"(?:,?[ ]|[ ]?[-–][ ]?|(?<=\.))"
    small = "|".join(map(re.escape, connectors))
    lead = "|".join(map(re.escape, particles))
    return re.compile(rf"(?<![^\W_])(?:(?:{lead})[ ])?{unit}(?:(?:[ ](?:(?:{small})[ ])+|{glue}){unit})*")


@cache
def _cue_before(titles: frozenset[str]) -> re.Pattern[str]:
    """A title or role in lower case just before a run of names: "Romanian leader Gheorghe ..."."""
    words = "|".join(sorted(map(re.escape, titles), key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{words})\.?[ ]$", re.IGNORECASE)


def _tokens(chunk: str, offset: int, authority: Authority) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(chunk):
        word = match.group()
        end = offset + match.end() - (2 if _POSSESSIVE.search(word) else 0)
        norm = normalise(word)
        if word == ",":
            kind = ","
        elif word[0].islower():
            kind = "C"
        elif norm in authority.titles:
            kind = "T"
        elif norm in authority.modifiers:
            kind = "M"
        elif norm in authority.bodies:
            kind = "B"
        else:
            kind = "I" if len(norm) == 1 else "N"
        tokens.append(_Token(offset + match.start(), end, norm, kind))
    return tokens


def _scan(
    field_name: str, tokens: list[_Token], cued: bool, authority: Authority,
    spans: list[_Span], runs: list[tuple[str, list[_Token], bool]], leftovers: list[tuple[str, _Token]],
) -> None:
    """Known spellings in one run of capitalised words, longest first; what is left may be a new name."""
    words = [_known_word(token, authority) for token in tokens]
    matched: list[_Span | None] = [None] * len(tokens)
    index = 0
    while index < len(tokens):
        last = _longest_key(words, index, authority)
        if last is None:
            index += 1
            continue
        entity = authority.entities[authority.keys[" ".join(w for w, _ in words[index : last + 1])]]
        first = _given_names_before(tokens, matched, index, entity, authority) if entity.type == "person" else index
        typo = any(fixed for _, fixed in words[index : last + 1])
        span = _Span(field_name, tokens[first].start, tokens[last].end, entity.entity_id, entity.type,
                     "fuzzy" if typo else "alias", last - first + 1, False)
        spans.append(span)
        for position in range(first, last + 1):
            matched[position] = span
        index = last + 1

    announced, run = cued, []
    for position, token in enumerate(tokens + [_Token(0, 0, "", ",")]):
        span = matched[position] if position < len(tokens) else None
        if token.kind in "IN" and span is None:
            run.append(token)
            continue
        if run:
            if _is_name(run, announced, authority):
                runs.append((field_name, run, announced))
            elif len(run) == 1 and run[0].kind == "N":
                leftovers.append((field_name, run[0]))
            run, announced = [], False
        if span is not None:
            if span.type == "person":
                span.announced = span.announced or announced
                announced = False
        elif token.kind == "T":
            announced = True
        elif token.kind in ",B":
            announced = False
        elif token.kind == "C" and position + 1 < len(tokens) and matched[position + 1] is None and tokens[position + 1].kind in "IN":
            announced = False  # "President of the Republic": the role names no one here


def _known_word(token: _Token, authority: Authority) -> tuple[str, bool]:
    """The token's word as the authority spells it, and whether a typo was corrected to get it."""
    if token.norm in authority.vocabulary or token.kind not in "N" or len(token.norm) < 7:
        return token.norm, False
    corrected = authority.correct(token.norm)
    return (corrected, True) if corrected else (token.norm, False)


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
    tokens: list[_Token], matched: list[_Span | None], index: int, entity: Entity, authority: Authority
) -> int:
    """Start of the person's name including given names or initials of theirs before the match ("Josep B. Tito")."""
    names = authority.name_tokens[entity.entity_id]
    initials = {name[0] for name in names}
    first = index
    while first > 0 and index - first < _LONGEST_EXTENSION:
        token = tokens[first - 1]
        if matched[first - 1] is not None or token.kind not in "IN":
            break
        fits = (
            token.norm in initials if token.kind == "I"
            else token.norm in names or any(len(name) > 3 and one_edit_apart(name, token.norm) for name in names)
        )
        if not fits:
            break
        first -= 1
    return first


def _is_name(run: list[_Token], announced: bool, authority: Authority) -> bool:
    """A run of unknown capitalised words is a name when the text marks it as one."""
    if run[-1].kind != "N":
        return False
    if announced:
        return True
    if run[0].kind == "I":
        return True
    return len(run) > 1 and run[0].norm in authority.given_names


def _add_unresolved(
    field_name: str, text: str, tokens: list[_Token], kind: str, announced: bool,
    spans: list[_Span], unresolved: dict[str, Entity],
) -> _Span:
    name = text[tokens[0].start : tokens[-1].end]
    entity = unresolved.setdefault(slug(name), Entity(slug(name), name, kind, resolved=False))
    span = _Span(field_name, tokens[0].start, tokens[-1].end, entity.entity_id, kind, "unresolved", len(tokens), announced)
    spans.append(span)
    return span


def _add_surnames(
    texts: dict[str, str], spans: list[_Span], leftovers: list[tuple[str, _Token]],
    authority: Authority, unresolved: dict[str, Entity],
) -> None:
    """A surname alone stands for the person named in full elsewhere in the record ("Rodriguez", "Malile")."""
    owners: dict[str, set[str]] = {}
    for span in spans:
        if span.type != "person":
            continue
        if span.matched_by == "unresolved":
            words = [normalise(word) for word in _TOKEN.findall(texts[span.field][span.start : span.end])]
            surnames = words[-1:] if len(words) > 1 else []
        else:
            surnames = list(authority.surnames.get(span.entity_id, ()))
        for surname in surnames:
            owners.setdefault(surname, set()).add(span.entity_id)
    known = {surname: next(iter(ids)) for surname, ids in owners.items() if len(ids) == 1}
    for span in spans:  # "Ambassador Malile" after "Reis Malile": one person
        if span.matched_by == "unresolved" and span.words == 1 and span.entity_id not in known.values():
            owner = known.get(span.entity_id)
            if owner:
                unresolved.pop(span.entity_id, None)
                span.entity_id = owner
    taken = {(span.field, span.start) for span in spans}
    for field_name, token in leftovers:
        owner = known.get(token.norm)
        if owner and (field_name, token.start) not in taken:
            spans.append(_Span(field_name, token.start, token.end, owner, "person", "surname", 1, False))


def _assign_parties(document: Document, spans: list[_Span], authority: Authority, unresolved: dict[str, Entity]) -> None:
    """Authors and recipients: the mentions inside each party the title's grammar names."""
    title = document.title
    cursor = 0
    for role, parties in (("author", document.authors), ("recipient", document.recipients)):
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
    tokens = [token for token in _tokens(title[start:end], start, authority) if token.kind != ","]
    capitals = [token for token in tokens if token.kind != "C"]
    if any(token.kind == "B" for token in tokens) and len(capitals) > 1:
        for span in inside:  # a place inside a body's name is part of that name
            spans.remove(span)
        return [_add_unresolved("title", title, tokens, "organization", False, spans, unresolved)]
    known = [(span.start, span.end) for span in inside]
    names = [token for token in tokens if token.kind in "IN" and not any(s <= token.start < e for s, e in known)]
    run: list[_Token] = []
    for token in names:  # the last run of adjacent name-like words
        run = run + [token] if run and title[run[-1].end : token.start].strip(" .") == "" else [token]
    if not run or run[-1].kind != "N":
        return []
    return [_add_unresolved("title", title, run, "person", False, spans, unresolved)]
