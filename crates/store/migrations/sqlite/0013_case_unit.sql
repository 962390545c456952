-- A case's identity includes its number's unit (`EH` in `EH-SOC.2023.205`, domain::cases): two
-- units' cases with the same series, year and serial are two cases. SQLite cannot change a
-- primary key, so both tables are made again; the unit is taken from the stored JSON ('' for
-- none), a document's from its case.

CREATE TABLE diary_case_new (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    unit TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    case_json TEXT NOT NULL,
    PRIMARY KEY (municipality, unit, series, year, serial)
);

INSERT INTO diary_case_new (municipality, unit, series, year, serial, case_json)
SELECT municipality, COALESCE(json_extract(case_json, '$.number.unit'), ''), series, year, serial, case_json FROM diary_case;

CREATE TABLE diary_document_new (
    municipality TEXT NOT NULL,
    unit TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    number INTEGER NOT NULL,
    document_json TEXT NOT NULL,
    PRIMARY KEY (municipality, unit, series, year, serial, number)
);

INSERT INTO diary_document_new (municipality, unit, series, year, serial, number, document_json)
SELECT d.municipality,
       COALESCE((SELECT c.unit FROM diary_case_new c
                 WHERE c.municipality = d.municipality AND c.series = d.series AND c.year = d.year AND c.serial = d.serial), ''),
       d.series, d.year, d.serial, d.number, d.document_json
FROM diary_document d;

DROP TABLE diary_document;
DROP TABLE diary_case;
ALTER TABLE diary_case_new RENAME TO diary_case;
ALTER TABLE diary_document_new RENAME TO diary_document;
