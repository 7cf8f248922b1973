-- console_export: the whole result of a researcher's checked SELECT written by DuckDB at
-- $path, inside the one directory the locked connection may write to. The options
-- placeholder takes the format's COPY options from the registry (foi/exports/formats.py).
COPY (SELECT * FROM (
{query}
) AS result) TO $path ({options});
