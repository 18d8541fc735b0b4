-- New organs are added; known organs gain the printed names (aliases) and place facts they lacked.
INSERT INTO dim_organ BY NAME
SELECT s.* FROM stg_organ AS s ANTI JOIN dim_organ AS d USING (organ_id);

UPDATE dim_organ AS d
SET aliases  = list_sort(list_distinct(list_concat(d.aliases, s.aliases))),
    county   = coalesce(d.county, s.county),
    province = coalesce(d.province, s.province),
    adcode   = coalesce(d.adcode, s.adcode)
FROM stg_organ AS s
WHERE d.organ_id = s.organ_id;
