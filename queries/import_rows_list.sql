-- import_rows_list: the rows set aside, for the report (counts by reason, and
-- the first rows of each, in file order).
SELECT line, reason, text FROM skipped ORDER BY line;
