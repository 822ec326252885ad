"""The authority file: what it holds, the spellings composed from it, and how it refuses bad data."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.linking.authority import default_authority, key_of, load_authority, one_edit_apart, slug_of

PACKAGED = Path(__file__).resolve().parent.parent / "pipeline" / "reference" / "entities.csv"


def resolve(text: str) -> str | None:
    return default_authority().keys.get(key_of(text))


def test_the_packaged_file_is_broad_for_the_era():
    types = [entity.type for entity in default_authority().entities.values()]
    assert types.count("person") >= 140
    assert types.count("organization") >= 110
    assert types.count("place") >= 150


@pytest.mark.parametrize(
    "spelling, entity_id",
    [
        ("CPSU CC", "cpsu-cc"),
        ("CC CPSU", "cpsu-cc"),
        ("Central Committee of the Communist Party of the Soviet Union", "cpsu-cc"),
        ("CPSU CC Presidium", "cpsu-cc-presidium"),
        ("Presidium of the CC CPSU", "cpsu-cc-presidium"),
        ("CC LCY", "lcy-cc"),
        ("Central Committee of the League of Communists Of Yugoslavia", "lcy-cc"),
        ("Executive Committee [Politburo] of the CC LCY", "lcy-cc-executive-committee"),
        ("Hungarian Ministry of Foreign Affairs", "mfa-hungary"),
        ("Ministry of Foreign Affairs of Albania", "mfa-albania"),
        ("Presidium of the Supreme Soviet", "supreme-soviet-presidium"),
        ("Popović, Koča", "koca-popovic"),
        ("Jruschov", "nikita-khrushchev"),
        ("Rodrigeuez", None),
        ("Carlos Rafael Rodrigeuez", "carlos-rafael-rodriguez"),
        ("Yugolsavia", "yugoslavia"),
        ("Soviet", None),
        ("Yugoslav", None),
    ],
)
def test_spellings_resolve_to_one_entity(spelling, entity_id):
    assert resolve(spelling) == entity_id


def test_an_organ_is_not_its_central_committee():
    assert resolve("CPSU CC Presidium") != resolve("CPSU CC") != resolve("CPSU")


def test_every_part_of_names_an_entity_of_the_file():
    entities = default_authority().entities
    assert all(entity.part_of in entities for entity in entities.values() if entity.part_of)


def test_typos_are_corrected_to_one_known_word_only():
    authority = default_authority()
    assert authority.correct("yugolsavia") == "yugoslavia"
    assert authority.correct("kaganovitch") == "kaganovich"
    assert authority.correct("germans") is None  # one edit from both "german" and "germany"


@pytest.mark.parametrize(
    "a, b, expected",
    [("yugoslavia", "yugolsavia", True), ("rodriguez", "rodrigeuez", True), ("tito", "tita", True),
     ("tito", "tito", False), ("tito", "otit", False), ("abcd", "bcda", False), ("nagy", "nag", True)],
)
def test_one_edit_apart(a, b, expected):
    assert one_edit_apart(a, b) is expected


def test_keys_and_slugs_fold_case_accents_and_punctuation():
    assert key_of("Władysław Gomułka's") == "wladyslaw gomulka"
    assert key_of("Tito’s") == "tito"
    assert slug_of(key_of("Dalibor Soldatić").split()) == "dalibor-soldatic"


def test_a_name_without_latin_letters_still_gets_a_valid_stable_slug():
    entity_id = slug_of(key_of("Никита Хрущёв").split())
    assert re.fullmatch(r"name-[0-9a-f]{12}", entity_id)
    assert slug_of(key_of("НИКИТА ХРУЩЕВ").split()) == entity_id


def _copy_with(tmp_path: Path, *rows: list[str]) -> Path:
    path = tmp_path / "entities.csv"
    shutil.copy(PACKAGED, path)
    with path.open("a", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)
    return path


def test_a_spelling_given_to_two_entities_is_refused(tmp_path):
    path = _copy_with(tmp_path, ["tito-double", "Tito Double", "person", "Tito", "", "", "", "", ""])
    with pytest.raises(PipelineError, match=r'"Tito" names both josip-broz-tito and tito-double'):
        load_authority(path)


def test_a_bad_row_is_refused_with_its_line(tmp_path):
    path = _copy_with(tmp_path, ["Bad Id", "Someone", "person", "", "", "", "", "", ""])
    last_line = len(path.read_text(encoding="utf-8").splitlines())  # the appended row, after the packaged ones
    with pytest.raises(PipelineError, match=rf"entities.csv:{last_line}: entity_id must be a lower-case slug"):
        load_authority(path)


def test_a_missing_file_is_a_pipeline_error(tmp_path):
    with pytest.raises(PipelineError, match="cannot read the authority file"):
        load_authority(tmp_path / "missing.csv")
