"""The pipeline as a library: what `pipeline run` does, `pipeline.run()` does.

Each call checks the folders it is given (see `folders.py`), holds their locks once, runs its
stages in order, applies the pipeline's rules and returns what happened as a report. Bad data (a
rejected file, an invalid package) is in the report, with the one sentence that says why nothing
was published; a failure to run (a folder that is not ours, a busy lock) is a PipelineError. The
command line prints these reports and sets the exit code; a notebook can read them.

    import pipeline
    report = pipeline.run("pages", "datapackage", workers=2)
    report.stopped or report.published.files
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import PipelineError
from pipeline.executors import executor_for
from pipeline.extraction import stage as extract_stage
from pipeline.extraction import usage as entity_usage
from pipeline.extraction.report import ExtractReport
from pipeline.files import read_json
from pipeline.folders import check_output, check_workdir, is_workdir
from pipeline.linking.linker import Sighting
from pipeline.locks import hold
from pipeline.paths import DEFAULT_INPUT, DEFAULT_OUTPUT, DEFAULT_WORKDIR, EXTRACT_REPORT, VALIDATION_REPORT
from pipeline.progress import Track, quietly
from pipeline.project import Project
from pipeline.validation import stage as validate_stage
from pipeline.wording import counted

if TYPE_CHECKING:
    from pipeline.publication.stage import PublishReport
    from pipeline.validation.stage import ValidationReport

# What each stage is told of its progress: a Track for the stage's name ("extract", "validate", "publish").
Tracks = Callable[[str], Track]
# Told of each stage's report as soon as the stage is done: (stage name, report).
Tell = Callable[[str, Any], None]


@dataclass(frozen=True)
class RunReport:
    """What a run did; `stopped` says why nothing was published, when it was not."""

    extracted: ExtractReport
    validated: ValidationReport | None = None
    published: PublishReport | None = None
    stopped: str | None = None


def run(
    input_dir: str | Path = DEFAULT_INPUT,
    output: str | Path = DEFAULT_OUTPUT,
    workdir: str | Path = DEFAULT_WORKDIR,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    engine: str = "auto",
    keep_going: bool = False,
    archive: bool = False,
    project: Project | None = None,
    track: Tracks = lambda stage: quietly,
    tell: Tell = lambda stage, report: None,
) -> RunReport:
    """Extract the pages of `input_dir`, validate the tables and publish the package to `output`.

    Nothing is published when a file was rejected (unless `keep_going`) or the package is invalid:
    the report's `stopped` says which. Every folder is checked before any work.
    """
    input_dir, output, workdir = Path(input_dir), Path(output), Path(workdir)
    check_workdir(workdir, input_dir=input_dir)
    check_output(output, input_dir=input_dir, workdir=workdir, archive=archive)
    with hold(workdir), hold(output):
        with executor_for(workers, scheduler) as executor:
            extracted = extract_stage.extract(
                input_dir, workdir, executor, project=project, in_flight=_in_flight(workers), track=track("extract")
            )
        tell("extract", extracted)
        stopped = rejected_files(extracted, keep_going)
        if stopped:
            return RunReport(extracted, stopped=stopped)
        validated = validate_stage.validate(workdir, engine, track=track("validate"))
        tell("validate", validated)
        stopped = invalid_package(validated, workdir)
        if stopped:
            return RunReport(extracted, validated, stopped=stopped)
        published = _publish(workdir, output, archive, track("publish"))
        tell("publish", published)
    return RunReport(extracted, validated, published)


def extract(
    input_dir: str | Path = DEFAULT_INPUT,
    workdir: str | Path = DEFAULT_WORKDIR,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    project: Project | None = None,
    track: Track = quietly,
) -> ExtractReport:
    """Read, parse and link the pages of `input_dir` and write their tables to `workdir`."""
    input_dir, workdir = Path(input_dir), Path(workdir)
    check_workdir(workdir, input_dir=input_dir)
    with hold(workdir), executor_for(workers, scheduler) as executor:
        return extract_stage.extract(input_dir, workdir, executor, project=project, in_flight=_in_flight(workers), track=track)


def validate(workdir: str | Path = DEFAULT_WORKDIR, *, engine: str = "auto", track: Track = quietly) -> ValidationReport:
    """Check the tables of `workdir` against their Table Schemas; `invalid_package` says if they fail."""
    workdir = Path(workdir)
    if not is_workdir(workdir):  # a package another tool made is not ours to write a report into
        raise PipelineError(f"{workdir} holds no extracted package: run `pipeline extract` first")
    with hold(workdir):
        return validate_stage.validate(workdir, engine, track=track)


def publish(
    workdir: str | Path = DEFAULT_WORKDIR,
    output: str | Path = DEFAULT_OUTPUT,
    *,
    keep_going: bool = False,
    archive: bool = False,
    track: Track = quietly,
) -> PublishReport:
    """Publish the validated package of `workdir` to `output`; a package that left files out only with `keep_going`."""
    workdir, output = Path(workdir), Path(output)
    check_output(output, workdir=workdir, archive=archive)
    with hold(workdir), hold(output):
        extracted = _extract_report(workdir)
        stopped = extracted and rejected_files(extracted, keep_going)
        if stopped:
            raise PipelineError(stopped)
        return _publish(workdir, output, archive, track)


def entities(
    input_dir: str | Path = DEFAULT_INPUT,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    project: Project | None = None,
    unresolved_only: bool = False,
) -> list[Sighting]:
    """The entities the records of `input_dir` name (or only the names the authority file lacks), with counts."""
    input_dir = Path(input_dir)
    with executor_for(workers, scheduler) as executor:
        return entity_usage.entity_sightings(
            input_dir, executor, project=project, unresolved_only=unresolved_only, in_flight=_in_flight(workers)
        )


def rejected_files(extracted: ExtractReport, keep_going: bool) -> str | None:
    """The keep-going rule: a file that could not be read stops the package, unless told to go on without it."""
    if not extracted.rejected or keep_going:
        return None
    return (
        f"{len(extracted.rejected):,} of {counted(len(extracted.files), 'input file')} rejected; nothing published "
        "(fix them, or pass --keep-going to publish the rest)"
    )


def invalid_package(validated: ValidationReport, workdir: Path) -> str | None:
    """An invalid package is never published."""
    if validated.valid:
        return None
    return (
        f"validation failed with {counted(len(validated.errors), 'error')}; nothing published "
        f"(full report: {workdir / VALIDATION_REPORT})"
    )


def _in_flight(workers: int) -> int:
    """Chunks to send ahead: four per worker keeps each busy while the main process writes."""
    return 4 * max(workers, 2)


def _publish(workdir: Path, output: Path, archive: bool, track: Track) -> PublishReport:
    # Imported here: it draws with matplotlib, a slow import that neither extract workers nor `load` need.
    from pipeline.publication import stage as publish_stage

    return publish_stage.publish(workdir, output, archive=archive, track=track)


def _extract_report(workdir: Path) -> ExtractReport | None:
    """The last extract's report; None where there is none, and publishing refuses the folder for that."""
    try:
        return ExtractReport.from_json(read_json(workdir / EXTRACT_REPORT))
    except (OSError, ValueError):
        return None
