-- The register of elected members: a seat (ledamot, with the chair's roles, or ersättare) on a
-- body for a term. A meeting's attendance list starts from the seats whose term covers its date.

CREATE TABLE body_member (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    body TEXT NOT NULL,
    name TEXT NOT NULL,
    party TEXT NOT NULL,
    role TEXT NOT NULL,
    term_from TEXT NOT NULL,
    term_to TEXT NOT NULL,
    PRIMARY KEY (municipality, body, name, term_from)
);
