-- console_settings: the values of the named settings, so the console refuses to hand out a
-- connection whose lock-down did not take.
SELECT name, value FROM duckdb_settings() WHERE list_contains($names, name);
