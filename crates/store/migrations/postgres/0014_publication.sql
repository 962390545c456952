-- Publication of the areas whose years have no table of their own (personnel statistics,
-- internal control, the plan for following up private providers): the public sees a year once
-- the committee's staff publish it. Years stored before this migration were public and stay so.

CREATE TABLE publication (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    area TEXT NOT NULL,
    year BIGINT NOT NULL,
    published BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, area, year)
);

INSERT INTO publication (municipality, area, year, published)
SELECT DISTINCT municipality, 'personnel', year, 1 FROM personnel_row;

INSERT INTO publication (municipality, area, year, published)
SELECT municipality, 'control', year, 1 FROM control_plan;

INSERT INTO publication (municipality, area, year, published)
SELECT DISTINCT municipality, 'providers', year, 1 FROM provider_row;
