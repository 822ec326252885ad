"""How to cite a package: a BibTeX entry and a line of text, from its descriptor's metadata.

Only what the project stated goes in: a package without creators, version or licence is cited
without them. The descriptor holds no publication date, so the citation has none.
"""

from __future__ import annotations

from typing import Any


def creators(descriptor: dict[str, Any]) -> list[str]:
    """Contributors with the `creator` role, by name."""
    return [contributor["title"] for contributor in descriptor.get("contributors", []) if "creator" in contributor.get("roles", [])]


def licence_names(descriptor: dict[str, Any]) -> list[str]:
    """Each licence by its SPDX id, else its title, else its link."""
    return [licence.get("name") or licence.get("title") or licence["path"] for licence in descriptor.get("licenses", [])]


def bibtex(descriptor: dict[str, Any]) -> str:
    # Double braces keep a group name ("The pipeline maintainers") from being split into first and last names.
    authors = " and ".join("{" + name + "}" for name in creators(descriptor))
    version, licences = descriptor.get("version"), ", ".join(licence_names(descriptor))
    note = f"Frictionless Data Package {descriptor['name']}" + (f", version {version}" if version else "") + (f", licence {licences}" if licences else "")
    fields = [
        ("title", descriptor["title"]),
        ("author", authors),
        ("version", version),
        ("url", descriptor.get("homepage")),
        ("note", note),
    ]
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields if value)
    return f"@misc{{{descriptor['name']},\n{body}\n}}"


def citation_text(descriptor: dict[str, Any]) -> str:
    """The project's own citation when it gives one, else one made of what the descriptor states."""
    if descriptor.get("citation"):
        return descriptor["citation"]
    version, licences = descriptor.get("version"), ", ".join(licence_names(descriptor))
    parts = [
        "; ".join(creators(descriptor)) + "." if creators(descriptor) else "",
        descriptor["title"] + (f" (version {version})" if version else ""),
        "[Data set].",
        f"Licence: {licences}." if licences else "",
    ]
    return " ".join(part for part in parts if part)
