-- An interim report is published once per period it is cut at (januari–april and januari–augusti
-- are public side by side): the published copy is keyed by its period as well (0 for a report of
-- the whole year, else the month it runs to).

ALTER TABLE published_report ADD COLUMN period BIGINT NOT NULL DEFAULT 0;

UPDATE published_report SET period = COALESCE(to_month, 0);

ALTER TABLE published_report DROP CONSTRAINT published_report_pkey;

ALTER TABLE published_report ADD PRIMARY KEY (municipality, kind, year, period);
