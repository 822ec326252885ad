"""`pipeline` command line: parse options, call the library, print what happened, set the exit code.

Exit codes: 0 success; 1 validation failed, an input file was rejected, or the work could not be
done; 2 usage errors (Click's own).
"""

from __future__ import annotations

import csv
import functools
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pyarrow

from pipeline import library
from pipeline.errors import PipelineError
from pipeline.executors import default_workers
from pipeline.extraction.report import ExtractReport
from pipeline.files import file_sha256
from pipeline.paths import DEFAULT_INPUT, DEFAULT_OUTPUT, DEFAULT_PORT, DEFAULT_WORKDIR, EXTRACT_REPORT, SQLITE, VALIDATION_REPORT
from pipeline.progress import shown
from pipeline.project import Project, find_project, project_path, write_starter
from pipeline.show import show
from pipeline.validation.stage import ARROW_FROM_ROWS, ENGINES, ValidationReport
from pipeline.wording import counted

if TYPE_CHECKING:
    from pipeline.linking.linker import Sighting
    from pipeline.publication.stage import PublishReport

_input_option = click.option(
    "--input", "input_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_INPUT,
    show_default=True, help="Folder whose *.txt files are read.",
)
_output_option = click.option(
    "--output", "output", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUTPUT,
    show_default=True, help="Folder the data package is published to (replaced as a whole).",
)
_workdir_option = click.option(
    "--workdir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_WORKDIR,
    show_default=True, help="Working folder where stages leave their artifacts for the next one.",
)
_engine_option = click.option(
    "--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
    help=f"Who checks the tables: Frictionless row by row, or the Arrow engine (same schemas, same verdict); "
    f"auto uses Arrow above {ARROW_FROM_ROWS:,} rows.",
)
_workers_option = click.option(
    "--workers", type=click.IntRange(min=1), default=default_workers, show_default="all cores",
    help="Processes that read and parse files in parallel; the output is the same for any number.",
)
_scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS",
    help="Run the per-file work on a Dask cluster (e.g. tcp://10.0.0.5:8786) instead of local processes; "
    "needs pip install 'pipeline[dask]'.",
)
_archive_option = click.option(
    "--archive", is_flag=True,
    help="Also write a release zip of the package, with a SHA256SUMS file inside, beside --output "
    "(datapackage/ -> datapackage.zip). Without it, a zip left by an earlier publish is removed.",
)
_authority_option = click.option(
    "--authority", "authority_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar="PIPELINE_AUTHORITY", show_envvar=True,
    help="Authority file of entities to link mentions to, instead of the packaged pipeline/reference/entities.csv.",
)
_project_option = click.option(
    "--project", "project_file", type=click.Path(path_type=Path, dir_okay=False),
    help="Project file: the dataset's title, licences, creators, ... and curator files [default: pipeline.toml beside --input].",
)
_keep_going_option = click.option(
    "--keep-going", is_flag=True,
    help="Publish the files that could be read even when others were rejected (they stay listed, with the reason, in sources).",
)
_extract_keep_going_option = click.option(
    "--keep-going", is_flag=True,
    help="Exit 0 even when files were rejected, so a later publish --keep-going can go on without them.",
)
_verbose_option = click.option(
    "--verbose", "-v", is_flag=True, help="Also list every file of --input that is not read (not *.txt, hidden), and why.",
)


_ERRORS_SHOWN = 200
_INTERRUPTED = 128 + 2  # killed by SIGINT
# Above this many input files, the extract stage lists only rejected files and a count per format.
_FILES_LISTED = 50


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn failures into one `Error: ...` line and exit status 1; a traceback only with --debug.

    Ctrl-C exits 130, as shells expect of an interrupted command, not 1, which says the data was bad.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            raise click.exceptions.Exit(_INTERRUPTED) from None
        except PipelineError as error:
            raise click.ClickException(str(error)) from error
        except OSError as error:
            if click.get_current_context().obj["debug"]:
                raise
            raise click.ClickException(f"cannot use {error.filename or 'a file'}: {error.strerror or error}") from error

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pipeline")
@click.option("--debug", is_flag=True, help="Show the full traceback when a file cannot be read or written.")
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """Turn plain-text archive pages into a validated Frictionless Data Package.

    `run` is extract, validate and publish in order; each stage also runs alone, passing its
    artifacts to the next through the working folder (--workdir, .pipeline/ by default).

    Example: pipeline run --input seeds --output datapackage
    """
    context.obj = {"debug": debug}
    _return_freed_arrow_memory()


def _return_freed_arrow_memory() -> None:
    """Have Arrow allocate from jemalloc, which gives freed memory back to the system.

    Its default, mimalloc, kept ~300 MB more at validation's peak on a 100k-file package.
    """
    try:
        pyarrow.set_memory_pool(pyarrow.jemalloc_memory_pool())
    except NotImplementedError:  # a pyarrow built without jemalloc keeps its default
        pass


@main.command()
@_input_option
@_output_option
@_workdir_option
@_workers_option
@_scheduler_option
@_engine_option
@_keep_going_option
@_archive_option
@_authority_option
@_verbose_option
@_project_option
@_reports_errors
def run(
    input_dir: Path,
    output: Path,
    workdir: Path,
    workers: int,
    scheduler: str | None,
    engine: str,
    keep_going: bool,
    archive: bool,
    authority_path: Path | None,
    verbose: bool,
    project_file: Path | None,
) -> None:
    """Extract, validate and publish: from the text files of --input to the package in --output.

    Nothing is published when a file is rejected (unless --keep-going) or validation fails.

    Example: pipeline run --input seeds --output datapackage --archive
    """
    printers = {
        "extract": lambda report: _print_extraction(report, input_dir, workdir, verbose),
        "validate": lambda report: _print_validation(report, workdir),
        "publish": _print_publication,
    }
    report = library.run(
        input_dir, output, workdir, workers=workers, scheduler=scheduler, engine=engine, keep_going=keep_going,
        archive=archive, project=_project(input_dir, project_file, authority_path), track=shown,
        tell=lambda stage, stage_report: printers[stage](stage_report),
    )
    if report.stopped:
        raise PipelineError(report.stopped)
    extracted, published = report.extracted, report.published
    tables = ", ".join(f"{rows:,} {name}" for name, rows in extracted.row_counts.items())
    click.echo(
        f"Done: {counted(len(extracted.files), 'file')} read ({len(extracted.rejected):,} rejected, "
        f"{len(extracted.skipped):,} skipped), {tables}; valid: yes; {counted(len(published.files), 'file')} in {published.output}"
    )


@main.command(name="extract")
@_input_option
@_workdir_option
@_workers_option
@_scheduler_option
@_extract_keep_going_option
@_authority_option
@_verbose_option
@_project_option
@_reports_errors
def extract_command(
    input_dir: Path,
    workdir: Path,
    workers: int,
    scheduler: str | None,
    keep_going: bool,
    authority_path: Path | None,
    verbose: bool,
    project_file: Path | None,
) -> None:
    """Read and parse every *.txt of --input and its subfolders; write the tables to --workdir.

    Exits 1 when a file is rejected, unless --keep-going.

    Example: pipeline extract --input seeds --workdir .pipeline
    """
    project = _project(input_dir, project_file, authority_path)
    report = library.extract(
        input_dir, workdir, workers=workers, scheduler=scheduler, project=project, track=shown("extract")
    )
    _print_extraction(report, input_dir, workdir, verbose)
    stopped = library.rejected_files(report, keep_going)
    if stopped:
        raise PipelineError(stopped)


@main.command(name="entities")
@_input_option
@_authority_option
@_project_option
@click.option("--unresolved", is_flag=True, help="Only the names the authority file does not know yet.")
@click.option(
    "--csv", "as_csv", is_flag=True,
    help="Write CSV to standard output: entity_id, type, name, records, first_seen, context, candidates.",
)
@_workers_option
@_scheduler_option
@_reports_errors
def entities_command(
    input_dir: Path, authority_path: Path | None, project_file: Path | None, unresolved: bool, as_csv: bool,
    workers: int, scheduler: str | None,
) -> None:
    """List the people, organisations and places the records of --input mention.

    One line per entity: id, type, name, how many records mention it, and where it is first
    named. With --unresolved, only names found in the text that the authority file does not
    know: add them, or an alias of a known entity, to the authority file and run again.
    With --csv, a table for review: the words around each name's first mention and the ids of
    the known entities it may be (candidates, nearest first).

    Example: pipeline entities --input seeds --unresolved --csv > review.csv
    """
    project = _project(input_dir, project_file, authority_path)
    found = library.entities(input_dir, workers=workers, scheduler=scheduler, project=project, unresolved_only=unresolved)
    if as_csv:
        _write_sightings_csv(found)
    for sighting in [] if as_csv else found:
        entity, first = sighting.entity, sighting.first
        click.echo(
            f"{entity.entity_id}\t{entity.type}\t{entity.name}\t{counted(sighting.records, 'record')}\t"
            f"first in {sighting.first_source} {first.field}: {first.text}"
        )
    click.echo(f"{counted(len(found), 'unresolved name' if unresolved else 'entity')} mentioned in {input_dir}", err=True)


@main.command(name="validate")
@_workdir_option
@_engine_option
@_reports_errors
def validate_command(workdir: Path, engine: str) -> None:
    """Validate the tables in --workdir against their Table Schemas (exit 1 when invalid).

    Example: pipeline validate --workdir .pipeline
    """
    report = library.validate(workdir, engine=engine, track=shown("validate"))
    _print_validation(report, workdir)
    stopped = library.invalid_package(report, workdir)
    if stopped:
        raise PipelineError(stopped)


@main.command(name="publish")
@_output_option
@_workdir_option
@_keep_going_option
@_archive_option
@_reports_errors
def publish_command(output: Path, workdir: Path, keep_going: bool, archive: bool) -> None:
    """Publish the validated package of --workdir to --output, replacing it atomically.

    Example: pipeline publish --workdir .pipeline --output datapackage --archive
    """
    _print_publication(library.publish(workdir, output, keep_going=keep_going, archive=archive, track=shown("publish")))


_package_option = click.option(
    "--package", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUTPUT,
    show_default=True, help="Folder of a published data package.",
)


@main.command(name="show")
@click.argument("table")
@_package_option
@click.option("--rows", type=click.IntRange(min=1), default=10, show_default=True, help="How many rows to print.")
@_reports_errors
def show_command(table: str, package: Path, rows: int) -> None:
    """Print the first rows of TABLE of a published package (long text is cut).

    Example: pipeline show documents --rows 5
    """
    click.echo(show(table, package, rows=rows, width=shutil.get_terminal_size().columns))


@main.command(name="serve")
@_package_option
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--site-files", "site_folder", type=click.Path(path_type=Path, file_okay=False),
    help="Write what a plain `datasette serve` needs for the same site (metadata, templates, plugin) to this folder, and stop.",
)
@_reports_errors
def serve_command(package: Path, port: int, site_folder: Path | None) -> None:
    """Browse and search a published package as a website (Datasette, from pip install '.[site]').

    Shows every table with its descriptions, facets and full-text search, each record with the
    people, organizations and places it names and each entity with its records, canned queries
    (records naming an entity, who appears with whom, records per year, search every text), and
    answers OpenRefine's reconciliation API at /dataset/entities/-/reconcile. Serves on 127.0.0.1
    until Ctrl-C.

    Example: pipeline serve --package datapackage --port 8001
    """
    from pipeline.serve import serve, write_site_files  # loads sqlite-utils, which loads pandas: only for this command

    if site_folder:
        written = write_site_files(package, site_folder)
        click.echo(f"serve: wrote {len(written)} files to {site_folder}; serve them with:")
        click.echo(
            f"  datasette serve --immutable {package / SQLITE} --metadata {site_folder}/metadata.json "
            f"--template-dir {site_folder}/templates --plugins-dir {site_folder}/plugins"
        )
        return
    serve(package, port, ready=lambda address: click.echo(f"serve: {package} at {address} (Ctrl-C stops)"))


@main.command(name="init")
@_input_option
@_project_option
@_reports_errors
def init_command(input_dir: Path, project_file: Path | None) -> None:
    """Write a commented starter project file, pipeline.toml, beside --input (or at --project).

    It holds what the package says of your dataset: title, description, licences, creators and
    contributors, keywords, version, homepage, how to cite, and your own curator files. Fill in
    what is true and run again; an existing file is never overwritten.

    Example: pipeline init --input pages   (writes ./pipeline.toml for the pages in ./pages)
    """
    target = project_file or project_path(input_dir)
    write_starter(target, input_dir)
    click.echo(f"init: wrote {target}; fill it in, then run pipeline run --input {input_dir}")


def _write_sightings_csv(found: list[Sighting]) -> None:
    """One row per entity, for a curator: what it is, how often and where it is named, what it may be."""
    writer = csv.writer(click.get_text_stream("stdout"), lineterminator="\n")
    writer.writerow(["entity_id", "type", "name", "records", "first_seen", "context", "candidates"])
    for sighting in found:
        entity = sighting.entity
        writer.writerow([
            entity.entity_id, entity.type, entity.name, sighting.records,
            f"{sighting.first_source} {sighting.first.field}", entity.context or "", "; ".join(sighting.candidates),
        ])


def _project(input_dir: Path, project_file: Path | None, authority_path: Path | None) -> Project:
    """The project of --input (or --project); --authority replaces its authority file."""
    project = find_project(input_dir, project_file).with_authority(authority_path)
    for field, path in project.curation.files().items():
        if path != authority_path:  # a copy in the project folder is used without being named: say so
            click.echo(f"project: {field} read from {path}", err=True)
    return project


def _print_extraction(report: ExtractReport, input_dir: Path, workdir: Path, verbose: bool) -> None:
    if report.reused:
        click.echo(
            f"extract: {counted(len(report.files), 'file')} in {input_dir} and the code are unchanged since the last extract; "
            f"reusing {workdir}"
        )
    else:
        reused = f" ({report.reused_files:,} unchanged since the last extract: their records reused)" if report.reused_files else ""
        click.echo(f"extract: read {counted(len(report.files), 'file')} from {input_dir}{reused}")
        listed = report.files if len(report.files) <= _FILES_LISTED else [f for f in report.files if f.rejection]
        for summary in listed:
            verdict = f"rejected: {summary.rejection}" if summary.rejection else f"{summary.format}, {counted(summary.records, 'record')}"
            click.echo(f"  {summary.path}: {verdict}")
        if len(report.files) > _FILES_LISTED:
            for file_format, (count, records) in sorted(_by_format(report).items()):
                click.echo(f"  {counted(count, 'file')} read as {file_format}, {counted(records, 'record')}")
    for warning in report.warnings[:_ERRORS_SHOWN]:  # a file's warnings stand while it does, read again or not
        click.echo(f"warning: {warning}", err=True)
    if len(report.warnings) > _ERRORS_SHOWN:
        click.echo(f"warning: ... and {len(report.warnings) - _ERRORS_SHOWN:,} more in {workdir / EXTRACT_REPORT}", err=True)
    _echo_skipped(report, input_dir, verbose)
    click.echo("extract: " + ", ".join(f"{counted(rows, 'row')} in {name}" for name, rows in report.row_counts.items()))


def _echo_skipped(report: ExtractReport, input_dir: Path, verbose: bool) -> None:
    """How many entries of the input folder were not read, by reason; their names with --verbose."""
    if not report.skipped:
        return
    reasons = Counter(entry.reason for entry in report.skipped)
    counts = ", ".join(f"{count:,} {reason}" for reason, count in sorted(reasons.items()))
    hint = "" if verbose else " (--verbose lists them)"
    click.echo(f"extract: skipped {counted(len(report.skipped), 'other entry', 'other entries')} of {input_dir} ({counts}){hint}")
    if verbose:
        for entry in report.skipped:
            click.echo(f"  {entry.path}: skipped ({entry.reason})")


def _by_format(report: ExtractReport) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for summary in report.files:
        if not summary.rejection:
            files, records = counts.get(summary.format, (0, 0))
            counts[summary.format] = (files + 1, records + summary.records)
    return counts


def _print_validation(report: ValidationReport, workdir: Path) -> None:
    checked = sum(report.resources.values())
    engine_name = "Frictionless" if report.engine == "frictionless" else "the Arrow engine"
    if report.reused:
        click.echo(f"validate: the package in {workdir} is unchanged since {engine_name} checked it; verdict kept")
    else:
        click.echo(f"validate: {counted(len(report.resources), 'resource')}, {counted(checked, 'row')} checked with {engine_name}")
    for note in report.notes():
        click.echo(f"validate: {note}")
    for error in report.errors[:_ERRORS_SHOWN]:
        click.echo(f"  {error}", err=True)
    if len(report.errors) > _ERRORS_SHOWN:
        click.echo(f"  ... and {len(report.errors) - _ERRORS_SHOWN:,} more in {workdir / VALIDATION_REPORT}", err=True)
    if report.valid:
        click.echo("validate: valid")


def _print_publication(report: PublishReport) -> None:
    if report.reused:
        click.echo(f"publish: {report.output} still holds this package, every file as the last publish wrote it; left as it is")
        return
    click.echo(f"publish: wrote {counted(len(report.files), 'file')} to {report.output}")
    for path, size in report.files.items():
        click.echo(f"  {path} ({size:,} bytes)")
    if report.archive:
        click.echo(f"publish: release archive {report.archive} (sha256 {file_sha256(report.archive)})")


if __name__ == "__main__":
    sys.exit(main())
