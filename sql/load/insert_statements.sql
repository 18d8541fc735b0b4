-- Every prose figure of every new revision.
INSERT INTO fct_report_statement BY NAME SELECT * FROM stg_statement;
