"""The corpus store: SQLite (WAL, FTS5) behind ``Corpus``; see ``schema.sql`` for the tables."""
