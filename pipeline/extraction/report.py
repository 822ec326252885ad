"""What an extract did: each file read, each entry skipped, the tables' row counts, the warnings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline import tables
from pipeline.sources import Skipped


@dataclass(frozen=True)
class FileSummary:
    """What the report keeps of one file: no records, so a million files stay small."""

    path: str
    sha256: str
    format: str | None
    records: int
    rejection: str | None


@dataclass
class ExtractReport:
    fingerprint: str
    files: list[FileSummary]
    skipped: list[Skipped]  # what the input folder holds besides the files read
    row_counts: dict[str, int]
    warnings: list[str]  # those of every file, reused or read
    reused: bool = False  # the whole extract: nothing changed
    reused_files: int = 0  # files whose records were kept from an earlier extract, not read again

    @property
    def rejected(self) -> list[str]:
        return [f"{summary.path}: {summary.rejection}" for summary in self.files if summary.rejection]

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "files": [vars(summary) for summary in self.files],
            "skipped": [vars(entry) for entry in self.skipped],
            "rejected": self.rejected,
            "tables": self.row_counts,
            "warnings": self.warnings,
            "reused_files": self.reused_files,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> ExtractReport:
        files = [FileSummary(**summary) for summary in value["files"]]
        skipped = [Skipped(**entry) for entry in value["skipped"]]
        row_counts = {name: value["tables"][name] for name in tables.table_names()}
        return cls(value["fingerprint"], files, skipped, row_counts, value["warnings"], reused=True, reused_files=len(files))
