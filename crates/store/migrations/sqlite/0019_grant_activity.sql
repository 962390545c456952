-- The verksamhet a grant is for (B's Statsbidrag table has a column of its own for it).

ALTER TABLE grant_line ADD COLUMN activity TEXT NOT NULL DEFAULT '';
