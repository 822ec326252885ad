"""How well the title grammar reads document types and parties from titles nobody tuned it on.

A gold file is a CSV, one title a row: `title`, `document_type` (empty when the title does not
say) and the parties as a cataloguer lists them, `authors`, `recipients`, `participants` (names
separated by ";", as written in the title, roles and places left off). A party counts as found
when its role and name are both right:

    python benchmarks/title_gold.py [GOLD.csv ...] [--verbose]

`title_gold/dev.csv` is the set the grammar was developed on; the held-out set's first and final
scores are in `title_gold/README.md`.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from pipeline.formats.titles import read_title

DEV = Path(__file__).resolve().parent / "title_gold" / "dev.csv"
ROLES = ("authors", "recipients", "participants")


def score(rows: list[dict[str, str]], verbose: bool) -> dict[str, float]:
    found = expected = right = types_right = 0
    for row in rows:
        parts = read_title(row["title"])
        gold = {(role, name.strip()) for role in ROLES for name in row[role].split(";") if name.strip()}
        read = {(role, name) for role in ROLES for name in getattr(parts, role)}
        found, expected, right = found + len(read), expected + len(gold), right + len(gold & read)
        types_right += (parts.document_type or "") == row["document_type"]
        if verbose and (gold != read or (parts.document_type or "") != row["document_type"]):
            print(f"{row['title']}\n  type {parts.document_type!r} (gold {row['document_type']!r})")
            for role, name in sorted(read - gold):
                print(f"  wrong   {role}: {name}")
            for role, name in sorted(gold - read):
                print(f"  missed  {role}: {name}")
    precision = right / found if found else 1.0
    recall = right / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"titles": len(rows), "type accuracy": types_right / len(rows), "party precision": precision,
            "party recall": recall, "party F1": f1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, default=[DEV], help="gold CSV files (default: the dev set)")
    parser.add_argument("--verbose", action="store_true", help="list every title read otherwise than the gold")
    arguments = parser.parse_args()
    print("| set | titles | type accuracy | party precision | party recall | party F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in arguments.gold:
        with path.open(encoding="utf-8") as stream:
            counts = score(list(csv.DictReader(stream)), arguments.verbose)
        print(f"| {path.name} | {counts['titles']} | " + " | ".join(f"{value:.2f}" for value in list(counts.values())[1:]) + " |")


if __name__ == "__main__":
    main()
