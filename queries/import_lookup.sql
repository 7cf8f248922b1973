-- import_lookup: a temp lookup table built from Python lists (foi.importing.classify.lookup),
-- each list a bound LIST parameter, unnested side by side and cast to its column's type, so
-- no pandas or Arrow conversion is needed. {table} is an allow-listed name quoted with
-- foi.db.quote; {columns} is `CAST(unnest($name) AS type) AS "name", ...` for the caller's
-- own column names (checked) and types (from code or the database's catalog).
CREATE OR REPLACE TEMP TABLE {table} AS SELECT {columns};
