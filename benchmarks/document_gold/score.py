#!/usr/bin/env python3
"""Score a published package against the document-page gold set.

    pipeline run --input benchmarks/document_gold/pages --output /tmp/pkg
    python benchmarks/document_gold/score.py /tmp/pkg [--expected benchmarks/document_gold/expected.csv] [--quiet]

Reads data/sources.csv, data/documents.csv, data/appearances.csv (if present) and
data/document_texts.csv (if present) from the package folder and compares them field by field with
expected.csv. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
csv.field_size_limit(sys.maxsize)

SCALAR = ["date_text", "date", "title", "description", "url", "credits", "document_type"]
LISTS = ["original_language", "authors", "recipients", "text_labels"]
FIELDS = ["date_text", "date", "title", "description", "url", "original_language", "credits",
          "document_type", "authors", "recipients", "text_labels", "text"]
# Column names the package may use for a gold field (first one present wins).
ALIASES = {
    "url": ["url", "address", "document_url", "link", "uri"],
    "original_language": ["original_language", "original_languages", "languages", "language"],
    "credits": ["credits", "credit"],
    "text_labels": ["text_labels", "labels", "contents", "content_labels"],
}
COVER_LEAKS = ["Citation:", "Summary:", "Original Language:", "Contents:"]


def norm(value: str | None) -> str:
    """Unicode NFC, whitespace folded to single spaces, stripped."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def as_list(value: str | None, field: str) -> list[str]:
    """A list column as stored: a JSON array, or joined by "|" or "; " (or, for languages, commas/newlines)."""
    raw = (value or "").strip()
    if not raw:
        return []
    if raw.startswith("["):
        try:
            parsed = json.loads(raw)
            if isinstance(parsed, list):
                return [norm(str(x)) for x in parsed if norm(str(x))]
        except json.JSONDecodeError:
            pass
    if "|" in raw:
        parts = raw.split("|")
    elif ";" in raw:
        parts = raw.split(";")
    elif field == "original_language":
        parts = re.split(r"[,\n]", raw)
    else:
        parts = [raw]
    return [norm(p) for p in parts if norm(p)]


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def column(header: list[str], field: str) -> str | None:
    for name in ALIASES.get(field, [field]):
        if name in header:
            return name
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("package", type=Path, help="the published package folder (holds data/)")
    ap.add_argument("--expected", type=Path, default=HERE / "expected.csv")
    ap.add_argument("--doc-format", default="document",
                    help="regular expression matching the sources.format value of document pages (default: document)")
    ap.add_argument("--quiet", action="store_true", help="only the totals, not the per-page lines")
    args = ap.parse_args(argv)

    data = args.package / "data"
    for needed in ("sources.csv", "documents.csv"):
        if not (data / needed).is_file():
            print(f"error: {data / needed} not found", file=sys.stderr)
            return 2
    expected = read_csv(args.expected)
    sources = read_csv(data / "sources.csv")
    documents = read_csv(data / "documents.csv")
    doc_header = list(documents[0].keys()) if documents else []
    if not doc_header:
        with open(data / "documents.csv", newline="", encoding="utf-8-sig") as f:
            doc_header = next(csv.reader(f), [])

    # source_id -> page stem (file name without .txt); the brief says they are equal, but go through path if given
    stem_of: dict[str, str] = {}
    format_of: dict[str, str] = {}
    for s in sources:
        sid = s.get("source_id", "")
        path = s.get("path") or sid
        stem = Path(path).name
        stem = stem[:-4] if stem.endswith(".txt") else stem
        stem_of[sid] = stem
        format_of[stem] = s.get("format", "") or ""
    has_format = bool(sources) and "format" in sources[0]

    def page_of(source_id: str) -> str:
        return stem_of.get(source_id, source_id[:-4] if source_id.endswith(".txt") else source_id)

    by_id = {d["document_id"]: d for d in documents if d.get("document_id")}
    rows_of: dict[str, list[dict]] = defaultdict(list)
    seen: dict[str, set] = defaultdict(set)
    for d in documents:
        page = page_of(d.get("source_id", ""))
        key = d.get("document_id") or id(d)
        if key not in seen[page]:
            seen[page].add(key)
            rows_of[page].append(d)
    if (data / "appearances.csv").is_file():
        for a in read_csv(data / "appearances.csv"):
            d = by_id.get(a.get("record_id", ""))
            page = page_of(a.get("source_id", ""))
            if d is not None and d["document_id"] not in seen[page]:
                seen[page].add(d["document_id"])
                rows_of[page].append(d)

    texts: dict[str, list[dict]] | None = None
    if (data / "document_texts.csv").is_file():
        texts = defaultdict(list)
        for t in read_csv(data / "document_texts.csv"):
            texts[t.get("document_id", "")].append(t)

    cols = {f: column(doc_header, f) for f in FIELDS if f != "text"}
    present = {f: cols[f] is not None for f in cols}
    present["text"] = texts is not None
    present["text_labels"] = present["text_labels"] or texts is not None  # derived from document_texts' labels

    def labels_of(d: dict) -> list[str]:
        if cols["text_labels"]:
            return as_list(d.get(cols["text_labels"]), "text_labels")
        if texts is not None:  # derive from document_texts: labels in position order, once each
            out: list[str] = []
            for t in sorted(texts.get(d.get("document_id", ""), []), key=lambda t: int(t.get("position") or 0)):
                lab = norm(t.get("label"))
                if lab and lab not in out:
                    out.append(lab)
            return out
        return []

    def compare(gold: dict, d: dict) -> dict[str, bool | None]:
        res: dict[str, bool | None] = {}
        for f in SCALAR:
            res[f] = None if not present[f] else norm(d.get(cols[f])) == norm(gold[f])
        for f in LISTS:
            want = [norm(x) for x in gold[f].split("|") if norm(x)]
            if f == "text_labels":
                if not present[f]:
                    res[f] = None
                elif not cols[f] and not want:  # labels derived from document_texts; the page prints none
                    res[f] = True
                else:
                    res[f] = labels_of(d) == want
            else:
                res[f] = None if not present[f] else as_list(d.get(cols[f]), f) == want
        if texts is None:
            res["text"] = None
        else:
            blocks = sorted(texts.get(d.get("document_id", ""), []), key=lambda t: int(t.get("position") or 0))
            body = norm(" ".join(t.get("text", "") for t in blocks))
            markers = [norm(m) for m in gold["text_markers"].split("|") if norm(m)]
            res["text"] = bool(body) and all(m in body for m in markers) and not any(c in body for c in COVER_LEAKS)
        return res

    exact = defaultdict(int)
    n_doc = found = missed = cut = 0
    n_non = wrong_non = 0
    per_layout: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # pages, found, all-fields-exact
    lines: list[str] = []
    for g in expected:
        stem = g["file"][:-4] if g["file"].endswith(".txt") else g["file"]
        rows = rows_of.get(stem, [])
        fmt = format_of.get(stem, "(not in sources)")
        if g["is_document"] != "yes":
            n_non += 1
            wrong = bool(re.search(args.doc_format, fmt, re.I)) if has_format and stem in format_of else bool(rows)
            wrong_non += wrong
            verdict = "WRONGLY READ AS A DOCUMENT PAGE" if wrong else "ok (not a document page)"
            lines.append(f"{g['file']}  [{g['layout']}; format={fmt}; rows={len(rows)}]  {verdict}")
            continue
        n_doc += 1
        per_layout[g["layout"]][0] += 1
        if not rows:
            missed += 1
            lines.append(f"{g['file']}  [{g['layout']}; format={fmt}]  MISSED: no documents row")
            continue
        found += 1
        per_layout[g["layout"]][1] += 1
        results = [compare(g, d) for d in rows]
        best = max(results, key=lambda r: sum(1 for v in r.values() if v))
        if len(rows) > 1:
            cut += 1
        for f, v in best.items():
            exact[f] += bool(v)
        if all(v for f, v in best.items() if present[f]):
            per_layout[g["layout"]][2] += 1
        marks = " ".join(f"{f}={'ok' if v else ('--' if v is None else 'XX')}" for f, v in best.items())
        head = f"{g['file']}  [{g['layout']}; format={fmt}]" + (f"  CUT INTO {len(rows)} RECORDS" if len(rows) > 1 else "")
        lines.append(head + "\n    " + marks)
        if not args.quiet:
            bad = [f for f, v in best.items() if v is False and f != "text"]
            row = max(zip(results, rows), key=lambda p: sum(1 for v in p[0].values() if v))[1]
            for f in bad:
                got = row.get(cols[f]) if cols.get(f) else "|".join(labels_of(row))
                lines.append(f"      {f}: expected {g[f]!r}\n      {' ' * len(f)}  got      {norm(got)!r}")
            if best.get("text") is False:
                lines.append("      text: a marker phrase is missing from document_texts, or cover labels leaked into it")

    if not args.quiet:
        print("\n".join(lines))
        print()
    print(f"Document pages: {n_doc}   with a documents row: {found}   missed (no row): {missed}   "
          f"cut into several records: {cut}")
    print(f"Not-document pages: {n_non}   wrongly read as document pages: {wrong_non}")
    print()
    print(f"{'field':<20}{'exact':>8}{'share':>9}   (share of all {n_doc} document pages; missed pages count as wrong)")
    for f in FIELDS:
        if not present[f]:
            what = "document_texts.csv absent" if f == "text" else "column absent in documents.csv"
            print(f"{f:<20}{'-':>8}{'-':>9}   {what}")
        else:
            print(f"{f:<20}{exact[f]:>8}{exact[f] / n_doc if n_doc else 0:>9.0%}")
    print()
    print(f"{'layout':<16}{'pages':>6}{'found':>7}{'all fields exact':>18}")
    for lay, (p, fnd, ok) in sorted(per_layout.items()):
        print(f"{lay:<16}{p:>6}{fnd:>7}{ok:>18}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
