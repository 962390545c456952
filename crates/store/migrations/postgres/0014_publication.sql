-- Publication of the areas whose years have no table of their own (personnel statistics,
-- internal control): the public sees a year once the committee's staff publish it.

CREATE TABLE publication (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    area TEXT NOT NULL,
    year BIGINT NOT NULL,
    published BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, area, year)
);
