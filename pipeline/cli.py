"""`pipeline` command line: parse options, call the library, print what happened, set the exit code.

Exit codes: 0 success; 1 validation failed, an input file was rejected, or the work could not be
done; 2 usage errors (Click's own).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline.errors import PipelineError
from pipeline.extract import ExtractReport, entity_sightings, extract
from pipeline.locks import hold
from pipeline.paths import DEFAULT_INPUT, DEFAULT_OUTPUT, DEFAULT_WORKDIR, VALIDATION_REPORT
from pipeline.publish import PublishReport, publish
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
_authority_option = click.option(
    "--authority", "authority_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar="PIPELINE_AUTHORITY", show_envvar=True,
    help="Authority file of entities to link mentions to, instead of the packaged pipeline/reference/entities.csv.",
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
      pipeline extract    read seeds/*.txt, parse them, link entities, write tables to build/
      pipeline validate   check build/ against the Table Schemas with Frictionless
      pipeline publish    put the validated package in datapackage/, atomically
      pipeline run        all three in order

    Example: pipeline run --input seeds --output datapackage
    """


@main.command()
@_input_option
@_output_option
@_workdir_option
@_keep_going_option
@_authority_option
@_reports_errors
def run(input_dir: Path, output: Path, workdir: Path, keep_going: bool, authority_path: Path | None) -> None:
    """Extract, validate and publish: from the text files of --input to the package in --output.

    Nothing is published when a file is rejected (unless --keep-going) or validation fails.

    Example: pipeline run --input seeds --output datapackage
    """
    with hold(workdir), hold(output):
        extracted = _extract(input_dir, workdir, keep_going, authority_path)
        validated = _validate(workdir)
        published = _publish(workdir, output, keep_going)
    tables = ", ".join(f"{rows} {name}" for name, rows in extracted.row_counts.items())
    click.echo(
        f"Done: {len(extracted.files)} files read ({len(extracted.rejected)} rejected), {tables}; "
        f"valid: {'yes' if validated.valid else 'no'}; {len(published.files)} files in {published.output}"
    )


@main.command(name="extract")
@_input_option
@_workdir_option
@_keep_going_option
@_authority_option
@_reports_errors
def extract_command(input_dir: Path, workdir: Path, keep_going: bool, authority_path: Path | None) -> None:
    """Read and parse every *.txt of --input; write the tables to --workdir.

    Exits 1 when a file is rejected, unless --keep-going.

    Example: pipeline extract --input seeds --workdir build
    """
    _extract(input_dir, workdir, keep_going, authority_path)


@main.command(name="entities")
@_input_option
@_authority_option
@click.option("--unresolved", is_flag=True, help="Only the names the authority file does not know yet.")
@_reports_errors
def entities_command(input_dir: Path, authority_path: Path | None, unresolved: bool) -> None:
    """List the people, organisations and places the records of --input mention.

    One line per entity: id, type, name, how many records mention it, and where it is first
    named. With --unresolved, only names found in the text that the authority file does not
    know: add them, or an alias of a known entity, to the authority file and run again.

    Example: pipeline entities --input seeds --unresolved
    """
    found = entity_sightings(input_dir, authority_path, unresolved_only=unresolved)
    for sighting in found:
        entity, first = sighting.entity, sighting.first
        click.echo(
            f"{entity.entity_id}\t{entity.type}\t{entity.name}\t{sighting.records} record{'s' * (sighting.records != 1)}\t"
            f"first in {sighting.first_source} {first.field}: {first.text}"
        )
    click.echo(f"{len(found)} {'unresolved names' if unresolved else 'entities'} mentioned in {input_dir}", err=True)


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
@_reports_errors
def publish_command(output: Path, workdir: Path, keep_going: bool) -> None:
    """Publish the validated package of --workdir to --output, replacing it atomically.

    Example: pipeline publish --workdir build --output datapackage
    """
    _publish(workdir, output, keep_going)


def _extract(input_dir: Path, workdir: Path, keep_going: bool, authority_path: Path | None) -> ExtractReport:
    with hold(workdir):
        report = extract(input_dir, workdir, authority_path)
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
        report = validate(workdir)
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


def _publish(workdir: Path, output: Path, keep_going: bool) -> PublishReport:
    report = publish(workdir, output, keep_going=keep_going)
    click.echo(f"publish: wrote {len(report.files)} files to {report.output}")
    for path, size in report.files.items():
        click.echo(f"  {path} ({size:,} bytes)")
    return report


if __name__ == "__main__":
    sys.exit(main())
