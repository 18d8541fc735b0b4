-- Every check result of every new revision.
INSERT INTO check_result BY NAME SELECT * FROM stg_check;
