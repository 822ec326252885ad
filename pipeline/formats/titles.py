"""What a catalogue title says about its document: its type and the parties it names, with their roles.

Archive titles follow a handful of grammars ("Letter from A to B", "Memorandum of Conversation
between A and B", "Report by A on ...", "Org [Person], 'Quoted Title'", "A's Conversation with B",
"Minutes of the Meeting of Org", ...). They are read by one mechanism, not a rule per shape: the
document type is the head noun of the title's first phrase, and each party phrase takes its role from
the word that governs it ("from", "by", "of", a possessive: author; "to", "for": recipient; "with",
"between ... and", "among": participant). Parties are returned as written in the title, without the
roles and places that ride along ("British PM Blair" gives "Blair", "A (Paris)" gives "A"); an office
named without a person ("the Secretary of State") is the party itself. A quoted title is not a party.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

from pipeline.curation import current, reference_text
from pipeline.dates import MONTHS
from pipeline.errors import PipelineError


@dataclass(frozen=True)
class TitleParts:
    document_type: str | None
    authors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Vocabulary:
    types: dict[str, str]  # phrase (lower case) -> document type
    of_names_subject: frozenset[str]  # types whose "of" names what the document is about ("Digest of the Press")
    pattern: re.Pattern[str]  # the head noun of a title's first phrase, after its modifiers
    phrase: re.Pattern[str]  # a vocabulary phrase that ends a first phrase, where it starts


@cache
def _vocabulary(path: Path | None) -> _Vocabulary:
    table, where = reference_text("document_types.csv", path)
    reader = csv.DictReader(table.splitlines())
    if not {"document_type", "phrase", "of_names"} <= set(reader.fieldnames or ()):
        raise PipelineError(f"{where}:1: the header must name the columns document_type, phrase and of_names")
    types, subject = {}, set()
    for line, row in enumerate(reader, start=2):
        if row["of_names"] not in ("author", "subject"):
            raise PipelineError(f"{where}:{line}: of_names must be author or subject, not {row['of_names']!r}")
        types[_words_key(row["phrase"])] = row["document_type"]
        if row["of_names"] == "subject":
            subject.add(row["document_type"])
    # The head noun of the first phrase: up to four modifiers ("Top Secret Ciphered Telegram"), never a
    # governing word; articles inside a phrase are optional ("Record of a Conversation"); plurals allowed.
    phrases = "|".join(
        r"\s+(?:(?:a|an|the)\s+)?".join(map(re.escape, phrase.split())) for phrase in sorted(types, key=len, reverse=True)
    )
    # A type ends the title's first phrase: "Treaty revision negotiations" is no treaty.
    phrase = rf"(?P<type>{phrases})(?:e?s)?(?=\s*(?:[,:;(\[\"“‘']|$)|\s+(?:{_GOVERNOR_WORDS}|among|amongst|at|during|dated|sent|held|no\.?|nr\.?)(?:\s|$))"
    pattern = re.compile(rf"(?P<modifiers>(?:(?!{_GOVERNOR_WORDS}\b)[^\s,:;'’\[\]()]+\s+){{0,4}}){phrase}", re.IGNORECASE)
    return _Vocabulary(types, frozenset(subject), pattern, re.compile(phrase, re.IGNORECASE))


def document_types(path: Path | None = None) -> dict[str, str]:
    """Phrase (lower case) -> document type, from `reference/document_types.csv` or the curator's copy at `path`."""
    return _vocabulary(path).types


def _words_key(phrase: str) -> str:
    """"Record of a Conversation" -> "record of conversation": how a matched phrase is looked up."""
    words = [word for word in phrase.lower().split() if word not in ("a", "an", "the")]
    return " ".join(words)


_GOVERNOR_WORDS = r"(?:of|from|by|to|for|between|with|among|amongst|on|regarding|concerning|about)"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# What a title is about starts here: no party after it, unless a participle names one ("... sent by A to B").
_SUBJECT_WORDS = frozenset(
    "regarding concerning about on re informing requesting asking proposing reporting expressing transmitting "
    "enclosing at during after before following containing discussing summarizing dated : ;".split()
)
_SUBJECT_PHRASES = (("in", "connection", "with"), ("with", "regard", "to"))
_PARTICIPLES = frozenset("sent addressed distributed submitted forwarded delivered handed".split())
_ROLE_OF = {"from": "author", "by": "author", "to": "recipient", "for": "recipient",
            "between": "participant", "with": "participant", "among": "participant", "amongst": "participant"}
# Words after which "for" and "to" belong to the name: "Ministry for State Security", "Delegation to the UN".
_FOR_COMPLEMENT = frozenset(
    "ministry committee commission commissioner commissariat council office agency institute secretary minister "
    "department bureau centre center board society league association fund union front".split()
)
# Bodies whose remit "on" names ("Committee on Defence"); a ministry's "on" starts the subject ("Ministry on the Treaty").
_ON_COMPLEMENT = frozenset("committee committees subcommittee commission council board panel group conference tribunal".split())
_TO_COMPLEMENT = frozenset("delegation delegations mission missions observer observers representative representatives".split())
_ACCREDITED_TO = re.compile(r"\s*(?:the\s+)?(?:[A-Z][\w'-]*\s+)*?(?:Nations|UN|Conference|Assembly|Council|Talks|Negotiations|Congress)\b")
_TOKEN = re.compile(r"[^\s,:;]+|[,:;]")
_PARTICIPLE = re.compile(r"\b(?:sent|addressed|distributed|submitted|forwarded|delivered|handed)\s+(?:by|to)\b", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_ENCLOSED = re.compile(r"\[[^\]]*\]|\([^()]*\)")
_WRITTEN_BY = re.compile(
    r"\s(sent|written|prepared|compiled|issued|signed|submitted|drafted|addressed|forwarded)\s+by\s", re.IGNORECASE
)
_POSSESSIVE_END = re.compile(r"['’]s$")
_TRAILING_NUMBER = re.compile(r"\s+(?:no|nr)\.?\s*\d\S*$", re.IGNORECASE)
# A lower-case word after a comma, or a date, ends a party phrase ("Tito to Khrushchev, September 1st, 1961");
# dates hold digits, so a title without any is spared the slower search.
_PHRASE_END = re.compile(r",\s+(?=[a-z])")
_PHRASE_END_OR_DATE = re.compile(
    rf",\s+(?=(?-i:[a-z])|\d)|\s+(?:of\s+)?(?=\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})\b)|,?\s+(?=(?:{_MONTH_NAMES})\.?\s+\d)"
    r"|,?\s+(?=[12]\d{3}\b)|,?\s+(?=no\.?\s*\d)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# An event the document records: its "of" names the body that met, its "between"/"with" the participants.
_EVENT = re.compile(
    r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?:meetings?|sessions?|sittings?|plenums?|plenary|conferences?|congress|"
    r"conversations?|talks|discussions?|negotiations|consultations?|audience|reception|presence|participation|attendance)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\s*,?\s*(?:no|nr|number)\.?\s*[\w/-]+", re.IGNORECASE)
_PART_OF = re.compile(r"(?:excerpts?|extracts?|copy|draft|translation)\s+(?:from|of)\s+(?:the\s+|an?\s+)?", re.IGNORECASE)
_QUOTE = re.compile(r"(?:^|(?<=[\s,:(]))(?:\"[^\"]+\"?|“[^”]+”?|['‘](?=\w)[^’]*?\w[.?!]?['’](?=$|[\s,.;:)]))")
_ORG_PERSON_QUOTE = re.compile(r"^(?P<org>[^\[\]\"“”]+?)\s*\[(?P<person>[^\]]+)\],\s*(?P<quoted>[\"“‘'].+)$")
_POSSESSIVE = re.compile(r"(?:the\s+)?(?P<author>[^,:;()\[\]\"“”]+?)['’]s\s+(?:\[(?P<bracketed>[^\]]+?)(?:['’]s)?\]\s+)?", re.IGNORECASE)
_TOPIC = re.compile(r"[^:]{1,80}:\s+(?=\S)")  # a subject heading before the title proper
_UNDATED_SUFFIX = re.compile(r"\s*\(undated\)\s*$", re.IGNORECASE)


def opens_with_document_type(text: str) -> bool:
    """True when `text` starts the way catalogue titles do ("Letter ...", "A's Conversation with ...",
    "Moscow Home Service: Khrushchev's speech ...")."""
    phrase = _vocabulary(current().document_types).phrase
    topic = _TOPIC.match(text) if ":" in text else None
    for start in (0, topic.end()) if topic else (0,):
        possessive = _POSSESSIVE.match(text, start) if "'s" in text or "’s" in text else None
        if phrase.match(text, start) or (possessive and phrase.match(text, possessive.end())):
            return True
    return False


def read_title(title: str) -> TitleParts:
    """Type and parties of a catalogue title; empty where the title does not say."""
    title = title.strip()
    if title[-9:].lower() == "(undated)":  # cheap test first: the suffix is rare and the search is not cheap
        title = _UNDATED_SUFFIX.sub("", title)
    vocabulary = _vocabulary(current().document_types)

    issued = _ORG_PERSON_QUOTE.match(title) if "[" in title else None  # "Org [Person], 'Quoted Title'"
    if issued:
        quoted = _QUOTE.match(issued["quoted"])
        inner = _typed(quoted.group(0).strip("\"“”‘’'") if quoted else issued["quoted"], vocabulary)
        return TitleParts(inner[0] if inner else None, _parties(issued["org"]) + _parties(issued["person"]))

    quote = _QUOTE.search(title) if any(mark in title for mark in "\"“‘'") else None
    text = title[: quote.start()] if quote else title  # the document's own words name no party

    topic = _TOPIC.match(text) if ":" in text else None
    if topic and not _typed(text, vocabulary):  # "Hungary: statement by the Irish delegation", "Egypt: telegrams"
        text = text[topic.end() :]
    authors: tuple[str, ...] = ()
    typed = _typed(text, vocabulary)
    possessive = _POSSESSIVE.match(text) if not typed and ("'s" in text or "’s" in text) else None
    if possessive and (typed := _typed(text, vocabulary, possessive.end())):
        authors = _parties(possessive["bracketed"] or possessive["author"])
    if not typed:
        return TitleParts(None, *_by_alone(text))
    document_type, end = typed
    roles = _governed(text, end, document_type in vocabulary.of_names_subject)
    return TitleParts(document_type, authors + roles["author"], roles["recipient"], roles["participant"])


def _typed(text: str, vocabulary: _Vocabulary, start: int = 0) -> tuple[str, int] | None:
    """The document type the head noun of the first phrase names, and where that noun ends."""
    part = _PART_OF.match(text, start)  # "Excerpts from the Diary of A": the diary's type and author
    if part and (found := _typed(text, vocabulary, part.end())):
        return found
    opening = vocabulary.phrase.match(text, start)
    if opening:  # most titles: "Letter from ...", "Report, A to B"
        return vocabulary.types[_words_key(opening["type"])], opening.end()
    opening = vocabulary.pattern.match(text, start)
    if not opening:
        return None
    # The head noun is the last the modifiers allow ("Draft Treaty"); the longest phrase holding it wins
    # ("Working Notes", "Stenographic Record of the Meeting" over "Record of the Meeting").
    for word in _WORD.finditer(opening["modifiers"]):
        longer = vocabulary.phrase.match(text, start + word.start())
        if longer and longer.end() > opening.start("type"):
            opening = longer
            break
    return vocabulary.types[_words_key(opening["type"])], opening.end()


def _governed(text: str, start: int, of_names_subject: bool) -> dict[str, tuple[str, ...]]:
    """Each party phrase after the type, under the role of the word that governs it."""
    scan = _masked(text)
    number = _NUMBER.match(text, start)  # "Protocol No. 93 of ..."
    position = number.end() if number else start
    heads: list[tuple[str, int, int]] = []  # role, where the phrase starts, where its governing word starts
    first = _FIRST_PHRASE.match(text, position)
    if first:  # "Diary of A", "Letter, A to B": the phrase right after the type is its author
        if not (of_names_subject and first["comma"] is None) or _EVENT.match(text, first.end()):
            heads.append(("author", first.end(), position))
        position = first.end()
    governed, stops = _governing_words(scan, position)
    heads = sorted(_through_events(text, heads + governed), key=lambda head: head[1])
    roles: dict[str, tuple[str, ...]] = {"author": (), "recipient": (), "participant": ()}
    for index, (role, begin, _) in enumerate(heads):
        if _COMMON_NOUN_PHRASE.match(text, begin):  # "notes from his visits to Moscow": about, not a party
            break
        if role is None:  # an event with no body named ("Notes by A for a Press Conference")
            continue
        end = min([len(text), *(stop for stop in stops if stop > begin), *(governor for _, _, governor in heads[index + 1 :])])
        phrase_end = (_PHRASE_END_OR_DATE if _DIGIT.search(scan, begin, end) else _PHRASE_END).search(scan, begin, end)
        roles[role] += _parties(text[begin : phrase_end.start() if phrase_end else end])
    return roles


def _governing_words(scan: str, position: int) -> tuple[list[tuple[str, int, int]], list[int]]:
    """The governing words after `position` with their phrases, and where what the title is about starts.

    After a word saying what the document is about ("on", "regarding", "at", ":") no party is named,
    unless a participle names one ("Report on the conference sent by A to B").
    """
    keys = _TOKEN.findall(scan.lower(), position)
    words = _TOKEN.findall(scan, position) if "on" in keys else keys  # as written: only "on" asks for capitals
    if _PARTICIPLE.search(scan, position) is None:  # nothing after the first word about the subject counts
        keys = keys[: next((index + 1 for index, key in enumerate(keys) if _is_subject(keys, index, words)), None)]
    tokens = list(islice(_TOKEN.finditer(scan, position), len(keys)))
    heads: list[tuple[str, int, int]] = []
    stops: list[int] = []
    about = False
    for index, key in enumerate(keys):
        following = keys[index + 1] if index + 1 < len(keys) else ""
        if key in _PARTICIPLES and following in ("by", "to"):
            about = False
        elif about:
            continue
        elif _is_subject(keys, index, words):
            stops.append(tokens[index].start())
            about = True
        elif key in _ROLE_OF and not _is_complement(scan, keys[index - 1] if index else "", key, tokens[index].end()):
            opening = index - 1 if index and (keys[index - 1] in _PARTICIPLES or keys[index - 1] == ",") else index
            begin = tokens[index + 1].start() if index + 1 < len(tokens) else len(scan)
            heads.append((_ROLE_OF[key], begin, tokens[opening].start()))
    return heads, stops


def _is_subject(keys: list[str], index: int, words: list[str]) -> bool:
    """Whether the title's subject starts at keys[index]; "on" after a body and before capitals names the body's
    remit instead ("Committee on Defence", "Commission on the Status of Women")."""
    key = keys[index]
    if key == "on" and 0 < index < len(keys) - 1 and keys[index - 1] in _ON_COMPLEMENT:
        following = index + 2 if keys[index + 1] == "the" and index + 2 < len(keys) else index + 1
        if words[following][:1].isupper():
            return False
    return key in _SUBJECT_WORDS or (key in ("in", "with") and tuple(keys[index : index + 3]) in _SUBJECT_PHRASES)


def _through_events(text: str, heads: list[tuple[str, int, int]]) -> list[tuple[str | None, int, int]]:
    """A phrase naming an event is no party: "of" after it names who met ("Minutes of the Meeting of Org")."""
    kept = []
    for role, begin, governor in heads:
        event = _EVENT.match(text, begin)
        if not event:
            kept.append((role, begin, governor))
        else:
            body = _EVENT_OF.match(text, event.end())
            kept.append((role if body else None, body.end() if body else event.end(), governor if not body else event.end()))
    return kept


_EVENT_OF = re.compile(r"\s+of\s+", re.IGNORECASE)
_COMMON_NOUN_PHRASE = re.compile(r"(?!(?:the|a|an)\s)(?-i:[a-z])")
_FIRST_PHRASE = re.compile(r"\s+of\s+|(?P<comma>,)\s+(?=[A-Z\[])", re.IGNORECASE)


def _masked(text: str) -> str:
    """`text` with what is inside brackets and parentheses blanked: no governing word is found there."""
    if "[" not in text and "(" not in text:
        return text
    return _ENCLOSED.sub(lambda inside: inside.group(0)[0] + " " * (len(inside.group(0)) - 2) + inside.group(0)[-1], text)


def _is_complement(scan: str, before: str, word: str, after: int) -> bool:
    """"for" and "to" that continue a name rather than govern a new party."""
    if word == "for":
        return before in _FOR_COMPLEMENT
    if word == "to":  # an envoy's accreditation ("Delegation to the Geneva Conference"), not a recipient
        return before in _TO_COMPLEMENT and _ACCREDITED_TO.match(scan, after) is not None
    return False


def _by_alone(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A title that names no document type: only "written by A" (or "sent by A to B") names a party for sure.

    A bare "by" may name an actor of the subject ("Clearance of the Canal by the UN fleet"), not an author.
    """
    by = _WRITTEN_BY.search(text)
    if not by:
        return (), ()
    roles = _governed(text, by.start(), False)
    return roles["author"], roles["recipient"] if by.group(1).lower() == "sent" else ()


_PARTY_SPLIT = re.compile(r",?\s+(?:and|&)\s+(?=(?:the\s+)?[A-Z\[]|an?\s)")
_LEADING_WORDS = re.compile(r"^(?:(?:the|comrades?|cdes?\.?|com\.)\s+)+", re.IGNORECASE)
_TRAILING_DASH_PLACE = re.compile(r"\s+[–—-]\s+[A-Z][\w .'-]*$")
_TRAILING_ENCLOSED = re.compile(r"\s*(?P<open>[\[(])(?P<inside>[^\[\]()]+)[\])]$")
_NOT_PARTIES = {"record", "file", "files"}  # "Memorandum for the Record"
_PARTICLES = {"de", "da", "di", "del", "van", "von", "der", "den", "la", "le", "al", "bin", "ibn", "el", "du", "dos", "ter", "y"}


def _parties(text: str) -> tuple[str, ...]:
    """"Tito and the Executive Committee of the CC LCY" -> each party, without roles and places."""
    text = text.strip()
    parts = _PARTY_SPLIT.split(text) if " and " in text or "&" in text else [text]
    names: list[str] = []
    for position, part in enumerate(parts):
        if _shares_a_plural_head(parts, position):
            break
        items = part.split(", ")
        last = position == len(parts) - 1
        for index, item in enumerate(items[:1] if last else items):  # after the last "and", a comma starts an apposition
            found = _party(item)
            if index and found and not found[1]:  # "A, Prime Minister of Japan, and B": an apposition, not a party
                continue
            names += found[0] if found else ()
    return tuple(names)


def _shares_a_plural_head(parts: list[str], position: int) -> bool:
    """"Chinese and Soviet Delegations": adjectives sharing one plural head name no party of their own."""
    if position + 1 >= len(parts) or " " in parts[position].strip():
        return False
    head = parts[position + 1].split()[-1].lower()
    return head.endswith("s") and _kind(head) == "body"


@lru_cache(maxsize=1 << 16)  # an archive names the same people and bodies again and again
def _party(item: str) -> tuple[tuple[str, ...], bool] | None:
    """The names in one party phrase and whether a person is named (False: an office or a body)."""
    item = _LEADING_WORDS.sub("", item.strip(" ,.;:\"'“”‘’"))
    behind = None
    enclosed = _TRAILING_ENCLOSED.search(item) if item[-1:] in ")]" else None
    if enclosed:
        item = item[: enclosed.start()]
        # A bracket is the archive naming the person behind an office; parentheses after an office name its
        # holder ("Chairman of the JCS (Wheeler)"), after a person their place ("Vidic (Paris)").
        inside = enclosed["inside"].strip()
        if inside[:1].isupper() and (enclosed["open"] == "[" or _without_role(item)[1] == "office"):
            behind = _POSSESSIVE_END.sub("", inside)
    if "–" in item or "—" in item or " - " in item:
        item = _TRAILING_DASH_PLACE.sub("", item)
    if _DIGIT.search(item):
        item = _TRAILING_NUMBER.sub("", item)
    name, kind = _without_role(item.strip())
    names = (behind,) if behind and kind == "office" else (name, behind)
    found = tuple(part for part in names if part and part.lower() not in _NOT_PARTIES and any(c.isupper() for c in part))
    return (found, kind == "person" or behind is not None) if found else None


def _without_role(item: str) -> tuple[str, str]:
    """"Soviet Ambassador in Beijing Pavel Yudin" -> ("Pavel Yudin", "person"); an office or a body is kept whole.

    The name is what follows the last role word (and its complement: "in Beijing", "of State"), when
    it reads as a name: capitalised words (and particles) that are neither roles nor bodies.
    """
    words = list(_WORD.finditer(item))
    keys = [word.group(0).lower().strip(".,") for word in words]
    kinds = [_kind(key) for key in keys]
    common = next((index for index, word in enumerate(words) if _is_common_word(word.group(0), keys[index], kinds[index])), None)
    if common is not None:  # "Mr Dulles held on ...": a clause ends the name; "the Austrian-Hungarian border": no name
        if not common or not (keys[common].endswith(("ed", "en")) or keys[common] in _IRREGULAR_PARTICIPLES):
            return "", "none"
        item = item[: words[common - 1].end()]
        words, keys, kinds = words[:common], keys[:common], kinds[:common]
    # "Mitterrand in Latché", "Menon in the General Assembly": a place after a name is not part of it
    # ("Embassy in Tokyo", "Ambassador in Beijing Pavel Yudin" keep theirs).
    place = next((index for index in range(1, len(keys)) if keys[index] in ("in", "at") and not kinds[index - 1]), None)
    if place is not None:
        item = item[: words[place - 1].end()]
        words, keys, kinds = words[:place], keys[:place], kinds[:place]
    if all(kind == "modifier" for kind in kinds):  # "Foreign": part of a title, no one's
        return "", "none"
    roles = [index for index, kind in enumerate(kinds) if kind in ("title", "modifier")]
    bodies = [index for index, kind in enumerate(kinds) if kind == "body"]
    if not roles:
        return item, "body" if bodies else "person"
    if "title" not in kinds:
        return item, "body"  # "Ministry for State Security": a body's modifiers, no one's title
    if bodies and bodies[-1] > roles[-1]:
        return item, "office"  # "Chairman of the Joint Chiefs of Staff"
    start = roles[-1] + 1
    if start < len(keys) and keys[start] in ("in", "at"):
        start += 2  # "Ambassador in Beijing Pavel Yudin": a one-word post
    elif start < len(keys) and keys[start] == "of":
        start += 1
        while start < len(keys) and (kinds[start] or keys[start] in ("the", "and")):
            start += 1
        if not kinds[start - 1]:  # "Editor of the Irish Times": the complement is a body, not a name
            return item, "office"
    name = item[words[start].start() :] if start < len(words) else ""
    if not name or not _reads_as_name(name, keys[start:], kinds[start:]):
        return item, "office"
    return name, "person"


_IRREGULAR_PARTICIPLES = {"held", "made", "sent", "kept", "met", "read", "set", "told", "brought", "sought", "worn", "drawn"}
_FUNCTION_WORDS = {"of", "the", "for", "and", "in", "at", "to", "on", "&"}


def _is_common_word(word: str, key: str, kind: str | None) -> bool:
    """A lower-case word that is neither a function word, a particle of a name nor a role: "border", "held"."""
    return word[:1].islower() and kind is None and key not in _FUNCTION_WORDS and key not in _PARTICLES and "'" not in key


def _reads_as_name(name: str, keys: list[str], kinds: list[str | None]) -> bool:
    capitalised = [word[:1].isupper() for word in name.split()]
    return capitalised[0] and all(
        (upper or key in _PARTICLES) and not kind for upper, key, kind in zip(capitalised, keys, kinds)
    )


@cache
def _cue_kinds() -> dict[str, str]:
    """Word (lower case) -> "title" (a person's: "ambassador"), "modifier" (part of one: "foreign") or "body"."""
    table, _ = reference_text("name_cues.csv", None)
    kinds: dict[str, str] = {}
    for row in csv.DictReader(table.splitlines()):
        word = row["word"].lower()
        if row["kind"] == "body":  # "Embassies", "Delegations": plurals name bodies too
            plurals = (word + "s", word[:-1] + "ies") if word.endswith("y") else (word + "s",)
            kinds.update(dict.fromkeys((word, *plurals), "body"))
        elif row["kind"] in ("title", "modifier"):
            kinds[word] = row["kind"]
    return kinds


def _kind(key: str) -> str | None:
    kinds = _cue_kinds()
    kind = kinds.get(key)
    if kind is None and "-" in key:  # "Secretary-General"
        kind = next((kinds[part] for part in key.split("-") if kinds.get(part) in ("title", "modifier")), None)
    return kind
