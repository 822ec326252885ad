"""Score a package built from this set's pages against gold.csv (entity mentions, title parties, wrong links).

    pipeline run --input <set>/pages --output PACKAGE_DIR
    python score.py PACKAGE_DIR [--verbose]

How a predicted mention is tied to gold:
  mentions.record_id -> appearances.csv (record_id, source_id, line); when a package has no appearances
  table, documents.csv / events.csv (source_id, line). source_id -> sources.csv path -> the page's file
  name, which is gold's `file`. A document is gold's record when its line equals gold's record_line
  (the date line, or the title line of an undated record); failing that, the line of the page holding
  the document's title is found and the nearest gold record starting at or above it is taken. An event
  is the one event of its page. A mention's field is mentions.field (title, description, summary,
  what_happened, why_it_matters, highlights/N).
Gold spans are placed in the pipeline's own field text (documents.title/description, events.summary
  ..., event_highlights.text): the `occurrence`-th occurrence of gold `text`. A gold span whose text
  is not in the field (record missed or field cut) is a miss.
Strict match: same file, record, field, start, end and type. Lenient: same file, record, field and
  type, spans overlapping (one-to-one). Predicted places nested inside a gold organisation span
  ("Japan" in "Ministry of Foreign Affairs of Japan") are ignored, neither right nor wrong.
Title parties: documents.authors / recipients / participants (split on "; ") against gold title rows
  with role author / recipient / participant: strict when the party equals gold text or canonical
  (case, accents and punctuation ignored), loose when one contains the other; "any role" matches a
  party to a gold party of the title whatever the two roles ("Conversation between A and B": gold
  author and recipient, the pipeline's participants).
Wrong link: a predicted mention linked to a known (resolved) person whose name differs from gold's
  canonical name for the person span it overlaps ("Chiang" -> Chiang Kai-shek where gold says
  Chiang Ching-kuo).
"""
from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = ("person", "organization", "place")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s.casefold() if c.isalnum())


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def nth(text: str, sub: str, n: int) -> int:
    i = text.find(sub)
    while i >= 0 and n > 1:
        i, n = text.find(sub, i + 1), n - 1
    return i


def prf(correct: int, found: int, expected: int) -> str:
    p = correct / found if found else 0.0
    r = correct / expected if expected else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({correct} right of {found} found, {expected} expected)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("package", type=Path)
    ap.add_argument("--gold", type=Path, default=HERE / "gold.csv")
    ap.add_argument("--pages", type=Path, default=HERE / "pages")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses, false positives and wrong links")
    args = ap.parse_args()
    data = args.package / "data"
    if not (data / "mentions.csv").exists():
        sys.exit(f"{data / 'mentions.csv'} not found: is {args.package} a published package?")
    gold = read(args.gold)
    for g in gold:
        g["record_line"], g["occurrence"] = int(g["record_line"]), int(g["occurrence"])

    sources = {r["source_id"]: Path(r["path"]).name for r in read(data / "sources.csv")}
    documents = {r["document_id"]: r for r in read(data / "documents.csv")}
    events = {r["event_id"]: r for r in read(data / "events.csv")}
    highlights = {(r["event_id"], f"highlights/{r['position']}"): r["text"] for r in read(data / "event_highlights.csv")}
    entities = {r["entity_id"]: r for r in read(data / "entities.csv")}
    appearances = defaultdict(list)
    for r in read(data / "appearances.csv"):
        appearances[r["record_id"]].append((r["source_id"], int(r["line"])))
    for table in (documents, events):
        for rid, r in table.items():
            if rid not in appearances:
                appearances[rid].append((r["source_id"], int(r["line"] or 0)))

    gold_records = defaultdict(set)  # file -> record lines
    for g in gold:
        gold_records[g["file"]].add(g["record_line"])
    page_lines = {f: (args.pages / f).read_text(encoding="utf-8").split("\n") for f in gold_records if (args.pages / f).exists()}

    def gold_record(rid: str, file: str, line: int) -> int | None:
        lines = sorted(gold_records.get(file, ()))
        if not lines:
            return None
        if rid in events:
            return lines[0]
        if line in lines:
            return line
        title = documents.get(rid, {}).get("title", "").strip()
        for i, text in enumerate(page_lines.get(file, []), 1):
            if title and title.split("\n")[0] in text:
                above = [l for l in lines if l <= i]
                return above[-1] if above else None
        return None

    record_keys: dict[str, list[tuple[str, int | None]]] = {}
    field_texts: dict[tuple[str, int, str], str] = {}
    for rid, apps in appearances.items():
        keys = []
        for source_id, line in apps:
            file = sources.get(source_id, source_id + ".txt")
            rec = gold_record(rid, file, line)
            keys.append((file, rec))
            if rec is None:
                continue
            fields = {}
            if rid in documents:
                fields = {"title": documents[rid]["title"], "description": documents[rid]["description"]}
            elif rid in events:
                e = events[rid]
                fields = {k: e[k] for k in ("title", "summary", "what_happened", "why_it_matters")}
                fields.update({f: t for (eid, f), t in highlights.items() if eid == rid})
            for f, t in fields.items():
                field_texts.setdefault((file, rec, f), t or "")
        record_keys[rid] = keys

    # gold spans in the pipeline's field text
    for g in gold:
        text = field_texts.get((g["file"], g["record_line"], g["field"]))
        start = nth(text, g["text"], g["occurrence"]) if text is not None else -1
        g["span"] = (start, start + len(g["text"])) if start >= 0 else None

    preds = []
    for m in read(data / "mentions.csv"):
        ent = entities.get(m["entity_id"], {})
        for file, rec in record_keys.get(m["record_id"], [(m["record_id"], None)]):
            preds.append({"file": file, "rec": rec, "field": m["field"], "span": (int(m["start"]), int(m["end"])),
                          "text": m["text"], "type": ent.get("type", "?"), "role": m["role"],
                          "entity": ent.get("name", m["entity_id"]), "resolved": ent.get("resolved") == "true"})

    def overlap(a, b):
        return a[0] < b[1] and b[0] < a[1]

    gold_by_field = defaultdict(list)
    for g in gold:
        if g["span"]:
            gold_by_field[(g["file"], g["record_line"], g["field"])].append(g)

    ignored = 0
    scored = []
    for p in preds:
        golds = gold_by_field.get((p["file"], p["rec"], p["field"]), [])
        exact = any(g["span"] == p["span"] and g["type"] == p["type"] for g in golds)
        nested = any(g["type"] == "organization" and g["span"][0] <= p["span"][0] and p["span"][1] <= g["span"][1]
                     and g["span"] != p["span"] for g in golds)
        if p["type"] == "place" and nested and not exact:
            ignored += 1
            continue
        scored.append(p)

    print(f"package {args.package}: {len(preds)} mentions ({ignored} places nested in gold organisation names ignored); "
          f"gold {len(gold)} mentions in {sum(len(v) for v in gold_records.values())} records of {len(gold_records)} pages")
    unplaced = [g for g in gold if not g["span"]]
    if unplaced:
        print(f"  {len(unplaced)} gold mentions whose text is not in the pipeline's field (record or field not read)")
    missing_files = sorted(set(gold_records) - set(sources.values()))
    if missing_files:
        print(f"  pages not in the package: {', '.join(missing_files)}")

    print("\nmentions, strict (exact span and type):")
    gs_types = {(g["file"], g["record_line"], g["field"], g["span"], g["type"]) for g in gold if g["span"]}
    for kind in (*TYPES, None):
        ps = {(p["file"], p["rec"], p["field"], p["span"], p["type"]) for p in scored if kind in (None, p["type"])}
        correct = len(ps & gs_types) if kind is None else len({x for x in ps if x in gs_types})
        expected = sum(1 for g in gold if kind in (None, g["type"]))
        print(f"  {kind or 'all':<13} {prf(correct, len(ps), expected)}")
    print("mentions, lenient (overlapping span, same type):")
    for kind in (*TYPES, None):
        ps = [p for p in scored if kind in (None, p["type"])]
        expected = [g for g in gold if kind in (None, g["type"])]
        used = set()
        correct = 0
        for p in ps:
            for i, g in enumerate(gold_by_field.get((p["file"], p["rec"], p["field"]), [])):
                key = id(g)
                if key not in used and g["type"] == p["type"] and overlap(g["span"], p["span"]):
                    used.add(key)
                    correct += 1
                    break
        print(f"  {kind or 'all':<13} {prf(correct, len(ps), len(expected))}")
    role_ok = role_n = 0
    for p in scored:
        for g in gold_by_field.get((p["file"], p["rec"], p["field"]), []):
            if g["span"] == p["span"] and g["type"] == p["type"]:
                role_n += 1
                role_ok += g["role"] == p["role"]
    print(f"roles right among strict matches: {role_ok} of {role_n}")

    # title parties
    print("\ntitle parties (documents.authors / recipients / participants vs gold title roles):")
    columns = {"author": "authors", "recipient": "recipients", "participant": "participants"}
    gold_parties = defaultdict(list)
    for g in gold:
        if g["field"] == "title" and g["role"] in columns:
            gold_parties[(g["file"], g["record_line"])].append(g)
    for mode in ("strict", "loose", "any role"):
        found = correct = 0
        for rid, doc in documents.items():
            for file, rec in record_keys.get(rid, []):
                candidates = list(gold_parties.get((file, rec), []))
                for role, column in columns.items():
                    parties = [x.strip() for x in (doc.get(column) or "").split(";") if x.strip()]
                    for party in parties:
                        found += 1
                        for g in candidates:
                            if mode != "any role" and g["role"] != role:
                                continue
                            a, t, c = norm(party), norm(g["text"]), norm(g["canonical"])
                            if a in (t, c) or (mode == "loose" and a and (t in a or a in t)):
                                candidates.remove(g)
                                correct += 1
                                break
        expected = sum(len(v) for v in gold_parties.values())
        print(f"  {mode:<8} {prf(correct, found, expected)}")

    # wrong links
    wrong = []
    for p in scored:
        if not p["resolved"] or p["type"] != "person":
            continue
        for g in gold_by_field.get((p["file"], p["rec"], p["field"]), []):
            if g["type"] == "person" and overlap(g["span"], p["span"]) and norm(p["entity"]) != norm(g["canonical"]):
                wrong.append((p, g))
                break
    print(f"\nwrong links (known person other than gold's): {len(wrong)}")
    for p, g in wrong:
        print(f"  {p['file']}:{p['rec']} {p['field']}: {p['text']!r} -> {p['entity']}, gold {g['canonical']}")

    if args.verbose:
        strict_keys = {(p["file"], p["rec"], p["field"], p["span"], p["type"]) for p in scored}
        print("\nmissed (strict):")
        for g in gold:
            if (g["file"], g["record_line"], g["field"], g["span"], g["type"]) not in strict_keys:
                print(f"  {g['file']}:{g['record_line']} {g['field']} {g['text']!r} {g['type']}")
        gold_keys = {(g["file"], g["record_line"], g["field"], g["span"], g["type"]) for g in gold if g["span"]}
        print("\nfalse positives (strict):")
        for p in scored:
            if (p["file"], p["rec"], p["field"], p["span"], p["type"]) not in gold_keys:
                print(f"  {p['file']}:{p['rec']} {p['field']} {p['text']!r} {p['type']} -> {p['entity']}")


if __name__ == "__main__":
    main()
