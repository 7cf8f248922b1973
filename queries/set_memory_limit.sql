-- set_memory_limit: cap DuckDB's memory on a connection (foi.db.connect). SET takes no
-- bound parameter, so {memory} is replaced by a quoted literal from foi.db.literal.
SET memory_limit = {memory};
