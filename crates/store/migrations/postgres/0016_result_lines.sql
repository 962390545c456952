-- Driftresultat per slag (A's "Driftresultat årsbokslut"): the parts of the costs and the totals
-- of a year whose drift table is not in Årshjul, stored with the year they were imported for,
-- in file order.

CREATE TABLE econ_result_line (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    line_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, position)
);
