-- After the election: whether each revision this load wrote is current (new / revised) or history (superseded).
SELECT report_id, is_current FROM report WHERE report_id IN (SELECT report_id FROM stg_report);
