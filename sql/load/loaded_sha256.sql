-- Every document sha256 the warehouse holds for one source (any revision): the harvest state may skip a
-- body as "already parsed" only when its parse really is in the warehouse (issue 13: state never claims
-- what the warehouse lacks).
SELECT DISTINCT sha256 FROM report WHERE source_name = ?;
