-- Reports: a municipality's own copies of report templates (JSON of domain::report::template)
-- and the narrative text of each report section, per kind and year.

CREATE TABLE report_template (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    kind TEXT NOT NULL,
    template_json TEXT NOT NULL,
    PRIMARY KEY (municipality, kind)
);

CREATE TABLE report_text (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    section TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (municipality, kind, year, section)
);
