"""Plain-text archive pages -> a validated Frictionless Data Package (CSV + Parquet).

`from pipeline import load; load("documents")` reads a published table into pandas.
"""

from pipeline.load import load

__all__ = ["load"]
