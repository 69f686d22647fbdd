-- Login throttling that an attacker cannot turn against the account's
-- owner (issue 10). Failures stay in login_failures (0001) and are now
-- weighed per account and address pair, per address and per account.

-- One row per account ("account:<e-mail>") and per client address
-- ("address:<ip>"): an attempt updates both rows first, so that concurrent
-- attempts on the same account or from the same address take turns (the
-- update holds the row until the transaction ends, on PostgreSQL as on
-- SQLite) and cannot all pass on one count of the failures.
CREATE TABLE login_locks (
    lock_key TEXT PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL
);

-- Browsers where an account has signed in: the cookie carries a random
-- token, only its SHA-256 is stored. A known device is not slowed down by
-- the failures of others; its own failures, after a few, forget it.
CREATE TABLE known_devices (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX known_devices_user ON known_devices (user_id);
CREATE INDEX known_devices_used ON known_devices (last_used_at);
CREATE INDEX login_failures_at ON login_failures (at);
