-- Comments on every table, view and column, Chinese | English: shown by duckdb_tables(), duckdb_views(),
-- duckdb_columns() and DBeaver; the export takes its Chinese headers and data dictionary from them.
-- Why one file, applied on every load (warehouse.migrate.rebuild_views), rather than beside each CREATE
-- TABLE in its migration: a migration runs once, so a comment written there would never reach an existing
-- warehouse and fixing a word would need a new migration; comments hold no data, so like the views they
-- are simply re-applied. tests/test_warehouse_comments.py fails on any table or column left without one.

-- ── tables (sql/migrations/, sql/schema_version.sql) ─────────────────────────────────────────────────────

COMMENT ON TABLE schema_version IS '架构版本：每个已应用的迁移文件一行 | One row per migration file applied to this warehouse (sql/migrations/NNN_name.sql)';
COMMENT ON COLUMN schema_version.version IS '版本号 | migration number (NNN of the file name)';
COMMENT ON COLUMN schema_version.name IS '迁移文件名 | migration file name without .sql';
COMMENT ON COLUMN schema_version.applied_at IS '应用时间 | when the migration was applied';

COMMENT ON TABLE dim_source IS '数据来源：每个来源一行 | One row per configured source (sources.toml entry): a county portal or the generated sample portal';
COMMENT ON COLUMN dim_source.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN dim_source.sample IS '样例数据 | true for generated sample data: the mark follows into every view and export';
COMMENT ON COLUMN dim_source.county IS '县 | county';
COMMENT ON COLUMN dim_source.province IS '省 | province';
COMMENT ON COLUMN dim_source.adcode IS '行政区划代码 | administrative division code';

COMMENT ON TABLE dim_organ IS '机关：每个机关一行（不论印何种前缀） | One row per organ, whatever prefix it was printed with (one organ_norm, one row)';
COMMENT ON COLUMN dim_organ.organ_id IS '机关编号 | organ id (first 16 hex of md5 of organ_norm)';
COMMENT ON COLUMN dim_organ.organ_norm IS '规范化机关名称 | normalized organ name (warehouse.organs.normalize_organ)';
COMMENT ON COLUMN dim_organ.name IS '机关名称 | organ name, the first printed name seen';
COMMENT ON COLUMN dim_organ.level IS '机关层级 | organ level: county_gov, department, township, other';
COMMENT ON COLUMN dim_organ.county IS '县 | county';
COMMENT ON COLUMN dim_organ.province IS '省 | province';
COMMENT ON COLUMN dim_organ.adcode IS '行政区划代码 | administrative division code';
COMMENT ON COLUMN dim_organ.aliases IS '曾用写法 | every printed name seen, sorted';

COMMENT ON TABLE dim_cell IS '单元格目录：每种表格格式每个规范单元格一行 | One row per format × canonical cell (data/spec/canonical_cells.csv), refreshed on every load';
COMMENT ON COLUMN dim_cell.format IS '表格格式 | table format: F2019, F2021';
COMMENT ON COLUMN dim_cell.cell IS '单元格代码 | canonical cell code (table/row/col), e.g. T3/3.3.4/total';
COMMENT ON COLUMN dim_cell.table_code IS '表代码 | table code, e.g. T3';
COMMENT ON COLUMN dim_cell.table_label IS '表名 | table name as printed on the form';
COMMENT ON COLUMN dim_cell.row_code IS '行代码 | row code';
COMMENT ON COLUMN dim_cell.row_label IS '行名 | row label as printed on the form';
COMMENT ON COLUMN dim_cell.col_code IS '列代码 | column code';
COMMENT ON COLUMN dim_cell.col_label IS '列名 | column label as printed on the form';
COMMENT ON COLUMN dim_cell.label_en IS '英文说明 | English label';
COMMENT ON COLUMN dim_cell.unit IS '单位 | unit the form prints: 件, 万元, 项 …';
COMMENT ON COLUMN dim_cell.printed IS '表上印有 | false for a derived subtotal the form does not print';

COMMENT ON TABLE report IS '报告修订：每份报告每个修订一行 | One row per report revision (report_key = organ × year × source); a re-published report adds a revision that becomes current';
COMMENT ON COLUMN report.report_id IS '报告修订编号 | report revision id (report_key.revision)';
COMMENT ON COLUMN report.report_key IS '报告键 | report key (organ × year × source)';
COMMENT ON COLUMN report.revision IS '修订号 | revision number, in the order revisions were loaded (history)';
COMMENT ON COLUMN report.is_current IS '当前修订 | true for the revision now in force, elected by publication (sql/load/elect_current.sql), not by load order';
COMMENT ON COLUMN report.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN report.sample IS '样例数据 | true for generated sample data, not a real report';
COMMENT ON COLUMN report.organ_id IS '机关编号 | organ id (md5 of the normalized name); NULL when the document did not name its organ';
COMMENT ON COLUMN report.organ_printed IS '报告所载机关名称 | organ as printed in this report';
COMMENT ON COLUMN report.year IS '年度 | report year';
COMMENT ON COLUMN report.county IS '县 | county';
COMMENT ON COLUMN report.province IS '省 | province';
COMMENT ON COLUMN report.adcode IS '行政区划代码 | administrative division code';
COMMENT ON COLUMN report.title IS '标题 | title';
COMMENT ON COLUMN report.url IS '网址 | URL or file of the report';
COMMENT ON COLUMN report.published_at IS '发布日期 | publication date shown on the page';
COMMENT ON COLUMN report.fetched_at IS '抓取时间 | fetched at';
COMMENT ON COLUMN report.sha256 IS '原文SHA256 | sha256 of the raw bytes (a new value makes a new revision)';
COMMENT ON COLUMN report.format IS '表格格式 | table format: F2019, F2021, MIXED, LEGACY, UNKNOWN';
COMMENT ON COLUMN report.parse_status IS '解析状态 | parse status: ok, partial, no_tables, unreadable, not_a_report, unsupported, failed';
COMMENT ON COLUMN report.problems IS '解析问题 | parse problems, one line each';
COMMENT ON COLUMN report.fact_count IS '单元格数 | number of table cells stored';
COMMENT ON COLUMN report.load_id IS '入库批次 | load that stored this revision';
COMMENT ON COLUMN report.superseded_by_load IS '被取代批次 | load that made a newer revision current (NULL while current)';
COMMENT ON COLUMN report.is_correction IS '更正版 | true when the title marks a correction (更正, 修订, 重新发布 …)';

COMMENT ON TABLE fct_report_cell IS '表格单元格：每个报告修订每个规范单元格一行 | One row per report revision × canonical cell';
COMMENT ON COLUMN fct_report_cell.report_id IS '报告修订编号 | report revision id (report_key.revision)';
COMMENT ON COLUMN fct_report_cell.cell IS '单元格代码 | canonical cell code (table/row/col)';
COMMENT ON COLUMN fct_report_cell.table_code IS '表代码 | table code, e.g. T3';
COMMENT ON COLUMN fct_report_cell.row_code IS '行代码 | row code';
COMMENT ON COLUMN fct_report_cell.col_code IS '列代码 | column code';
COMMENT ON COLUMN fct_report_cell.value IS '数值 | value (NULL unless status = num)';
COMMENT ON COLUMN fct_report_cell.status IS '单元格状态 | cell status: num, blank, dash, text';
COMMENT ON COLUMN fct_report_cell.raw IS '原文 | the cell as printed';
COMMENT ON COLUMN fct_report_cell.unit IS '单位 | unit: printed in the cell, else the form''s';
COMMENT ON COLUMN fct_report_cell.is_derived IS '推算小计 | true for a subtotal the form does not print (T3/3.3/* …)';

COMMENT ON TABLE check_result IS '校验结果：每个报告修订每条规则每个范围一行 | One row per rule × scope evaluated on a report revision (FORMAT_SPEC §2.1, outcomes of §2.4)';
COMMENT ON COLUMN check_result.report_id IS '报告修订编号 | report revision id (report_key.revision)';
COMMENT ON COLUMN check_result.rule IS '规则 | rule (FORMAT_SPEC §2)';
COMMENT ON COLUMN check_result.scope IS '范围 | column, row or group checked';
COMMENT ON COLUMN check_result.status IS '结果 | pass, fail, pass_if_blank_zero, not_evaluable';
COMMENT ON COLUMN check_result.expected IS '应为 | expected value';
COMMENT ON COLUMN check_result.found IS '实为 | value found';
COMMENT ON COLUMN check_result.detail IS '说明 | which cells, what was missing';

COMMENT ON TABLE fct_report_statement IS '正文数字：每个报告修订正文所述每个数字一行 | One row per figure stated in a report revision''s prose (issue 9)';
COMMENT ON COLUMN fct_report_statement.report_id IS '报告修订编号 | report revision id (report_key.revision)';
COMMENT ON COLUMN fct_report_statement.seq IS '序号 | order within the report';
COMMENT ON COLUMN fct_report_statement.kind IS '数字类别 | what the figure counts: proactive_total, applications_received, reviews …';
COMMENT ON COLUMN fct_report_statement.category IS '分类（原文） | category as written, e.g. 工作动态';
COMMENT ON COLUMN fct_report_statement.category_norm IS '分类（规范化） | normalized category';
COMMENT ON COLUMN fct_report_statement.value IS '数值 | value';
COMMENT ON COLUMN fct_report_statement.unit IS '单位 | unit: 条, 件, 篇, 次, 元, 万元';
COMMENT ON COLUMN fct_report_statement.approx IS '约数 | true when written as approximate (多, 余, 近, 约)';
COMMENT ON COLUMN fct_report_statement.cumulative IS '累计数 | true for a running total (截至…累计), not this year''s count';
COMMENT ON COLUMN fct_report_statement.sentence IS '所在句子 | the sentence that states it';
COMMENT ON COLUMN fct_report_statement.span_start IS '起始位置 | start of the figure in the section text (characters)';
COMMENT ON COLUMN fct_report_statement.span_end IS '结束位置 | end of the figure in the section text (characters, exclusive)';
COMMENT ON COLUMN fct_report_statement.section IS '所在部分 | section of the report: 一 to 六';
COMMENT ON COLUMN fct_report_statement.rule IS '提取规则 | name of the extraction rule that read it';

COMMENT ON TABLE expected_organ IS '应报机关：每个来源每个应发布报告的机关一行 | One row per organ a source is expected to publish for (coverage: who is missing)';
COMMENT ON COLUMN expected_organ.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN expected_organ.organ_id IS '机关编号 | organ id (md5 of the normalized name)';
COMMENT ON COLUMN expected_organ.organ_printed IS '机关名称（名单所载） | organ as written in the source''s list';
COMMENT ON COLUMN expected_organ.county IS '县 | county';
COMMENT ON COLUMN expected_organ.level IS '机关层级 | organ level: county_gov, department, township, other';
COMMENT ON COLUMN expected_organ.first_year IS '起报年度 | expected from this year on (NULL: from the source''s first year)';

COMMENT ON TABLE load_ledger IS '入库记录：每次入库一行，在事务最后写入 | One row per load, written last inside the load''s transaction: if it is here, the load is complete';
COMMENT ON COLUMN load_ledger.load_id IS '入库批次 | load id';
COMMENT ON COLUMN load_ledger.started_at IS '开始时间 | load started at';
COMMENT ON COLUMN load_ledger.finished_at IS '结束时间 | load finished at';
COMMENT ON COLUMN load_ledger.reports_in IS '输入报告数 | reports given to the load (stored, unchanged and failed)';
COMMENT ON COLUMN load_ledger.reports_new IS '新报告数 | reports stored for the first time';
COMMENT ON COLUMN load_ledger.reports_revised IS '修订报告数 | reports stored as a new revision';
COMMENT ON COLUMN load_ledger.reports_unchanged IS '未变报告数 | reports already stored with the same sha256';
COMMENT ON COLUMN load_ledger.reports_failed IS '失败报告数 | reports rejected by validation';
COMMENT ON COLUMN load_ledger.facts_written IS '写入单元格数 | table cells written';
COMMENT ON COLUMN load_ledger.checks_written IS '写入校验数 | check results written';
COMMENT ON COLUMN load_ledger.statements_written IS '写入正文数字数 | prose figures written';
COMMENT ON COLUMN load_ledger.engine_version IS 'DuckDB版本 | DuckDB version that wrote the load';
COMMENT ON COLUMN load_ledger.storage_version IS '存储格式版本 | DuckDB storage format version of the file';

COMMENT ON TABLE url_outcome IS '网址去向：每次抓取运行遇到的每个网址一行 | One row per URL a harvest run met, with what became of it and why';
COMMENT ON COLUMN url_outcome.run_id IS '运行编号 | the run: its start time and source, e.g. 2026-11-30T02:00:00Z/jinping';
COMMENT ON COLUMN url_outcome.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN url_outcome.url IS '网址 | the page met (list item, article)';
COMMENT ON COLUMN url_outcome.document_url IS '解析文件网址 | what was parsed: the page or its attachment';
COMMENT ON COLUMN url_outcome.status IS '去向 | new, revised, unchanged, duplicate, superseded, not_a_report, failed, deferred';
COMMENT ON COLUMN url_outcome.reason IS '原因 | why, for everything but new, revised and unchanged';
COMMENT ON COLUMN url_outcome.organ IS '机关 | organ as read from the document';
COMMENT ON COLUMN url_outcome.year IS '年度 | report year as read from the document';
COMMENT ON COLUMN url_outcome.sha256 IS '原文SHA256 | sha256 of the raw bytes';
COMMENT ON COLUMN url_outcome.report_id IS '报告修订编号 | the revision this URL''s document is (new, revised, superseded)';
COMMENT ON COLUMN url_outcome.load_id IS '入库批次 | load that recorded the outcome';

-- ── views (sql/views/) ───────────────────────────────────────────────────────────────────────────────────

COMMENT ON VIEW v_report_current IS '当前报告：每个机关每年每个来源一行，仅最新修订 | One row per report as currently published (organ × year × source, newest revision)';
COMMENT ON COLUMN v_report_current.county IS '县 | county';
COMMENT ON COLUMN v_report_current.year IS '年度 | report year';
COMMENT ON COLUMN v_report_current.organ IS '机关 | organ, canonical spelling (prefixes of higher levels dropped, county added)';
COMMENT ON COLUMN v_report_current.level IS '机关层级 | organ level: county_gov, department, township, other';
COMMENT ON COLUMN v_report_current.sample IS '样例数据 | true for generated sample data, not a real report';
COMMENT ON COLUMN v_report_current.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN v_report_current.title IS '标题 | title';
COMMENT ON COLUMN v_report_current.url IS '网址 | URL or file of the report';
COMMENT ON COLUMN v_report_current.published_at IS '发布日期 | publication date shown on the page';
COMMENT ON COLUMN v_report_current.fetched_at IS '抓取时间 | fetched at';
COMMENT ON COLUMN v_report_current.format IS '表格格式 | table format: F2019, F2021, MIXED, LEGACY, UNKNOWN';
COMMENT ON COLUMN v_report_current.parse_status IS '解析状态 | parse status: ok, not_a_report, unsupported, failed';
COMMENT ON COLUMN v_report_current.problem_count IS '问题数 | number of parse problems';
COMMENT ON COLUMN v_report_current.fact_count IS '单元格数 | number of table cells stored';
COMMENT ON COLUMN v_report_current.revision IS '修订号 | revision number (1 = first publication)';
COMMENT ON COLUMN v_report_current.revisions IS '修订总数 | revisions stored for this report';
COMMENT ON COLUMN v_report_current.report_id IS '报告修订编号 | report revision id (report_key.revision)';
COMMENT ON COLUMN v_report_current.report_key IS '报告键 | report key (organ × year × source)';
COMMENT ON COLUMN v_report_current.organ_id IS '机关编号 | organ id (md5 of the normalized name)';
COMMENT ON COLUMN v_report_current.organ_printed IS '报告所载机关名称 | organ as printed in this report';
COMMENT ON COLUMN v_report_current.province IS '省 | province';
COMMENT ON COLUMN v_report_current.adcode IS '行政区划代码 | administrative division code';
COMMENT ON COLUMN v_report_current.sha256 IS '原文SHA256 | sha256 of the raw bytes';
COMMENT ON COLUMN v_report_current.load_id IS '入库批次 | load that stored this revision';

COMMENT ON VIEW v_disclosure_volume IS '公开数量：每个机关每年一行 | One row per organ × year (× source): disclosure volumes of tables 二, 三, 四 and prose';
COMMENT ON COLUMN v_disclosure_volume.county IS '县 | county';
COMMENT ON COLUMN v_disclosure_volume.year IS '年度 | report year';
COMMENT ON COLUMN v_disclosure_volume.organ IS '机关 | organ, canonical spelling (prefixes of higher levels dropped, county added)';
COMMENT ON COLUMN v_disclosure_volume.level IS '机关层级 | organ level: county_gov, department, township, other';
COMMENT ON COLUMN v_disclosure_volume.sample IS '样例数据 | true for generated sample data, not a real report';
COMMENT ON COLUMN v_disclosure_volume.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN v_disclosure_volume.format IS '表格格式 | table format: F2019, F2021, MIXED, LEGACY, UNKNOWN';
COMMENT ON COLUMN v_disclosure_volume.parse_status IS '解析状态 | parse status: ok, not_a_report, unsupported, failed';
COMMENT ON COLUMN v_disclosure_volume.rules_issued IS '规章本年制发件数 | rules issued this year (F2021)';
COMMENT ON COLUMN v_disclosure_volume.norm_docs_issued IS '行政规范性文件本年制发件数 | normative documents issued (F2021)';
COMMENT ON COLUMN v_disclosure_volume.norm_docs_in_force IS '行政规范性文件现行有效件数 | normative documents in force (F2021)';
COMMENT ON COLUMN v_disclosure_volume.licensing_decisions IS '行政许可处理决定数量 | licensing decisions';
COMMENT ON COLUMN v_disclosure_volume.penalty_decisions IS '行政处罚处理决定数量 | penalty decisions';
COMMENT ON COLUMN v_disclosure_volume.coercion_decisions IS '行政强制处理决定数量 | coercion decisions';
COMMENT ON COLUMN v_disclosure_volume.fee_amount_wan IS '行政事业性收费金额（万元） | fees collected, 10k yuan (F2021)';
COMMENT ON COLUMN v_disclosure_volume.applications_received IS '本年新收申请数量 | applications received (T3/1/total)';
COMMENT ON COLUMN v_disclosure_volume.applications_carried_over IS '上年结转申请数量 | carried over from last year (T3/2/total)';
COMMENT ON COLUMN v_disclosure_volume.applications_handled IS '办理结果总计 | applications handled (T3/3.7/total)';
COMMENT ON COLUMN v_disclosure_volume.applications_carried_forward IS '结转下年度继续办理 | carried forward (T3/4/total)';
COMMENT ON COLUMN v_disclosure_volume.outcome_granted IS '予以公开 | granted (3.1)';
COMMENT ON COLUMN v_disclosure_volume.outcome_partly_granted IS '部分公开 | partly granted (3.2)';
COMMENT ON COLUMN v_disclosure_volume.outcome_withheld IS '不予公开 | withheld (sum of 3.3.x)';
COMMENT ON COLUMN v_disclosure_volume.outcome_unable IS '无法提供 | unable to provide (sum of 3.4.x)';
COMMENT ON COLUMN v_disclosure_volume.outcome_not_handled IS '不予处理 | not handled (sum of 3.5.x)';
COMMENT ON COLUMN v_disclosure_volume.outcome_other IS '其他处理 | other handling (3.6 or sum of 3.6.x)';
COMMENT ON COLUMN v_disclosure_volume.review_total IS '行政复议总计 | administrative reviews, total';
COMMENT ON COLUMN v_disclosure_volume.litigation_total IS '行政诉讼总计 | lawsuits, direct plus after review';
COMMENT ON COLUMN v_disclosure_volume.proactive_total IS '主动公开信息总数 | proactively published items stated in the text';
COMMENT ON COLUMN v_disclosure_volume.proactive_by_category IS '主动公开分类数量 | proactively published items by category, as stated';
COMMENT ON COLUMN v_disclosure_volume.organ_id IS '机关编号 | organ id (md5 of the normalized name)';
COMMENT ON COLUMN v_disclosure_volume.report_id IS '报告修订编号 | report revision id (report_key.revision)';

COMMENT ON VIEW v_township_compare IS '乡镇对比：每个乡镇每年一行 | One row per township × year: the townships of a county side by side';
COMMENT ON COLUMN v_township_compare.county IS '县 | county';
COMMENT ON COLUMN v_township_compare.year IS '年度 | report year';
COMMENT ON COLUMN v_township_compare.organ IS '机关 | organ, canonical spelling (prefixes of higher levels dropped, county added)';
COMMENT ON COLUMN v_township_compare.sample IS '样例数据 | true for generated sample data, not a real report';
COMMENT ON COLUMN v_township_compare.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN v_township_compare.applications_received IS '本年新收申请数量 | applications received';
COMMENT ON COLUMN v_township_compare.rank_in_county IS '县内排名 | rank among the county''s townships (most applications first)';
COMMENT ON COLUMN v_township_compare.townships_in_county IS '县内乡镇数 | townships reporting in the county that year';
COMMENT ON COLUMN v_township_compare.county_applications_received IS '县内乡镇申请合计 | applications received by all townships of the county';
COMMENT ON COLUMN v_township_compare.share_of_county IS '占全县比例 | share of the county''s township total';
COMMENT ON COLUMN v_township_compare.applications_received_prev_year IS '上年新收申请数量 | applications received the year before';
COMMENT ON COLUMN v_township_compare.change_from_prev_year IS '比上年增减 | change from the year before';
COMMENT ON COLUMN v_township_compare.applications_handled IS '办理结果总计 | applications handled';
COMMENT ON COLUMN v_township_compare.licensing_decisions IS '行政许可处理决定数量 | licensing decisions';
COMMENT ON COLUMN v_township_compare.penalty_decisions IS '行政处罚处理决定数量 | penalty decisions';
COMMENT ON COLUMN v_township_compare.review_total IS '行政复议总计 | administrative reviews, total';
COMMENT ON COLUMN v_township_compare.litigation_total IS '行政诉讼总计 | lawsuits, total';
COMMENT ON COLUMN v_township_compare.proactive_total IS '主动公开信息总数 | proactively published items stated in the text';
COMMENT ON COLUMN v_township_compare.proactive_by_category IS '主动公开分类（正文所述） | proactively published items by category, as stated (category=count; …)';
COMMENT ON COLUMN v_township_compare.proactive_rank_in_county IS '主动公开县内排名 | rank among the county''s townships by proactively published items';
COMMENT ON COLUMN v_township_compare.proactive_share_of_county IS '主动公开占全县比例 | share of the townships'' proactively published items';
COMMENT ON COLUMN v_township_compare.proactive_change_from_prev_year IS '主动公开比上年增减 | change in proactively published items from the year before';
COMMENT ON COLUMN v_township_compare.organ_id IS '机关编号 | organ id (md5 of the normalized name)';

COMMENT ON VIEW v_trend IS '趋势：每个机关每年每个单元格一行（2019年起） | One row per organ × year × cell from 2019, with last year''s comparable value';
COMMENT ON COLUMN v_trend.county IS '县 | county';
COMMENT ON COLUMN v_trend.organ IS '机关 | organ, canonical spelling (prefixes of higher levels dropped, county added)';
COMMENT ON COLUMN v_trend.year IS '年度 | report year';
COMMENT ON COLUMN v_trend.cell IS '单元格代码 | canonical cell code (table/row/col)';
COMMENT ON COLUMN v_trend.sample IS '样例数据 | true for generated sample data, not a real report';
COMMENT ON COLUMN v_trend.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN v_trend.format IS '表格格式 | table format: F2019, F2021, MIXED, LEGACY, UNKNOWN';
COMMENT ON COLUMN v_trend.value IS '数值 | value';
COMMENT ON COLUMN v_trend.status IS '单元格状态 | cell status: num, blank, dash, text, split_by_arithmetic (digits run together, split by the form''s sums)';
COMMENT ON COLUMN v_trend.prev_format IS '上年表格格式 | last year''s table format';
COMMENT ON COLUMN v_trend.prev_cell IS '上年对应单元格 | last year''s matching cell';
COMMENT ON COLUMN v_trend.prev_value IS '上年数值 | last year''s value';
COMMENT ON COLUMN v_trend.change IS '增减 | change from last year';
COMMENT ON COLUMN v_trend.comparability IS '可比性 | comparable, approx, not_comparable (2019→2021 format change), no_previous_value, no_previous_year';
COMMENT ON COLUMN v_trend.organ_id IS '机关编号 | organ id (md5 of the normalized name)';

COMMENT ON VIEW v_check_failures IS '校验未通过：每条未通过的校验一行 | One row per failed consistency check of a current report';
COMMENT ON COLUMN v_check_failures.county IS '县 | county';
COMMENT ON COLUMN v_check_failures.year IS '年度 | report year';
COMMENT ON COLUMN v_check_failures.organ IS '机关 | organ, canonical spelling (prefixes of higher levels dropped, county added)';
COMMENT ON COLUMN v_check_failures.sample IS '样例数据 | true for generated sample data, not a real report';
COMMENT ON COLUMN v_check_failures.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN v_check_failures.rule IS '规则 | rule (FORMAT_SPEC §2)';
COMMENT ON COLUMN v_check_failures.scope IS '范围 | column, row or group checked';
COMMENT ON COLUMN v_check_failures.expected IS '应为 | expected value';
COMMENT ON COLUMN v_check_failures.found IS '实为 | value found';
COMMENT ON COLUMN v_check_failures.difference IS '差额 | found minus expected';
COMMENT ON COLUMN v_check_failures.detail IS '说明 | which cells, what was missing';
COMMENT ON COLUMN v_check_failures.url IS '网址 | URL or file of the report';
COMMENT ON COLUMN v_check_failures.report_id IS '报告修订编号 | report revision id (report_key.revision)';

COMMENT ON VIEW v_timeliness IS '发布及时性：每份当前报告一行 | One row per current report: publication date against the legal deadline';
COMMENT ON COLUMN v_timeliness.county IS '县 | county';
COMMENT ON COLUMN v_timeliness.year IS '年度 | report year';
COMMENT ON COLUMN v_timeliness.organ IS '机关 | organ, canonical spelling (prefixes of higher levels dropped, county added)';
COMMENT ON COLUMN v_timeliness.level IS '机关层级 | organ level: county_gov, department, township, other';
COMMENT ON COLUMN v_timeliness.sample IS '样例数据 | true for generated sample data, not a real report';
COMMENT ON COLUMN v_timeliness.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN v_timeliness.published_at IS '发布日期 | publication date shown on the page';
COMMENT ON COLUMN v_timeliness.deadline IS '法定期限 | legal deadline (1月31日 or 3月31日 of the next year)';
COMMENT ON COLUMN v_timeliness.timeliness IS '是否按时 | on_time, late, unknown (no publication date)';
COMMENT ON COLUMN v_timeliness.days_late IS '逾期天数 | days after the deadline';
COMMENT ON COLUMN v_timeliness.url IS '网址 | URL or file of the report';
COMMENT ON COLUMN v_timeliness.report_id IS '报告修订编号 | report revision id (report_key.revision)';

COMMENT ON VIEW v_coverage IS '覆盖情况：每个应报机关每年一行 | One row per expected organ × year (and unexpected publisher × year): who is missing';
COMMENT ON COLUMN v_coverage.county IS '县 | county';
COMMENT ON COLUMN v_coverage.year IS '年度 | report year';
COMMENT ON COLUMN v_coverage.organ IS '机关 | organ, canonical spelling (prefixes of higher levels dropped, county added)';
COMMENT ON COLUMN v_coverage.level IS '机关层级 | organ level: county_gov, department, township, other';
COMMENT ON COLUMN v_coverage.sample IS '样例数据 | true for generated sample data, not a real report';
COMMENT ON COLUMN v_coverage.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN v_coverage.status IS '状态 | found, unreadable, missing, unexpected';
COMMENT ON COLUMN v_coverage.published_at IS '发布日期 | publication date shown on the page';
COMMENT ON COLUMN v_coverage.url IS '网址 | URL or file of the report';
COMMENT ON COLUMN v_coverage.organ_id IS '机关编号 | organ id (md5 of the normalized name)';

COMMENT ON VIEW v_url_outcome IS '网址去向（最近一次运行）：每个来源最近一次抓取遇到的每个网址一行 | One row per URL met by each source''s latest harvest run, with its outcome and reason';
COMMENT ON COLUMN v_url_outcome.source_name IS '数据来源 | source (sources.toml entry)';
COMMENT ON COLUMN v_url_outcome.status IS '去向 | outcome: new, revised, unchanged, duplicate, superseded, not_a_report, failed, deferred';
COMMENT ON COLUMN v_url_outcome.reason IS '原因 | why, for everything but new / revised / unchanged';
COMMENT ON COLUMN v_url_outcome.url IS '网址 | the page met (list item, article)';
COMMENT ON COLUMN v_url_outcome.document_url IS '解析文件网址 | what was parsed: the page or its attachment';
COMMENT ON COLUMN v_url_outcome.organ IS '机关 | organ as read from the title or page';
COMMENT ON COLUMN v_url_outcome.year IS '年度 | report year as read from the title or page';
COMMENT ON COLUMN v_url_outcome.report_id IS '报告版本 | the warehouse revision this URL''s document became';
COMMENT ON COLUMN v_url_outcome.run_id IS '运行编号 | the run: its start time and source';
