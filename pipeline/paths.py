"""Every default path and every file name the pipeline reads or writes, in one place.

Functions take their folders as arguments; only the CLI reads the defaults.
"""

from pathlib import Path

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUTPUT = Path("datapackage")
DEFAULT_WORKDIR = Path(".pipeline")  # not build/, where `pip install .` writes
DEFAULT_PORT = 8001  # pipeline serve, on 127.0.0.1
PROJECT_FILE = "pipeline.toml"  # the user's dataset metadata, beside the input folder

# Inside a package (the working folder's candidate, or the published one).
PARQUET_SUFFIX = "-parquet"  # a table's Parquet resource is named after its CSV one: documents, documents-parquet
DESCRIPTOR = "datapackage.json"
DATA_DIR = "data"
CARD = "README.md"
TIMELINE = "timeline.png"
JSONLD = "dataset.jsonld"  # schema.org Dataset, for search engines
CROISSANT = "croissant.json"  # MLCommons Croissant, for machine-learning tools
SQLITE = "data/dataset.sqlite"  # every table in one database, for Datasette (`pipeline serve`) and SQL tools

# Left in every folder the pipeline makes, so it replaces only what it made (see `folders.py`).
PUBLISHED_MARK = ".published-by-pipeline.json"  # every file a publish wrote, with its size
WORKDIR_MARK = ".pipeline-workdir"

# Inside a release archive, beside the package's files.
CHECKSUMS = "SHA256SUMS"

# Inside the working folder only.
EXTRACT_REPORT = "extract-report.json"
VALIDATION_REPORT = "validation-report.json"
REUSE_DIR = "reuse"  # what each input file gave, kept to be reused (see `extraction/cache.py`)
PUBLISH_RECORD = "publish-record.json"  # what the last publish wrote where, to leave an unchanged package alone


def archive_path(package: Path) -> Path:
    """The release archive of a package folder, beside it: `datapackage/` -> `datapackage.zip`."""
    return package.with_name(package.name + ".zip")
