-- Parts of a drift row reported on their own (A's "Redovisning verksamhet 51*"), in file order.

CREATE TABLE econ_subrow (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    row_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, position)
);
