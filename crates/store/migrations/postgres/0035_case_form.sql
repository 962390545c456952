-- How a municipality's diarium writes case numbers, by an example ("SN 2022/53"): new cases
-- are numbered in its grammar and series. Empty: the form of the newest case.

ALTER TABLE municipality ADD COLUMN case_form TEXT NOT NULL DEFAULT '';
