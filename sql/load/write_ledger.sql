-- The last write of a load: a ledger row means the load is complete.
INSERT INTO load_ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
