"""How well the listing reader does on pages nobody on the team wrote for it: records, dates, titles.

Each set in `listing_gold/` is listing pages in other archives' voices with a hand-made `gold.csv`
(one row per record: its first line, date as written, EDTF, first and last day, title, the start of
its description), composed by someone who had not seen the reader. The published package of
`pipeline run --keep-going` on a set's pages is matched to the gold by file and line:

    python benchmarks/listing_gold.py [--verbose]

Set 1 was held out until the EDTF reader was written, set 2 until the reader had been tuned on set 1;
their first scores are in `listing_gold/README.md`. Neither is held out any more.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

GOLD = Path(__file__).resolve().parent / "listing_gold"
# gold column -> documents column
FIELDS = {"date_text": "date_text", "edtf": "date", "date_start": "date_start", "date_end": "date_end", "title": "title"}


def score(pages: Path, gold_rows: list[dict[str, str]], verbose: bool) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as scratch:
        run = subprocess.run(
            [str(Path(sys.executable).with_name("pipeline")), "run", "--input", str(pages), "--keep-going",
             "--output", f"{scratch}/package", "--workdir", f"{scratch}/work"],
            capture_output=True, text=True, cwd=scratch,
        )
        if run.returncode != 0:
            raise SystemExit(f"pipeline run failed on {pages}:\n{run.stderr[-2000:]}")
        read = lambda table: pd.read_csv(f"{scratch}/package/data/{table}.csv", dtype=str, keep_default_na=False)  # noqa: E731
        documents, appearances, sources = read("documents"), read("appearances"), read("sources")
    path_of = dict(zip(sources["source_id"], sources["path"]))
    by_id = documents.set_index("document_id")
    found = {(path_of[row.source_id], int(row.line)): by_id.loc[row.record_id] for row in appearances.itertuples()}
    expected = {(row["file"], int(row["line"])) for row in gold_rows}
    counts = {"records": len(gold_rows), "found": 0, "invented or misplaced": sum(key not in expected for key in found)}
    counts |= {field: 0 for field in FIELDS} | {"description": 0, "rejected files": sum(sources["status"] == "rejected")}
    for row in gold_rows:
        document = found.get((row["file"], int(row["line"])))
        if document is None:
            verbose and print(f"  missed: {row['file']}:{row['line']} {row['title'][:60]}")
            continue
        counts["found"] += 1
        for field, column in FIELDS.items():
            if row[field].strip() == document[column].strip():
                counts[field] += 1
            elif verbose:
                print(f"  {field}: {row['file']}:{row['line']} gold {row[field]!r}, read {document[column]!r}")
        counts["description"] += document["description"].startswith(row["description_starts"].rstrip())
    if verbose:
        for key in sorted(set(found) - expected):
            print(f"  not in the gold: {key[0]}:{key[1]} {found[key]['title'][:60]}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every record missed or read otherwise than the gold")
    verbose = parser.parse_args().verbose
    rows = []
    for folder in sorted(path for path in GOLD.iterdir() if path.is_dir()):
        verbose and print(folder.name)
        with (folder / "gold.csv").open(encoding="utf-8") as gold:
            rows.append((folder.name, score(folder / "pages", list(csv.DictReader(gold)), verbose)))
    columns = list(rows[0][1])
    print("| set | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name, counts in rows:
        print(f"| {name} | " + " | ".join(str(counts[column]) for column in columns) + " |")


if __name__ == "__main__":
    main()
