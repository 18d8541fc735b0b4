-- Loads are numbered 1, 2, 3… in the order they were published.
SELECT coalesce(max(load_id), 0) + 1 FROM load_ledger;
