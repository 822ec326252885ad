"""Measure `pipeline` end to end on synthetic corpora of growing size.

    python benchmarks/run.py [--sizes 1000 10000 100000] [--workers 2] [--repeats 3] [--scratch DIR]

Per size: wall time and peak memory (RSS of the whole process tree, workers included) of
`pipeline run` end to end (the median of --repeats runs, each listed), of each stage run as its own
command, and of `pipeline run` again on the unchanged corpus (which skips the work); records per
second, output sizes; beside them, on the same package, `frictionless validate datapackage.json` and
an I/O floor (read every input byte, write the same tables with pyarrow, no parsing). On the largest
corpus, a growing archive: 10 pages added, then 10 edited, then 10 removed, each followed by
`pipeline run` on the working folder kept from the run before and by a run from scratch, whose
packages must be the same byte for byte (the corpus is put back as it was afterwards). Results go to
`benchmarks/results.json` and to the tables in `benchmarks/README.md`.

Document pages are rejected until a reader for them lands, so every run passes `--keep-going`;
the record counts are checked on the listings and articles, whose records the corpus knows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results.json"
README = HERE / "README.md"
TABLE_START, TABLE_END = "<!-- results:start -->", "<!-- results:end -->"
GROWTH_START, GROWTH_END = "<!-- incremental:start -->", "<!-- incremental:end -->"
CHANGED_PAGES = 10
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402  (beside this script, not a package)
# Frictionless checks about 7,500 rows/s here: the 10,000-file package (1.8M rows) takes 4 minutes,
# the 100,000-file one would take 40.
FRICTIONLESS_MAX_ROWS = 2_000_000


def tree_rss(root: int) -> int:
    """Resident memory of `root` and all its descendants, in bytes, read from /proc."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError):
                continue
    family, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        family.update(children)
        frontier = children
    total = 0
    for pid in family:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def measured(command: list[str]) -> dict[str, float]:
    """Run `command`; its wall time in seconds and the peak RSS of its process tree in MiB."""
    os.sync()  # the gigabyte the step before wrote goes to disk now, not while this one runs
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)  # a sample reads all of /proc (about 1 ms of CPU): ten a second cost the run little

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(peak / 2**20, 1)}


def io_floor(corpus: Path, package: Path, scratch: Path) -> float:
    """Seconds to read every input byte and write the package's tables again with pyarrow alone."""
    tables = {path.stem: pq.read_table(path) for path in (package / "data").glob("*.parquet")}
    started = time.perf_counter()
    for path in corpus.glob("*.txt"):
        path.read_bytes()
    scratch.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pa_csv.write_csv(table, scratch / f"{name}.csv")
        pq.write_table(table, scratch / f"{name}.parquet", compression="zstd")
    return round(time.perf_counter() - started, 2)


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def package_digest(folder: Path) -> str:
    """One SHA-256 over every file of a package, by relative path: equal digests, equal packages byte for byte."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            with path.open("rb") as stream:
                digest.update(hashlib.file_digest(stream, "sha256").digest())
    return digest.hexdigest()


def growing_archive(corpus: Path, run: list[str], kept: tuple[Path, Path], scratch: Path) -> list[dict]:
    """Add, edit, then remove `CHANGED_PAGES` pages; after each, `pipeline run` on the kept working folder and from scratch.

    `run` is the `pipeline run` command without its folders; `kept` the working and output folders
    of the last full run on this corpus. The corpus is put back as it was, whatever happens.
    """
    rng = random.Random(18)
    names = make_corpus.authority_names()
    pages = sorted(corpus.glob("*.txt"))
    edited = [pages[int(position)] for position in range(3, len(pages), max(1, len(pages) // CHANGED_PAGES))][:CHANGED_PAGES]
    removed = [pages[-1 - position * 7] for position in range(CHANGED_PAGES)]
    originals = {path: path.read_bytes() for path in edited + removed}
    added = [corpus / f"added-{number:02d}.txt" for number in range(CHANGED_PAGES)]

    def add() -> None:
        for number, path in enumerate(added):
            text = make_corpus.document_page(rng, names, 900_000 + number) if number % 10 == 0 else \
                make_corpus.listing_page(rng, names, number % 10, 9_000_000 + number * make_corpus.RECORDS_PER_PAGE)
            path.write_text(text, encoding="utf-8")

    def edit() -> None:
        for path in edited:
            path.write_text(path.read_text(encoding="utf-8").replace("19", "18", 1), encoding="utf-8")

    def remove() -> None:
        for path in removed:
            path.unlink()

    steps = []
    try:
        for change, apply in (("add", add), ("edit", edit), ("remove", remove)):
            apply()
            incremental = measured(run + ["--workdir", str(kept[0]), "--output", str(kept[1])])
            fresh_build, fresh_output = scratch / "growing-build", scratch / "growing-output"
            shutil.rmtree(fresh_build, ignore_errors=True)
            shutil.rmtree(fresh_output, ignore_errors=True)
            full = measured(run + ["--workdir", str(fresh_build), "--output", str(fresh_output)])
            steps.append({
                "change": f"{change} {CHANGED_PAGES} pages",
                "files": len(list(corpus.glob("*.txt"))),
                "incremental": incremental,
                "full": full,
                "identical": package_digest(kept[1]) == package_digest(fresh_output),
            })
            print(json.dumps(steps[-1]), flush=True)
    finally:
        for path in added:
            path.unlink(missing_ok=True)
        for path, data in originals.items():
            path.write_bytes(data)
        shutil.rmtree(scratch / "growing-build", ignore_errors=True)
        shutil.rmtree(scratch / "growing-output", ignore_errors=True)
    return steps


def checked_counts(build: Path, expected: dict) -> dict:
    """The extract's row counts, once the records of the listings and articles are found to be those the corpus holds."""
    report = json.loads((build / "extract-report.json").read_text())
    document_pages = set(expected["document_page_files"])
    found = sum(summary["records"] for summary in report["files"] if summary["path"] not in document_pages)
    if found != expected["documents"] + expected["events"]:
        raise SystemExit(f"expected {expected['documents']} documents and {expected['events']} events in listings and articles, "
                         f"the pipeline found {found} records there")
    return report["tables"]


def bench_size(files: int, workers: int, repeats: int, scratch: Path, grow: bool) -> dict:
    corpus, build, output = scratch / f"corpus-{files}", scratch / f"build-{files}", scratch / f"datapackage-{files}"
    if not (corpus / "corpus.json").is_file():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--files", str(files), "--out", str(corpus)], check=True)
    expected = json.loads((corpus / "corpus.json").read_text())
    shutil.rmtree(build, ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    pipeline = [str(Path(sys.executable).with_name("pipeline"))]  # the command users run (workers import it too)
    stages = {
        "extract": measured(pipeline + ["extract", "--input", str(corpus), "--workdir", str(build), "--workers", str(workers),
                                        "--keep-going"]),
        "validate": measured(pipeline + ["validate", "--workdir", str(build)]),
        "publish": measured(pipeline + ["publish", "--workdir", str(build), "--output", str(output), "--keep-going"]),
    }
    run_command = pipeline + ["run", "--input", str(corpus), "--workers", str(workers), "--keep-going"]
    end_to_end = run_command + ["--workdir", str(build) + "-run", "--output", str(output) + "-run"]
    runs = []
    for _ in range(repeats):  # this machine's runs vary by several percent: the median is reported
        shutil.rmtree(str(build) + "-run", ignore_errors=True)
        shutil.rmtree(str(output) + "-run", ignore_errors=True)
        runs.append(measured(end_to_end))
    run = {
        "seconds": statistics.median(one["seconds"] for one in runs),
        "each_seconds": [one["seconds"] for one in runs],
        "peak_rss_mib": max(one["peak_rss_mib"] for one in runs),
    }
    rerun = measured(end_to_end)
    growth = growing_archive(corpus, run_command, (Path(str(build) + "-run"), Path(str(output) + "-run")), scratch) if grow else []
    shutil.rmtree(str(build) + "-run", ignore_errors=True)
    shutil.rmtree(str(output) + "-run", ignore_errors=True)
    rows = json.loads((build / "validation-report.json").read_text())["rows_checked"]
    counts = checked_counts(build, expected)
    records = counts["documents"] + counts["events"]
    result = {
        "files": files,
        "records": records,
        "rows_validated": sum(rows.values()),
        "run": run,
        "stages": stages,
        "rerun_unchanged": rerun,
        "growing_archive": growth,
        "document_pages": expected["document_pages"],
        "input_mib": round(sum(path.stat().st_size for path in corpus.glob("*.txt")) / 2**20, 1),
        "total_seconds": run["seconds"],
        "records_per_second": round(records / run["seconds"]),
        "peak_rss_mib": max(run["peak_rss_mib"], *(stage["peak_rss_mib"] for stage in stages.values())),
        "output_mib": round(folder_bytes(output) / 2**20, 1),
        "io_floor_seconds": io_floor(corpus, output, scratch / f"floor-{files}"),
    }
    validate_rate = result["rows_validated"] / stages["validate"]["seconds"]
    if result["rows_validated"] <= FRICTIONLESS_MAX_ROWS:
        frictionless = measured([str(Path(sys.executable).with_name("frictionless")), "validate", str(output / "datapackage.json")])
        result["frictionless_validate_seconds"] = frictionless["seconds"]
        result["validate_speedup_vs_frictionless"] = round(frictionless["seconds"] / stages["validate"]["seconds"], 1)
    result["validate_rows_per_second"] = round(validate_rate)
    shutil.rmtree(scratch / f"floor-{files}", ignore_errors=True)
    return result


def markdown(results: list[dict]) -> str:
    lines = [
        "| files | records | `pipeline run` s (median) | each run s | records/s | extract s | validate s | publish s | re-run unchanged s "
        "| peak RSS MiB | output MiB | I/O floor s | frictionless validate s | validate speed-up |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        stages = r["stages"]
        lines.append(
            f"| {r['files']:,} | {r['records']:,} | {r['total_seconds']} | {', '.join(map(str, r['run']['each_seconds']))} "
            f"| {r['records_per_second']:,} "
            f"| {stages['extract']['seconds']} | {stages['validate']['seconds']} | {stages['publish']['seconds']} "
            f"| {r['rerun_unchanged']['seconds']} | {r['peak_rss_mib']} | {r['output_mib']} | {r['io_floor_seconds']} | {r.get('frictionless_validate_seconds', 'not run')} "
            f"| {r.get('validate_speedup_vs_frictionless', '')} |"
        )
    for small, big in zip(results, results[1:]):
        lines.append("")
        lines.append(
            f"{big['files'] // small['files']}x the files took {big['total_seconds'] / small['total_seconds']:.1f}x the time "
            f"({small['files']:,} -> {big['files']:,})."
        )
    return "\n".join(lines)


def growth_markdown(result: dict) -> str:
    """The growing archive beside the full run and the I/O floor, in one table."""
    lines = [
        f"On {result['files']:,} files ({result['document_pages']:,} document pages, {result['input_mib']:,} MiB of text): "
        "`pipeline run` after each change, on the working folder of the run before, beside a run from scratch on the same files.",
        "",
        "| run | files | `pipeline run` s | from scratch s | I/O floor s | peak RSS MiB | package identical to the run from scratch |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| full run | {result['files']:,} | {result['total_seconds']} | {result['total_seconds']} | {result['io_floor_seconds']} "
        f"| {result['run']['peak_rss_mib']} | |",
        f"| re-run, nothing changed | {result['files']:,} | {result['rerun_unchanged']['seconds']} | {result['total_seconds']} "
        f"| {result['io_floor_seconds']} | {result['rerun_unchanged']['peak_rss_mib']} | |",
    ]
    for step in result["growing_archive"]:
        lines.append(
            f"| {step['change']} | {step['files']:,} | {step['incremental']['seconds']} | {step['full']['seconds']} "
            f"| {result['io_floor_seconds']} | {step['incremental']['peak_rss_mib']} | {'yes' if step['identical'] else 'NO'} |"
        )
    return "\n".join(lines)


def replaced_between(text: str, start: str, end: str, table: str) -> str:
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    return f"{before}{start}\n{table}\n{end}{after}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000], help="corpus sizes, in files")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="--workers passed to pipeline extract")
    parser.add_argument("--repeats", type=int, default=3, help="end-to-end runs per size; the median is reported")
    parser.add_argument("--scratch", type=Path, help="folder for corpora and packages (default: a temporary one)")
    arguments = parser.parse_args()
    scratch = arguments.scratch or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    results = []
    largest = max(arguments.sizes)
    for files in arguments.sizes:
        results.append(bench_size(files, arguments.workers, arguments.repeats, scratch, grow=files == largest))
        print(json.dumps(results[-1]), flush=True)
    RESULTS.write_text(json.dumps({"machine": f"{os.cpu_count()} cores", "results": results}, indent=2) + "\n")
    table = markdown(results)
    growth = growth_markdown(results[arguments.sizes.index(largest)])
    text = replaced_between(README.read_text(encoding="utf-8"), TABLE_START, TABLE_END, table)
    README.write_text(replaced_between(text, GROWTH_START, GROWTH_END, growth), encoding="utf-8")
    print(table)
    print(growth)


if __name__ == "__main__":
    main()
