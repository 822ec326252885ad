"""`pipeline` command line: parse options, call the library, print what happened, set the exit code.

Exit codes: 0 success; 1 validation failed, an input file was rejected, or the work could not be
done; 2 usage errors (Click's own).
"""

from __future__ import annotations

import functools
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline.errors import PipelineError
from pipeline.extract import ExtractReport, extract
from pipeline.locks import hold
from pipeline.package import file_sha256
from pipeline.paths import DEFAULT_INPUT, DEFAULT_OUTPUT, DEFAULT_WORKDIR, VALIDATION_REPORT
from pipeline.progress import shown
from pipeline.publish import PublishReport, publish
from pipeline.show import show
from pipeline.validate import ValidationReport, validate

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
_archive_option = click.option(
    "--archive", is_flag=True,
    help="Also write a release zip of the package, with a SHA256SUMS file inside, beside --output "
    "(datapackage/ -> datapackage.zip). Without it, a zip left by an earlier publish is removed.",
)
_keep_going_option = click.option(
    "--keep-going", is_flag=True,
    help="Publish the files that could be read even when others were rejected (they stay listed, with the reason, in sources).",
)


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our PipelineError into Click's `Error: ...` line and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PipelineError as error:
            raise click.ClickException(str(error)) from error

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pipeline")
def main() -> None:
    """Turn plain-text archive pages into a validated Frictionless Data Package.

    \b
    Stages, each runnable alone, passing their artifacts through --workdir:
      pipeline extract    read seeds/*.txt, parse them, write tables to build/
      pipeline validate   check build/ against the Table Schemas with Frictionless
      pipeline publish    put the validated package in datapackage/, atomically
      pipeline run        all three in order
      pipeline show       print the first rows of a published table

    Example: pipeline run --input seeds --output datapackage
    """


@main.command()
@_input_option
@_output_option
@_workdir_option
@_keep_going_option
@_archive_option
@_reports_errors
def run(input_dir: Path, output: Path, workdir: Path, keep_going: bool, archive: bool) -> None:
    """Extract, validate and publish: from the text files of --input to the package in --output.

    Nothing is published when a file is rejected (unless --keep-going) or validation fails.

    Example: pipeline run --input seeds --output datapackage --archive
    """
    with hold(workdir), hold(output):
        extracted = _extract(input_dir, workdir, keep_going)
        validated = _validate(workdir)
        published = _publish(workdir, output, keep_going, archive)
    tables = ", ".join(f"{rows} {name}" for name, rows in extracted.row_counts.items())
    click.echo(
        f"Done: {len(extracted.files)} files read ({len(extracted.rejected)} rejected), {tables}; "
        f"valid: {'yes' if validated.valid else 'no'}; {len(published.files)} files in {published.output}"
    )


@main.command(name="extract")
@_input_option
@_workdir_option
@_keep_going_option
@_reports_errors
def extract_command(input_dir: Path, workdir: Path, keep_going: bool) -> None:
    """Read and parse every *.txt of --input; write the tables to --workdir.

    Exits 1 when a file is rejected, unless --keep-going.

    Example: pipeline extract --input seeds --workdir build
    """
    _extract(input_dir, workdir, keep_going)


@main.command(name="validate")
@_workdir_option
@_reports_errors
def validate_command(workdir: Path) -> None:
    """Validate the tables in --workdir against their Table Schemas (exit 1 when invalid).

    Example: pipeline validate --workdir build
    """
    _validate(workdir)


@main.command(name="publish")
@_output_option
@_workdir_option
@_keep_going_option
@_archive_option
@_reports_errors
def publish_command(output: Path, workdir: Path, keep_going: bool, archive: bool) -> None:
    """Publish the validated package of --workdir to --output, replacing it atomically.

    Example: pipeline publish --workdir build --output datapackage --archive
    """
    _publish(workdir, output, keep_going, archive)


@main.command(name="show")
@click.argument("table")
@click.option(
    "--package", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUTPUT,
    show_default=True, help="Folder of a published data package.",
)
@click.option("--rows", type=click.IntRange(min=1), default=10, show_default=True, help="How many rows to print.")
@_reports_errors
def show_command(table: str, package: Path, rows: int) -> None:
    """Print the first rows of TABLE of a published package (long text is cut).

    Example: pipeline show documents --rows 5
    """
    click.echo(show(table, package, rows=rows, width=shutil.get_terminal_size().columns))


def _extract(input_dir: Path, workdir: Path, keep_going: bool) -> ExtractReport:
    with hold(workdir):
        report = extract(input_dir, workdir, track=shown("extract"))
    click.echo(f"extract: read {len(report.files)} files from {input_dir}")
    for result in report.files:
        verdict = f"rejected: {result.rejection}" if result.rejection else f"{result.format}, {result.parsed.record_count} records"
        click.echo(f"  {result.source.path}: {verdict}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo("extract: " + ", ".join(f"{rows} rows in {name}" for name, rows in report.row_counts.items()))
    if report.rejected and not keep_going:
        raise PipelineError(
            f"{len(report.rejected)} of {len(report.files)} input files rejected; nothing published "
            "(fix them, or pass --keep-going to publish the rest)"
        )
    return report


def _validate(workdir: Path) -> ValidationReport:
    with hold(workdir):
        report = validate(workdir, track=shown("validate"))
    checked = sum(report.resources.values())
    click.echo(f"validate: {len(report.resources)} resources, {checked} rows checked with Frictionless")
    for error in report.errors:
        click.echo(f"  {error}", err=True)
    if not report.valid:
        raise PipelineError(
            f"validation failed with {len(report.errors)} errors; nothing published (full report: {workdir / VALIDATION_REPORT})"
        )
    click.echo("validate: valid")
    return report


def _publish(workdir: Path, output: Path, keep_going: bool, archive: bool) -> PublishReport:
    report = publish(workdir, output, keep_going=keep_going, archive=archive, track=shown("publish"))
    click.echo(f"publish: wrote {len(report.files)} files to {report.output}")
    for path, size in report.files.items():
        click.echo(f"  {path} ({size:,} bytes)")
    if report.archive:
        click.echo(f"publish: release archive {report.archive} (sha256 {file_sha256(report.archive)})")
    return report


if __name__ == "__main__":
    sys.exit(main())
