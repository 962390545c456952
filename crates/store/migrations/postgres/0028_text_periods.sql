-- An interim report's text per period (januari–april and januari–augusti say different things):
-- a section's text for a period (the month it runs to), else the year's (period 0).

ALTER TABLE report_text ADD COLUMN period INTEGER NOT NULL DEFAULT 0;

ALTER TABLE report_text DROP CONSTRAINT report_text_pkey;

ALTER TABLE report_text ADD PRIMARY KEY (municipality, kind, year, period, section);
