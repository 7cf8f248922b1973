-- import_ordered: restore DuckDB's default of keeping insertion order once a payment
-- file's figures are written (import_unordered.sql).
RESET preserve_insertion_order;
