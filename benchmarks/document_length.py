"""A document page's cost against its length: reading and linking a 40 KB page should cost at most 2.2x a 20 KB one.

    python benchmarks/document_length.py [--sizes 10 20 40 80] [--repeat 5]

Each page is a composed Wilson Center-style cover and a full text of SIZE kilobytes (paragraphs
naming known and unknown people and places, in both layouts: lined and flattened to one line).
Prints the median time to read (detect + parse) and link each page, and each size's ratio to the one
before it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pipeline.extraction.chunk import authority_of, read_file
from pipeline.linking.linker import link

COVER = """Digital Archive    digitalarchive.wilsoncenter.org
International History Declassified

June 02, 1955
Record of Conversation between Nikita Khrushchev
and Josip Broz Tito in Belgrade

Citation:
"Record of Conversation between Nikita Khrushchev and Josip Broz Tito in Belgrade," June 02, 1955, a composed page.
https://digitalarchive.wilsoncenter.org/document/000001

Summary:
Khrushchev and Tito close the talks in Belgrade.

Original Language:
Russian

Contents:
English Translation
"""
PARAGRAPHS = [
    "Comrade Khrushchev said that the delegation had come to Belgrade to end the quarrel of 1948, and that the "
    "Central Committee of the CPSU regretted what had been said against Yugoslavia.",
    "Ambassador Okada Hiroshi reported from Tokyo that Foreign Minister Miki Takeo would receive Chiang Ching-kuo "
    "on 12 March; the Ministry of Foreign Affairs asked the embassy in Taipei for the minutes.",
    "Tito answered that relations between the two parties were a question for the future, and Kardelj added "
    "that the Warsaw Pact was not a matter for Yugoslavia.",
    "                                - 2 -",
]


def page(kilobytes: int, flattened: bool) -> str:
    body: list[str] = []
    while sum(len(paragraph) + 2 for paragraph in body) < kilobytes * 1024:
        body.append(PARAGRAPHS[len(body) % len(PARAGRAPHS)])
    text = COVER + "\n\n".join(body) + "\n"
    return " ".join(text.split()) if flattened else text


def seconds(path: Path) -> float:
    started = time.perf_counter()
    result = read_file(path, path.parent)
    link(result.parsed.records, authority_of(None))
    assert result.format == "document_page" and len(result.parsed.records) == 1, result.rejection
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40, 80], help="page sizes in KB")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    authority_of(None)  # loaded once, outside the timings
    with tempfile.TemporaryDirectory() as folder:
        for flattened in (False, True):
            before = None
            for size in options.sizes:
                path = Path(folder) / f"page-{size}-{flattened}.txt"
                path.write_text(page(size, flattened), encoding="utf-8")
                median = statistics.median(seconds(path) for _ in range(options.repeat))
                ratio = f"{median / before:.2f}x the page before" if before else ""
                print(f"{'flattened' if flattened else 'lined':<9} {size:>4} KB  {median * 1000:8.1f} ms  {ratio}")
                before = median


if __name__ == "__main__":
    main()
