-- A case's identity includes its number's unit (`EH` in `EH-SOC.2023.205`, domain::cases): two
-- units' cases with the same series, year and serial are two cases. The unit is taken from the
-- stored JSON ('' for none), a document's from its case.

ALTER TABLE diary_case ADD COLUMN unit TEXT NOT NULL DEFAULT '';
UPDATE diary_case SET unit = COALESCE(case_json::json #>> '{number,unit}', '');
ALTER TABLE diary_case DROP CONSTRAINT diary_case_pkey;
ALTER TABLE diary_case ADD PRIMARY KEY (municipality, unit, series, year, serial);

ALTER TABLE diary_document ADD COLUMN unit TEXT NOT NULL DEFAULT '';
UPDATE diary_document d SET unit = c.unit FROM diary_case c
WHERE c.municipality = d.municipality AND c.series = d.series AND c.year = d.year AND c.serial = d.serial;
ALTER TABLE diary_document DROP CONSTRAINT diary_document_pkey;
ALTER TABLE diary_document ADD PRIMARY KEY (municipality, unit, series, year, serial, number);
