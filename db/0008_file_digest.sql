-- Digests of the files the app keeps beside the data file (the contact search index, *.contacts-index): a
-- file whose SHA-256 does not match the row is not used but rebuilt from the records, so editing it cannot
-- change what a search shows. Bookkeeping about a cache, not a record: written without an audit row, like
-- schema_migration and change_mark.
CREATE TABLE file_digest (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
