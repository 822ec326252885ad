"""Validation: the candidate package against its Table Schemas, row by row or column by column.

`stage.py` chooses the engine and keeps the verdict; `arrow.py` is the Arrow engine, which reaches
Frictionless's verdict on every rule it checks and hands the rest to Frictionless.
"""
