-- The diarium: cases per series and year (serials assigned in the transaction that registers
-- the case) and their documents. Rows are JSON of domain::cases.

CREATE TABLE diary_case (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    case_json TEXT NOT NULL,
    PRIMARY KEY (municipality, series, year, serial)
);

CREATE TABLE diary_document (
    municipality TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    number INTEGER NOT NULL,
    document_json TEXT NOT NULL,
    PRIMARY KEY (municipality, series, year, serial, number)
);
