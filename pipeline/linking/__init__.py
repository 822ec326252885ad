"""Linking: the people, places and bodies a record's text names, as entities with ids and roles.

`authority.py` reads the curated authority file (canonical names, aliases, Wikidata ids);
`linker.py` finds the names in each text field, known or not, and says what role each plays.
"""
