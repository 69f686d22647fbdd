-- A new personal link no longer revokes the old one at once (issue 10):
-- anyone who knows a registrant's e-mail can ask for one. The key of the new
-- link waits here (its SHA-256) until it is first used; then it replaces
-- access_hash and the old link stops working. A later request replaces a
-- pending key that was never used, so at most one waits per registration.
ALTER TABLE registrations ADD COLUMN pending_access_hash TEXT;

CREATE UNIQUE INDEX registrations_pending_access ON registrations (pending_access_hash);
