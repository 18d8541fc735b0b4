-- One row per source seen in the batch; a source's settings (sample flag, county) follow its latest load.
INSERT OR REPLACE INTO dim_source BY NAME SELECT * FROM stg_source;
