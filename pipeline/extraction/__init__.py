"""Extraction: the input pages in, the candidate package's tables out, in the working folder.

`stage.py` is the stage: files in chunks, chunks written in input order, the report. A chunk
(`chunk.py`) is read, parsed by its format (`pipeline.formats`), linked (`pipeline.linking`) and
tabulated on any executor; `dedupe.py` makes copies of a record into sightings of one; `usage.py`
counts the entities the records name; `reuse.py` says when the last extract still stands;
`report.py` is what the stage reports.
"""
