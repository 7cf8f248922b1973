-- import_rows_add_total: set aside one unlabelled total (import_rows_totals.sql).
INSERT INTO skipped SELECT $line, $reason, left(array_to_string(list_filter({cells}, lambda x: nullif(trim(x), '') IS NOT NULL), ' | '), 200) FROM raw WHERE line = $line;
