-- console_dataset_view: one of the console's plain-named views (`figures`, `projects`, ...),
-- the attached table's rows of the current dataset only. A view cannot hold a bound
-- parameter, so {table} is a name from the file's own catalog quoted by foi.db.quote and
-- {dataset} a name from its datasets table quoted by foi.db.literal.
CREATE VIEW memory.main.{table} AS
SELECT * FROM db.main.{table} WHERE dataset = {dataset};
