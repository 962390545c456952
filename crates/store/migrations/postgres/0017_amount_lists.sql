-- Named lists of amounts per verksamhet a report prints as tables of their own (B's
-- Tilläggsanslag and Intäkter Migrationsverket), in file order.

CREATE TABLE econ_amount_line (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    line_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, position)
);
