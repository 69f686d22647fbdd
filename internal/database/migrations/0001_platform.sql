-- The platform: Ambiti and their Comuni, accounts, sessions, audit log.
-- Written in PostgreSQL's DDL; database.Dialect rewrites the few type names
-- SQLite spells differently. Every tenant-owned table carries ambito_id and
-- a UNIQUE (ambito_id, id) so that children can reference their parent
-- together with the tenant: a row can never point into another Ambito.

CREATE TABLE ambiti (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    province TEXT NOT NULL DEFAULT '',
    capofila_comune_id BIGINT,
    address TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    pec TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE comuni (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL REFERENCES ambiti (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    istat_code TEXT NOT NULL DEFAULT '',
    population BIGINT NOT NULL DEFAULT 0,
    population_date DATE,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, name)
);

CREATE UNIQUE INDEX comuni_istat ON comuni (ambito_id, istat_code) WHERE istat_code <> '';

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ambito_id BIGINT NOT NULL REFERENCES ambiti (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('responsabile', 'operatore')),
    PRIMARY KEY (user_id, ambito_id)
);

CREATE INDEX memberships_ambito ON memberships (ambito_id);

-- Server-side sessions: the cookie carries a random token; only its SHA-256
-- is stored, so a copy of the database does not hand out live sessions.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins, counted per address and per e-mail over a window: kept in
-- the database so that throttling holds across several application servers.
CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);

CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- Every change made in the back office. user_id has no foreign key: the
-- trail must outlive the account.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT,
    at TIMESTAMPTZ NOT NULL,
    user_id BIGINT,
    email TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    summary TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_ambito ON audit_log (ambito_id, at);
CREATE INDEX audit_log_entity ON audit_log (ambito_id, entity, entity_id);
