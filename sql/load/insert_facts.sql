-- Every cell of every new revision, in one statement from the registered Arrow table.
INSERT INTO fct_report_cell BY NAME SELECT * FROM stg_fact;
