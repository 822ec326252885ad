"""Which fields the document-page reader finds on real pages: one line per page, and a share per field.

    python benchmarks/document_quality.py [FOLDER]

FOLDER defaults to ../shared/real-samples beside the repository (real Wilson Center pages, kept out of
the repository: only what was read is printed, never their text). Each page is read as `pipeline run`
reads it; a page read as anything but one document is counted as a failure.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.extraction.chunk import read_file

FIELDS = ("date", "title", "description", "url", "citation", "original_language", "credits", "document_type", "authors", "texts")
DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "real-samples"


def fields_read(document) -> dict[str, bool]:
    return {name: bool(getattr(document, name)) for name in FIELDS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=DEFAULT_FOLDER)
    folder = parser.parse_args().folder
    pages = sorted(folder.glob("*.txt"))
    if not pages:
        raise SystemExit(f"no .txt pages in {folder}")
    found = dict.fromkeys(FIELDS, 0)
    failures = 0
    for page in pages:
        result = read_file(page, folder)
        if result.format != "document_page" or len(result.parsed.records) != 1:
            failures += 1
            print(f"{page.name}: NOT ONE DOCUMENT ({result.format}, {len(result.parsed.records)} records; {result.rejection})")
            continue
        [document] = result.parsed.records
        read = fields_read(document)
        for name, present in read.items():
            found[name] += present
        texts = ", ".join(f"{text.label or 'no heading'} ({len(text.text):,} chars, line {text.line})" for text in document.texts)
        print(f"{page.name}: date {document.date.edtf if document.date else '-'}; "
              f"{' '.join(name for name, present in read.items() if not present) or 'every field'} "
              f"{'missing' if not all(read.values()) else 'read'}; texts: {texts or '-'}")
    print(f"\n{len(pages)} pages, {failures} not read as one document")
    for name, count in found.items():
        print(f"  {name:<18} {count:>3} of {len(pages)}")


if __name__ == "__main__":
    main()
