-- export_copy: write a query's rows to a file with DuckDB's COPY (downloads, `foi export`).
-- The query placeholder takes a named query already rendered (figure_rows.sql, with its
-- allow-listed sort and declared filters); the options placeholder takes the format's COPY
-- options from the registry (foi/exports/formats.py). The target path is bound like
-- every other value.
COPY ({query}) TO $export_path ({options});
