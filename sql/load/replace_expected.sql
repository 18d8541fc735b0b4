-- A source's expected organs are replaced as a whole whenever the batch brings a list for it.
DELETE FROM expected_organ WHERE source_name IN (SELECT source_name FROM stg_expected);
INSERT INTO expected_organ BY NAME SELECT * FROM stg_expected;
