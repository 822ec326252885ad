"""Publication: a validated package put in place whole, with what describes it.

`stage.py` stages and swaps the folder; `card.py` (the dataset card), `jsonld.py` (schema.org),
`croissant.py` (MLCommons Croissant), `citation.py` (how to cite), `timeline.py` (the picture) and
`release.py` (the release zip) write the files beside the tables.
"""
