-- filter_min: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the amount is at least $min pounds (rows without an amount drop out).
-- Used only while $min is set; foi.filters wraps it as ($min IS NULL OR (...)).
amount_gbp >= $min
