-- Joining the process online (issue 3): the manifestazioni di interesse with
-- their protocol numbers, areas and representatives, proposals, uploaded
-- signed forms and history; the e-mail outbox; each Ambito's privacy notice.

-- A process's areas and registrations can be referenced together with their
-- process, so that a registration can only join areas of its own process.
CREATE UNIQUE INDEX areas_process_id ON areas (ambito_id, process_id, id);

CREATE TABLE privacy_notices (
    ambito_id BIGINT PRIMARY KEY REFERENCES ambiti (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- One row per Ambito and year. The transaction that saves a registration
-- takes the next number with UPDATE … RETURNING on this row: PostgreSQL's row
-- lock (SQLite's write lock) makes concurrent savers wait for each other, and
-- a rollback gives the number back, so the numbers are unique and gap-free
-- across any number of application servers.
CREATE TABLE protocol_counters (
    ambito_id BIGINT NOT NULL REFERENCES ambiti (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (ambito_id, year)
);

-- The protocol number is taken last in the transaction that saves a
-- registration (see protocol_counters): the row is inserted first without it.
-- submission_hash is the SHA-256 of the random token of the form that was
-- sent: a form sent twice (double click, resubmission) finds the first
-- registration instead of making a second one. access_hash is the SHA-256 of
-- the key of the registrant's personal link (the same token at first, a new
-- one when the registrant asks for a new link). search_text is the lower-case
-- text the back office searches with LIKE (the same on both databases).
CREATE TABLE registrations (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    protocol_year INTEGER NOT NULL,
    protocol_number BIGINT, -- set at the end of the saving transaction, never NULL once committed
    kind TEXT NOT NULL CHECK (kind IN ('organizzazione', 'cittadino')),
    channel TEXT NOT NULL CHECK (channel IN ('online', 'tardiva', 'in_presenza')),
    status TEXT NOT NULL CHECK (status IN ('ricevuta', 'accettata', 'non_ammissibile', 'ritirata')),
    status_reason TEXT NOT NULL DEFAULT '',
    status_at TIMESTAMPTZ,
    subject_key TEXT NOT NULL,
    name TEXT NOT NULL,
    org_type TEXT NOT NULL DEFAULT '',
    org_type_other TEXT NOT NULL DEFAULT '',
    tax_code TEXT NOT NULL DEFAULT '',
    vat_number TEXT NOT NULL DEFAULT '',
    runts TEXT NOT NULL DEFAULT '',
    founded_on DATE,
    address TEXT NOT NULL DEFAULT '',
    comune TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    pec TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    manages_services BOOLEAN NOT NULL DEFAULT FALSE,
    publish_name BOOLEAN NOT NULL DEFAULT FALSE,
    declarant_name TEXT NOT NULL DEFAULT '',
    declarant_role TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_role TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    privacy_accepted BOOLEAN NOT NULL,
    truthful BOOLEAN NOT NULL,
    attachment_name TEXT NOT NULL DEFAULT '',
    attachment_size BIGINT NOT NULL DEFAULT 0,
    attachment_sha256 TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    submission_hash TEXT NOT NULL,
    access_hash TEXT NOT NULL,
    link_sent_at TIMESTAMPTZ,
    erased_at TIMESTAMPTZ,
    search_text TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, process_id, id),
    UNIQUE (ambito_id, protocol_year, protocol_number),
    UNIQUE (submission_hash),
    UNIQUE (access_hash),
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id)
);

CREATE INDEX registrations_process ON registrations (ambito_id, process_id, protocol_year, protocol_number);
CREATE INDEX registrations_email ON registrations (ambito_id, process_id, email);

-- The areas a registration joins, each with its representative (empty: the
-- registration's main contact). The partial unique index is the rule of the
-- notice, "one representative per organisation per area", kept by the
-- database: holds is false once the registration is withdrawn or found not
-- admissible, which frees the place.
CREATE TABLE registration_areas (
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    area_id BIGINT NOT NULL,
    subject_key TEXT NOT NULL,
    holds BOOLEAN NOT NULL,
    rep_name TEXT NOT NULL DEFAULT '',
    rep_role TEXT NOT NULL DEFAULT '',
    rep_email TEXT NOT NULL DEFAULT '',
    rep_phone TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (registration_id, area_id),
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, process_id, area_id) REFERENCES areas (ambito_id, process_id, id)
);

CREATE UNIQUE INDEX registration_areas_one_per_subject ON registration_areas (process_id, area_id, subject_key) WHERE holds;
CREATE INDEX registration_areas_area ON registration_areas (ambito_id, area_id);
CREATE INDEX registration_areas_subject ON registration_areas (process_id, subject_key);

CREATE TABLE proposals (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    area_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    need TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    target_group TEXT NOT NULL DEFAULT '',
    beneficiaries BIGINT NOT NULL DEFAULT 0,
    comuni TEXT NOT NULL DEFAULT '',
    cost_cents BIGINT NOT NULL DEFAULT 0,
    partners TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, process_id, area_id) REFERENCES areas (ambito_id, process_id, id)
);

CREATE INDEX proposals_registration ON proposals (registration_id, position);
CREATE INDEX proposals_process ON proposals (ambito_id, process_id, area_id);

-- The signed forms, one row per upload (a correction with a new file keeps
-- the earlier one), with their SHA-256.
CREATE TABLE registration_files (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (registration_id, version),
    FOREIGN KEY (ambito_id, registration_id) REFERENCES registrations (ambito_id, id) ON DELETE CASCADE
);

-- The history of a registration: creation, corrections (snapshot: the
-- version they replaced, as JSON), withdrawal, the UdP's decisions, erasure.
CREATE TABLE registration_events (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    summary TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    snapshot TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (ambito_id, registration_id) REFERENCES registrations (ambito_id, id) ON DELETE CASCADE
);

CREATE INDEX registration_events_registration ON registration_events (registration_id, at);

-- E-mails to send, written in the transaction of the change they announce
-- and sent by the outbox worker of any application server. A worker leases a
-- row (lease_owner, lease_until) before sending, so two servers never send
-- the same row at once; an expired lease (a crashed server) makes the row
-- available again. Failed attempts are retried with exponential backoff
-- (next_attempt_at) until failed_at marks the row as given up.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL REFERENCES ambiti (id) ON DELETE CASCADE,
    registration_id BIGINT NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    reply_to TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until TIMESTAMPTZ,
    sent_at TIMESTAMPTZ,
    failed_at TIMESTAMPTZ,
    last_error TEXT NOT NULL DEFAULT ''
);

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_registration ON outbox (ambito_id, registration_id);
