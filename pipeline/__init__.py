"""Plain-text archive pages -> a validated Frictionless Data Package (CSV + Parquet)."""
