-- attach_read_only: open a database file read-only inside a fresh in-memory instance
-- (foi.db.reader), so a rebuilt file is always read anew, never through the instance
-- DuckDB already holds for its path. The path is bound like every other value.
ATTACH $path AS foi (READ_ONLY);
