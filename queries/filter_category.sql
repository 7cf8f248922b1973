-- filter_category: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the payment's expense type is one of the listed ones.
-- Used only while $category is set; foi.filters wraps it as ($category IS NULL OR (...)).
list_contains($category, category)
