-- Placeholder for V8, reserved for the SIEM export cursor (branch siem): versions run 1..n without gaps, and the
-- fleet-sessions branch needs V9. Replace this file with the siem branch's V8 when that merges (a store migrated
-- with this placeholder holds no data of V8's; only a development store can have run it).
SELECT 1;
