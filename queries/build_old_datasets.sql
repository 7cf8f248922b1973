-- build_old_datasets: the previous database's datasets that this build does not rebuild.
SELECT DISTINCT dataset FROM old.datasets WHERE NOT list_contains($rebuilt, dataset);
