-- filter_max: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the amount is at most $max pounds (rows without an amount drop out).
-- Used only while $max is set; foi.filters wraps it as ($max IS NULL OR (...)).
amount_gbp <= $max
