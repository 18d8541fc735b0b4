-- Every URL a run met, with its outcome and reason (replaces a run's rows if the run is loaded again).
DELETE FROM url_outcome WHERE run_id IN (SELECT run_id FROM stg_outcome);
INSERT INTO url_outcome BY NAME SELECT *, $load_id AS load_id FROM stg_outcome;
