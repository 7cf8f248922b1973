-- next_fact_id: the first free figure number in this database file
-- (figure_facts.fact_id), for a writer about to add figures.
SELECT coalesce(max(fact_id), 0) + 1 AS fact_id FROM figure_facts;
