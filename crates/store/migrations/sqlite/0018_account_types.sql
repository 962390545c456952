-- Outcome per account type this year and last (B's "Intäkter och kostnadsanalys"), in file order.

CREATE TABLE econ_account_type (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    line_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, position)
);
