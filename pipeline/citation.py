"""How to cite a package: a BibTeX entry and a line of text, from its descriptor's metadata.

The descriptor holds no publication date or address, so the citation has neither.
"""

from __future__ import annotations

from typing import Any


def creators(descriptor: dict[str, Any]) -> list[str]:
    """Contributors with the `creator` role, by name."""
    return [contributor["title"] for contributor in descriptor.get("contributors", []) if "creator" in contributor.get("roles", [])]


def bibtex(descriptor: dict[str, Any]) -> str:
    licence = descriptor["licenses"][0]["name"]
    # Double braces keep a group name ("The pipeline maintainers") from being split into first and last names.
    authors = " and ".join("{" + name + "}" for name in creators(descriptor))
    fields = [
        ("title", descriptor["title"]),
        ("author", authors),
        ("version", descriptor["version"]),
        ("note", f"Frictionless Data Package {descriptor['name']}, version {descriptor['version']}, licence {licence}"),
    ]
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{{descriptor['name']},\n{body}\n}}"


def citation_text(descriptor: dict[str, Any]) -> str:
    authors = "; ".join(creators(descriptor))
    licence = descriptor["licenses"][0]["name"]
    return f"{authors}. {descriptor['title']} (version {descriptor['version']}) [Data set]. Licence: {licence}."
