-- filter_exemption: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the figure was withheld under any of the listed exemption sections (a figure
-- can cite several, stored as 's.43;s.31').
-- Used only while $exemption is set; foi.filters wraps it as ($exemption IS NULL OR (...)).
list_has_any($exemption, string_split(exemption_sections, ';'))
