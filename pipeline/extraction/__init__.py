"""Extraction: the input pages in, the candidate package's tables out, in the working folder.

`stage.py` reads the files chunk by chunk on any executor, parses each by its format
(`pipeline.formats`), links the names (`pipeline.linking`) and writes the tables; `dedupe.py` makes
copies of a record into sightings of one.
"""
