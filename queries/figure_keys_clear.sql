-- figure_keys_clear: drop one dataset's lean Projects rows before they are
-- filled again (figure_keys_fill.sql).
DELETE FROM figure_keys WHERE dataset = $dataset;
