"""The authority file: who, where and which body the archive's texts can name, as data.

`reference/entities.csv` holds one row per entity: a stable slug, the canonical name, the type,
every spelling the texts use (abbreviations, transliterations, the archive's own typos) and,
for a body that belongs to another (a Presidium to its Central Committee, a ministry to its
state), `part_of` and the names of the part, from which the usual combinations are made:
"Presidium" of the CPSU CC gives "CPSU CC Presidium", "Presidium of the CC CPSU", ... A user
extends it by adding rows or aliases; no code changes. `name_cues.csv` (titles, modifiers, the head
nouns of bodies, the particles of names) and `given_names.csv` say which words announce a name the file
does not know yet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.dates import MONTHS
from pipeline.errors import PipelineError

TYPES = ("person", "organization", "place")
_COLUMNS = ("entity_id", "name", "type", "aliases", "part_of", "part_names", "adjectives", "wikidata", "description")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")
# The one tokenizer of names, for the authority's spellings and the linker's texts alike, so both cut a
# name into the same words. Words, and commas: "Popović, Koča" is a catalogue's "Last, First", "Popović Koča" is not.
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|,")
POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^a-z0-9]")
_SHORTEST_TYPO_TOKEN = 7

# Small words after which a body's name goes on: "Ministry of Foreign Affairs", "Committee for State Security",
# "Committee on Defence", "Embassy in Taipei".
BODY_COMPLEMENTS = ("of", "for", "on", "in", "the")

@dataclass(frozen=True)
class Entity:
    entity_id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    wikidata: str | None = None
    description: str | None = None
    resolved: bool = True
    context: str | None = None  # of a name the file lacks: the words around it where a record first names it


@dataclass(frozen=True, eq=False)  # compared by identity: what the linker remembers is kept per authority
class Authority:
    """Every entity, and the indexes that find them in text: alias keys, their prefixes, typos."""

    entities: dict[str, Entity]
    keys: dict[str, str]  # normalised alias -> entity_id
    prefixes: frozenset[str]
    vocabulary: frozenset[str]
    # A typo index ("symmetric delete"): a long word of the vocabulary with one letter deleted -> the words it comes from.
    deletions: dict[str, frozenset[str]]
    name_tokens: dict[str, frozenset[str]]  # person -> every word of its spellings
    surnames: dict[str, tuple[str, ...]]  # person -> last words of its full names
    name_ends: dict[str, frozenset[str]]  # person -> first and last words of its full names: either may be the surname
    particles: tuple[str, ...]  # lowercase words that start an alias ("de Gaulle") or a name ("al-Assad", "van der Stoel")
    connectors: tuple[str, ...]  # lowercase words inside aliases ("of", "the", "i") and names ("bin", "von")
    name_particles: frozenset[str]  # the small words of people's names ("de", "van", "bin", "al"): name_cues.csv
    titles: frozenset[str]
    modifiers: frozenset[str]
    nationalities: frozenset[str]  # the file's adjectives of one word ("Chilean"): "Chilean Embassy" names a body
    bodies: frozenset[str]
    features: frozenset[str]  # head nouns of a place's name: "Golan Heights", "National Palace"
    things: frozenset[str]  # head nouns of what is neither a person nor a body: "Balkan Pact", "Stalin Prize"
    given_names: frozenset[str]

    def correct(self, token: str) -> str | None:
        """The one known word a single typo away from `token` ("yugolsavia" -> "yugoslavia"), if unique."""
        candidates: set[str] = set(self.deletions.get(token, ()))
        for index in range(len(token)):
            shorter = token[:index] + token[index + 1 :]
            if shorter in self.vocabulary:
                candidates.add(shorter)
            candidates.update(self.deletions.get(shorter, ()))
        matches = [word for word in candidates if word[0] == token[0] and one_edit_apart(word, token)]
        return matches[0] if len(matches) == 1 else None


def normalise(word: str) -> str:
    """Case, accents and possessive folded: "Tito's" -> "tito", "Gomułka" -> "gomulka"."""
    word = POSSESSIVE.sub("", word).replace("’", "'").replace("'", "")
    word = unicodedata.normalize("NFKD", word.casefold().replace("ł", "l").replace("đ", "dj").replace("ø", "o"))
    return "".join(character for character in word if not unicodedata.combining(character))


def key_of(text: str) -> str:
    """The lookup key of a spelling: its words, normalised, joined by spaces."""
    return " ".join(normalise(token) for token in TOKEN.findall(text))


def slug_of(words: Iterable[str]) -> str:
    """An id from normalised words; a name with no Latin letters at all gets one from its hash."""
    joined = "-".join(filter(None, (_NOT_SLUG.sub("", word) for word in words)))
    return joined or "name-" + hashlib.sha1("-".join(words).encode("utf-8")).hexdigest()[:12]


def one_edit_apart(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours turns `a` into `b`."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    first = next((index for index, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        rest = first + 1
        swapped = a[first : first + 2] == b[first : first + 2][::-1] and a[first + 2 :] == b[first + 2 :]
        return a[rest:] == b[rest:] or swapped
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[first + 1 :] == shorter[first:]


@cache
def default_authority() -> Authority:
    return _build(_packaged("entities.csv"))


def load_authority(path: Path | None = None) -> Authority:
    """The packaged authority file, or the one at `path` (a curator's copy)."""
    if path is None:
        return default_authority()
    try:
        return _build(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        raise PipelineError(f"cannot read the authority file {path}: {error.strerror or error}") from error


def _packaged(name: str) -> str:
    return resources.files("pipeline.reference").joinpath(name).read_text(encoding="utf-8")


def _build(text: str, where: str = "pipeline/reference/entities.csv") -> Authority:
    rows = _read_rows(text, where)
    entities = {row["entity_id"]: _entity(row) for row in rows}
    spellings = {row["entity_id"]: [row["name"], *_split(row["aliases"])] for row in rows}
    by_id = {row["entity_id"]: row for row in rows}
    composed: set[str] = set()
    for entity_id in by_id:
        _compose(entity_id, by_id, spellings, composed, where)
    keys: dict[str, str] = {}
    for entity_id, names in spellings.items():
        forms = names + [_last_first(name) for name in names] if entities[entity_id].type == "person" else names
        for form in forms:
            key = key_of(form)
            if key and keys.setdefault(key, entity_id) != entity_id:
                raise PipelineError(
                    f'{where}: "{form}" names both {keys[key]} and {entity_id}; keep it on one of them'
                )
    cues = list(csv.DictReader(io.StringIO(_packaged("name_cues.csv"))))
    name_particles = {row["word"] for row in cues if row["kind"] == "particle"}
    adjectives = {normalise(adjective) for row in rows for adjective in _split(row["adjectives"])}
    words = [word for key in keys for word in key.split()]
    every_spelling = [name for names in spellings.values() for name in names]
    vocabulary = frozenset(words)
    people = [entity_id for entity_id, entity in entities.items() if entity.type == "person"]
    return Authority(
        entities=entities,
        keys=keys,
        prefixes=frozenset(" ".join(key.split()[:length]) for key in keys for length in range(1, len(key.split()) + 1)),
        vocabulary=vocabulary,
        deletions=_deletions(vocabulary),
        name_tokens={p: frozenset(word for name in spellings[p] for word in key_of(name).split()) for p in people},
        name_ends={p: frozenset(end for n in spellings[p] if len(key_of(n).split()) > 1 for end in (key_of(n).split()[0], key_of(n).split()[-1])) for p in people},
        surnames={p: tuple(dict.fromkeys(key_of(n).split()[-1] for n in spellings[p] if len(key_of(n).split()) > 1)) for p in people},
        particles=tuple(sorted({name.split()[0] for name in every_spelling if name.split()[0].islower()} | name_particles)),
        connectors=tuple(sorted(
            {word for name in every_spelling for word in name.split() if word.islower() and word.isalpha()}
            | name_particles | set(BODY_COMPLEMENTS)
        )),
        name_particles=frozenset(name_particles),
        titles=frozenset(normalise(row["word"]) for row in cues if row["kind"] == "title"),
        modifiers=frozenset(normalise(row["word"]) for row in cues if row["kind"] == "modifier") | adjectives | set(MONTHS),
        bodies=frozenset(normalise(row["word"]) for row in cues if row["kind"] == "body"),
        features=frozenset(normalise(row["word"]) for row in cues if row["kind"] == "feature"),
        things=frozenset(normalise(row["word"]) for row in cues if row["kind"] == "thing"),
        nationalities=frozenset(adjective for adjective in adjectives if " " not in adjective),
        given_names=frozenset(normalise(row["given_name"]) for row in csv.DictReader(io.StringIO(_packaged("given_names.csv")))),
    )


def _deletions(vocabulary: frozenset[str]) -> dict[str, frozenset[str]]:
    """Each word long enough to be corrected, under every spelling of it with one letter left out."""
    sources: dict[str, set[str]] = {}
    for word in vocabulary:
        if len(word) >= _SHORTEST_TYPO_TOKEN - 1:
            for index in range(len(word)):
                sources.setdefault(word[:index] + word[index + 1 :], set()).add(word)
    return {shorter: frozenset(words) for shorter, words in sources.items()}


def _read_rows(text: str, where: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise PipelineError(f"{where}: the header must be {','.join(_COLUMNS)}")
    rows = [{column: (value or "").strip() for column, value in row.items()} for row in reader]
    seen: set[str] = set()
    for line, row in enumerate(rows, 2):
        problem = (
            "entity_id must be a lower-case slug" if not _ID.match(row["entity_id"])
            else f"entity_id {row['entity_id']} is used twice" if row["entity_id"] in seen
            else f"type must be one of {', '.join(TYPES)}" if row["type"] not in TYPES
            else "name is empty" if not row["name"]
            else "wikidata must look like Q42" if row["wikidata"] and not _WIKIDATA.match(row["wikidata"])
            else None
        )
        if problem:
            raise PipelineError(f"{where}:{line}: {problem}")
        seen.add(row["entity_id"])
    for line, row in enumerate(rows, 2):
        if row["part_of"] and row["part_of"] not in seen:
            raise PipelineError(f"{where}:{line}: part_of names {row['part_of']}, which is not in the file")
    return rows


def _entity(row: dict[str, str]) -> Entity:
    return Entity(
        entity_id=row["entity_id"],
        name=row["name"],
        type=row["type"],
        aliases=tuple(_split(row["aliases"])),
        part_of=row["part_of"] or None,
        wikidata=row["wikidata"] or None,
        description=row["description"] or None,
    )


def _split(cell: str) -> list[str]:
    return [value.strip() for value in cell.split(";") if value.strip()]


def _compose(
    entity_id: str, rows: dict[str, dict[str, str]], spellings: dict[str, list[str]], composed: set[str], where: str
) -> None:
    """Add "Part of the Whole", "Part of Whole", "Whole Part", "Part Whole" and "Adjective Part" spellings."""
    row = rows[entity_id]
    if entity_id in composed or not row["part_names"]:
        return
    composed.add(entity_id)
    wholes: list[str] = []
    ancestor, seen = row["part_of"], {entity_id}
    while ancestor:
        if ancestor in seen:
            raise PipelineError(f"{where}: part_of goes round in a circle through {ancestor}")
        seen.add(ancestor)
        _compose(ancestor, rows, spellings, composed, where)
        wholes += spellings[ancestor]
        ancestor = rows[ancestor]["part_of"]
    adjectives = _split(rows[row["part_of"]]["adjectives"])
    own = spellings[entity_id]
    for part in _split(row["part_names"]):
        for whole in wholes:
            own += [f"{part} of the {whole}", f"{part} of {whole}", f"{whole} {part}", f"{part} {whole}"]
        own += [f"{adjective} {part}" for adjective in adjectives]
    spellings[entity_id] = list(dict.fromkeys(own))


def _last_first(name: str) -> str:
    """ "Koča Popović" -> "Popović, Koča": how catalogues list people."""
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 and "." not in name else name
