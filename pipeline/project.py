"""The user's project: what their dataset is (title, licences, creators, ...) and their curator files.

The project file is `--project FILE`, else `pipeline.toml` beside the input folder, in its parent
(`seeds/` -> `./pipeline.toml`): the input folder holds only pages. Its folder is the project
folder, where `entities.csv`, `document_types.csv` and `page_chrome.csv` replace the packaged
curator files (or the paths its `[curation]` table names, relative to it). Without a project file
the package claims nothing it was not told: no licence, no creator, no keywords; its title names
the input folder.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

from pipeline.curation import FILE_NAMES, Curation
from pipeline.errors import PipelineError
from pipeline.paths import PROJECT_FILE

_PERSON = {"title": str, "givenName": str, "familyName": str, "email": str, "path": str, "organization": str}
# Every key a project file may hold and its type; a list of one spec is a list of such values.
_SPEC: dict[str, Any] = {
    "name": str,
    "title": str,
    "description": str,
    "version": str,
    "homepage": str,
    "citation": str,
    "keywords": [str],
    "licenses": [{"name": str, "path": str, "title": str}],
    "creators": [_PERSON],
    "contributors": [{**_PERSON, "roles": [str]}],
    "sources": [{"title": str, "path": str}],
    "curation": {name: str for name in FILE_NAMES},
}
_TYPE_NAMES = {str: "text", list: "a list", dict: "a table"}
_NAME = re.compile(r"^[a-z0-9._-]+$")
_DECODE_POSITION = re.compile(r"\(at line (\d+), column \d+\)$")
Where = tuple[str | int, ...]  # a key's place in the file: ("creators", 1, "title")


@dataclass(frozen=True)
class Project:
    """What the project file says (`settings`, as written), where it is, and the curator files in use."""

    folder: Path
    file: Path | None
    settings: dict[str, Any]
    curation: Curation

    def with_authority(self, path: Path | None) -> Project:
        """The same project with `path` as its authority file (`--authority FILE` wins over the project's)."""
        return replace(self, curation=replace(self.curation, authority=path)) if path else self

    def package_metadata(self, input_dir: Path) -> dict[str, Any]:
        """The Data Package properties of the dataset read from `input_dir`: only what the project states, and neutral facts."""
        folder = input_dir.resolve().name or "pages"
        settings = self.settings
        title = settings.get("title") or f"Records extracted from {folder}"
        creators = [{**person, "roles": ["creator"]} for person in settings.get("creators", [])]
        contributors = [{"roles": ["contributor"], **person} for person in settings.get("contributors", [])]
        stated = {
            "name": settings.get("name") or _slug(folder),
            "title": title,
            "description": settings.get("description") or f"Records extracted from the plain-text pages in the folder {folder}.",
            "version": settings.get("version"),
            "homepage": settings.get("homepage"),
            "citation": settings.get("citation"),
            "keywords": settings.get("keywords"),
            "licenses": [_with_spdx_link(licence) for licence in settings.get("licenses", [])],
            "contributors": creators + contributors,
            "sources": settings.get("sources")
            or [{"title": f"The plain-text pages in the folder {folder}; the sources table lists each file with its SHA-256"}],
        }
        return {key: value for key, value in stated.items() if value}


def find_project(input_dir: Path, project_file: Path | None = None) -> Project:
    """The project of `input_dir`: `project_file` if given (it must exist), else `pipeline.toml` beside the input folder, if any."""
    if project_file is not None:
        if not project_file.is_file():
            raise PipelineError(f"{project_file}: no such project file (pipeline init --project {project_file} writes one)")
        return load_project(project_file)
    beside = project_path(input_dir)
    return load_project(beside) if beside.is_file() else Project(beside.parent, None, {}, _curation(beside, {}))


def project_path(input_dir: Path) -> Path:
    """Where the project file of `input_dir` is looked for: in the folder that holds the input folder."""
    named = input_dir if input_dir.name not in ("", "..") else input_dir.resolve()  # "." and ".." have no parent to name
    return named.parent / PROJECT_FILE


def load_project(path: Path) -> Project:
    """Read and check a project file; a `PipelineError` names the file, the line and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PipelineError(f"cannot read the project file {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise PipelineError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    try:
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = _DECODE_POSITION.search(str(error))
        message = _DECODE_POSITION.sub("", str(error)).strip()
        raise PipelineError(f"{path}:{position[1] if position else 1}: not valid TOML: {message}") from None
    problem = _problem(settings, _SPEC, ())
    if problem is None:
        problem = _licence_problem(settings) or _name_problem(settings) or _curation_problem(path.parent, settings)
    if problem:
        where, message = problem
        raise PipelineError(f"{path}:{_line_of(text, where)}: {message}")
    return Project(path.parent, path, settings, _curation(path, settings.get("curation", {})))


def _curation(project_file: Path, named: dict[str, str]) -> Curation:
    """The curator files of a project: those its `[curation]` table names, else those beside it by their usual names."""
    paths = {}
    for field, file_name in FILE_NAMES.items():
        path = project_file.parent / named.get(field, file_name)
        paths[field] = path if path.is_file() else None
    return Curation(**paths)


def _problem(value: Any, spec: Any, where: Where) -> tuple[Where, str] | None:
    """The first place where `value` departs from `spec`, and how."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return where, f"{_dotted(where)} must be a table"
        for key, item in value.items():
            if key not in spec:
                known = ", ".join(spec)
                return (*where, key), f"unknown key {_dotted((*where, key))}; a project file knows {known}"
            problem = _problem(item, spec[key], (*where, key))
            if problem:
                return problem
        return None
    if isinstance(spec, list):
        if not isinstance(value, list):
            return where, f"{_dotted(where)} must be a list"
        return next(filter(None, (_problem(item, spec[0], (*where, index)) for index, item in enumerate(value))), None)
    if not isinstance(value, spec):
        return where, f"{_dotted(where)} must be {_TYPE_NAMES[spec]}, not {type(value).__name__}"
    return None


def _licence_problem(settings: dict[str, Any]) -> tuple[Where, str] | None:
    for index, licence in enumerate(settings.get("licenses", [])):
        where = ("licenses", index)
        if "name" not in licence and "path" not in licence:
            return where, f"{_dotted(where)} needs a name (an SPDX id such as CC-BY-4.0) or a path (a link to its text)"
        if "name" in licence:
            name = licence["name"]
            try:
                canonical = canonicalize_license_expression(name)
            except InvalidLicenseExpression:
                canonical = None
            if canonical != name or " " in name:
                hint = f"; did you mean {canonical}?" if canonical and " " not in canonical else " (see https://spdx.org/licenses/)"
                return (*where, "name"), f'{_dotted((*where, "name"))} "{name}" is not an SPDX licence id{hint}'
    return None


def _curation_problem(folder: Path, settings: dict[str, Any]) -> tuple[Where, str] | None:
    for field, name in settings.get("curation", {}).items():
        if not (folder / name).is_file():
            return ("curation", field), f"curation.{field} names {folder / name}, which is not a file"
    return None


def _name_problem(settings: dict[str, Any]) -> tuple[Where, str] | None:
    if "name" in settings and not _NAME.match(settings["name"]):
        return ("name",), f'name "{settings["name"]}" may hold only lower-case letters, digits, ".", "_" and "-"'
    return None


def _with_spdx_link(licence: dict[str, str]) -> dict[str, str]:
    """A licence named by its SPDX id links to its text on spdx.org unless the project gives a link."""
    if "path" in licence or licence["name"].startswith("LicenseRef-"):
        return licence
    return {**licence, "path": f"https://spdx.org/licenses/{licence['name']}.html"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "dataset"


def _dotted(where: Where) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where).lstrip(".")


def _line_of(text: str, where: Where) -> int:
    """The line of the project file that `where` points at: the key's line inside its table, or the table's header."""
    lines = text.splitlines()
    start, keys = 0, [part for part in where if isinstance(part, str)]
    if len(where) > 1:  # inside a [table] or the n-th [[table]]
        header = re.compile(rf"^\s*\[\[?\s*{re.escape(str(where[0]))}\s*\]\]?")
        headers = [number for number, line in enumerate(lines) if header.match(line)]
        nth = where[1] if isinstance(where[1], int) else 0
        if nth < len(headers):
            start, keys = headers[nth], keys[1:]
    for key in keys[-1:]:
        assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        found = next((number for number in range(start, len(lines)) if assignment.match(lines[number])), None)
        if found is not None:
            return found + 1
    return start + 1


STARTER = '''\
# pipeline.toml: what your dataset is. `pipeline run` reads it from the folder that holds the
# input folder (or from --project FILE) and writes it into datapackage.json, dataset.jsonld,
# croissant.json and the dataset card. Uncomment and fill in what is true of your data: the
# package states nothing that this file does not say (no licence, no creator, no keywords).

title = "{title}"
# name = "{name}"              # the package's id: lower-case letters, digits, ".", "_", "-"
# description = "What the records are, which pages they come from, what was left out."
# version = "0.1.0"
# homepage = "https://example.org/{name}"
# keywords = ["archives", "history"]
# citation = "Doe, Jane. {title} (version 0.1.0) [Data set]."

# The licence the data is published under: an SPDX id (https://spdx.org/licenses/), a link, a title.
# [[licenses]]
# name = "CC-BY-4.0"
# path = "https://creativecommons.org/licenses/by/4.0/"
# title = "Creative Commons Attribution 4.0"

# Who made the dataset, one [[creators]] table each; who else helped, with their roles.
# [[creators]]
# title = "Jane Doe"
# email = "jane.doe@example.org"
# [[contributors]]
# title = "The Example Archive"
# roles = ["publisher"]

# Where the pages come from (without it: the input folder).
# [[sources]]
# title = "The Example Archive's search results, saved in 2026"
# path = "https://archive.example.org"

# Your own copies of the curator files, relative to this file. Files named entities.csv,
# document_types.csv and page_chrome.csv beside this file are used without being listed here.
# Start from the packaged ones in pipeline/reference/.
# [curation]
# authority = "entities.csv"             # people, organisations, places and their spellings
# document_types = "document_types.csv"  # the head noun of a title's first phrase -> its document type
# page_chrome = "page_chrome.csv"        # the sites' navigation lines, dropped from every page
'''


def write_starter(path: Path, input_dir: Path) -> None:
    """Write a commented starter project file at `path`; never over an existing one."""
    if path.exists():
        raise PipelineError(f"{path} already exists; edit it, or remove it to start again")
    folder = input_dir.resolve().name or "pages"
    path.write_text(STARTER.format(title=f"Records extracted from {folder}", name=_slug(folder)), encoding="utf-8")
