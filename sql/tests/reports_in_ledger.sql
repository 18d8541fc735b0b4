-- One row per load that wrote reports but is missing from load_ledger (must be none).
SELECT DISTINCT load_id, 'reports of load ' || load_id || ', which load_ledger does not record' AS detail
FROM report
WHERE load_id NOT IN (SELECT load_id FROM load_ledger);
