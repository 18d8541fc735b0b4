-- Replace dim_cell with the rows of the registered Arrow table stg_cell (warehouse/cells.py).
DELETE FROM dim_cell;
INSERT INTO dim_cell BY NAME SELECT * FROM stg_cell;
