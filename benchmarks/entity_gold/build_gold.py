"""Render annotated page sources (<set>/src/*.src) into <set>/pages/*.txt and <set>/gold.csv.

Source syntax (directive lines are dropped from the page, so line numbers are the page's own):
  §record            the next non-blank line starts a record (its line is the gold's record_line)
  §field NAME        following lines belong to field NAME (title, description, summary,
                     highlights/N, what_happened, why_it_matters)
  §chrome            following lines are chrome (no field)
  {{surface|t|r|canonical}}  an entity mention; t = p(erson) o(rganization) l (place);
                     r = a(uthor) r(ecipient) p(articipant) m(entioned, default); canonical defaults
                     to the surface.
  A line holding only ~END~ ends the page without a final newline after the previous line.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

TYPES = {"p": "person", "o": "organization", "l": "place"}
ROLES = {"a": "author", "r": "recipient", "p": "participant", "m": "mentioned", "": "mentioned"}
TITLE = re.compile(r"^((?:Ambassador|Foreign Minister|Prime Minister|President|Vice-President|Federal Chancellor|Chancellor|General Secretary|"
                   r"Taoiseach|Mr\.?|Mrs\.?|Dr\.|Cde\.|Comrade|Prof\.|Premier|Chairman|Marshal|King|Queen|General|Gen\.|"
                   r"Lt\. Gen\.|Senator|Secretary of State|Secretary|Defence Minister|Defense Minister|Ministerialdirektor|"
                   r"First Deputy Foreign Minister|Deputy Foreign Minister|Vice-Minister|Vice Minister|Sir|Madame|Colonel|"
                   r"Admiral|Secretary-General|Emperor|Sheikh|Shah|Sardar|Chief|Consul General|Archbishop|Field Marshal|Lieutenant General|Major General|Minister|Dr)\s+)+")
MARK = re.compile(r"\{\{([^{}|]+)\|([plo])\|?([arpm]?)\|?([^{}]*)\}\}")


def build(set_dir: Path) -> None:
    pages = set_dir / "pages"
    pages.mkdir(exist_ok=True)
    rows = []
    for src in sorted((set_dir / "src").glob("*.src")):
        name = src.stem + ".txt"
        out_lines: list[str] = []
        record_line = None
        pending_record = False
        field = None
        field_text: dict[tuple[int, str], str] = {}
        no_final_newline = False
        for raw in src.read_text(encoding="utf-8").split("\n"):
            if raw.startswith("§record"):
                pending_record = True
                continue
            if raw.startswith("§field"):
                field = raw.split(None, 1)[1].strip()
                continue
            if raw.startswith("§chrome"):
                field = None
                continue
            if raw.strip() == "~END~":
                no_final_newline = True
                break
            line_no = len(out_lines) + 1
            if pending_record and raw.strip():
                record_line, pending_record = line_no, False
            plain = ""
            pos = 0
            for m in MARK.finditer(raw):
                plain += raw[pos:m.start()]
                surface, t, r, canon = m.group(1), m.group(2), m.group(3), m.group(4).strip()
                if t == "p":  # honorifics and offices stay outside the span
                    title = TITLE.match(surface)
                    if title:
                        plain += title.group(0)
                        surface = surface[title.end():]
                if field is None or record_line is None:
                    sys.exit(f"{src}:{line_no}: mention outside a field: {surface}")
                key = (record_line, field)
                prefix = field_text[key] + "\n" + plain if key in field_text else plain
                occurrence = count(prefix, surface) + 1
                rows.append({"file": name, "record_line": record_line, "mention_line": line_no, "field": field,
                             "occurrence": occurrence, "text": surface, "type": TYPES[t], "role": ROLES[r],
                             "canonical": canon or surface})
                plain += surface
                pos = m.end()
            plain += raw[pos:]
            if "{{" in plain or "}}" in plain:
                sys.exit(f"{src}:{line_no}: malformed mark: {raw}")
            if field is not None and record_line is not None:
                key = (record_line, field)
                field_text[key] = field_text[key] + "\n" + plain if key in field_text else plain
            out_lines.append(plain)
        while out_lines and out_lines[-1] == "" and not no_final_newline:
            out_lines.pop()
        text = "\n".join(out_lines) + ("" if no_final_newline else "\n")
        (pages / name).write_text(text, encoding="utf-8")
    with (set_dir / "gold.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "record_line", "mention_line", "field", "occurrence", "text",
                                          "type", "role", "canonical"])
        w.writeheader()
        w.writerows(rows)
    print(f"{set_dir}: {len(list(pages.glob('*.txt')))} pages, {len(rows)} gold mentions")


def count(text: str, sub: str) -> int:
    n, i = 0, text.find(sub)
    while i >= 0:
        n, i = n + 1, text.find(sub, i + 1)
    return n


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        build(Path(arg))
