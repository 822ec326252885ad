"""What `pipeline serve` adds to Datasette: a record's page lists the entities it names, an entity's page its records."""
