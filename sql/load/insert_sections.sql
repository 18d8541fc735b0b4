-- The six sections of every new revision that brought them.
INSERT INTO fct_report_section BY NAME SELECT * FROM stg_section;
