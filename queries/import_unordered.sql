-- import_unordered: let DuckDB write a payment file's figures from every core at once.
-- Each figure carries its row in `line`, so the table need not keep file order.
SET preserve_insertion_order = false;
