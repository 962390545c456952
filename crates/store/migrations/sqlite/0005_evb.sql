-- Ej verkställda beslut. The register (evb_decision) holds no identity; the IVO pseudonym is
-- kept apart in evb_identity and read only through a function that writes the read to the
-- audit log. Configuration (insats types, law references) is JSON of the domain types.

CREATE TABLE evb_config (
    municipality TEXT PRIMARY KEY NOT NULL REFERENCES municipality(code),
    catalog_json TEXT NOT NULL,
    law_refs_json TEXT NOT NULL
);

CREATE TABLE evb_decision (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    id TEXT NOT NULL,
    decided TEXT NOT NULL,
    decision_json TEXT NOT NULL,
    PRIMARY KEY (municipality, id)
);

CREATE TABLE evb_identity (
    municipality TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    PRIMARY KEY (municipality, decision_id)
);

CREATE TABLE evb_report (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    key TEXT NOT NULL,
    cutoff TEXT NOT NULL,
    info_json TEXT NOT NULL,
    PRIMARY KEY (municipality, key)
);

CREATE TABLE evb_open_after (
    municipality TEXT NOT NULL,
    report TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    PRIMARY KEY (municipality, report, decision_id)
);
