-- set_temp_directory: where DuckDB spills sorts and joins that outgrow its memory limit
-- (foi.db.connect). Beside the database file is DuckDB's default, which filled data/ with
-- the server's spill files; the folder here is the app's own, private to its process.
-- SET takes no bound parameter, so {path} is replaced by a quoted literal (foi.db.literal).
SET temp_directory = {path};
