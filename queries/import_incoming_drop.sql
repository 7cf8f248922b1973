-- import_incoming_drop: drop the temp table `incoming` once its rows are written, so the
-- next table's rows start afresh.
DROP TABLE incoming;
