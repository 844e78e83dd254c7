"""Readers of official open-data files: each parses a file into plain records, reporting each
faulty line; `observatory.services` writes the records in one transaction."""
