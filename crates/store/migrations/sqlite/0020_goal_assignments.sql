-- The assignments (uppdrag) the council gives the committee under a goal area, one per line
-- (A's "Fullmäktiges riktade mål till nämnderna – Uppföljning").

ALTER TABLE goal ADD COLUMN assignments TEXT NOT NULL DEFAULT '';
