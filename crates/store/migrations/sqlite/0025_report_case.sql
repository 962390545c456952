-- The case in the diarium a report is decided in (a verksamhetsberättelse in its case, which a
-- meeting's agenda and protocol name): the report's decision trail follows from it.

CREATE TABLE report_case (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    case_number TEXT NOT NULL,
    PRIMARY KEY (municipality, kind, year)
);
