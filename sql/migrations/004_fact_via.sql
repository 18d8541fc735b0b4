-- One row per report revision × canonical cell (fct_report_cell): how each cell was read, so analysts can
-- filter what OCR read from scans and table images (issue 15). Older rows were all read from text.
ALTER TABLE fct_report_cell ADD COLUMN via VARCHAR DEFAULT 'text';  -- text | ocr
ALTER TABLE fct_report_cell ADD COLUMN confidence DOUBLE;           -- OCR confidence 0..1, NULL for text
COMMENT ON COLUMN fct_report_cell.via IS '读取方式 | how the cell was read: text (HTML, PDF text layer, DOCX, text) or ocr (scan or table image)';
COMMENT ON COLUMN fct_report_cell.confidence IS '识别置信度 | OCR confidence 0..1 (the least of its parts for a derived cell); NULL for text and for an empty OCR cell';
