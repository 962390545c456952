-- The lines of the file a budget line was read from ("12", or "12, 40" where lines for the same
-- row, category and month were added together), so that a budget cell can be traced to them.

ALTER TABLE budget_line ADD COLUMN file_lines TEXT NOT NULL DEFAULT '';
