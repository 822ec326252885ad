"""Plain-text archive pages -> a validated Frictionless Data Package (CSV + Parquet).

The library: `pipeline.run(input_dir, output)` does what `pipeline run` does and returns a
`RunReport`; `extract`, `validate`, `publish` and `entities` do what their commands do;
`load("documents")` reads a published table into pandas. See `pipeline.library`.
"""

from typing import Any

from pipeline.errors import PipelineError
from pipeline.load import load

# Imported when first used: `load` alone needs neither the parsers nor the linker.
_LIBRARY = ("run", "extract", "validate", "publish", "entities", "RunReport")

__all__ = ["PipelineError", "load", *_LIBRARY]


def __getattr__(name: str) -> Any:
    if name in _LIBRARY:
        from pipeline import library

        return getattr(library, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
