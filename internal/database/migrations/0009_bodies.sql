-- The bodies (organi) of an Ambito, their members, their sessions (sedute)
-- with attendance and acts, and the files attached to acts. Sessions may
-- belong to a participatory process and sit inside one of its meetings: the
-- dated log of the process is made from its meetings and these sessions.
--
-- Later capabilities attach here: an election's minutes or a signed pact are
-- acts (session_acts) with a file; elected representatives are members whose
-- meeting_id is the election's meeting (the elections table may add its own
-- nullable election_id to body_members).

CREATE TABLE bodies (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL REFERENCES ambiti (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('coordinamento_istituzionale', 'ufficio_di_piano', 'cabina_di_regia',
        'tavolo_oo_ss', 'rete_inclusione', 'consiglio_comunale', 'other')),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    comune_id BIGINT,
    position INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, slug),
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

-- Members are offices as much as people: the role is required, the name is
-- optional (the seed documents often print only the role) and is a public
-- office holder's name; no contact data is kept.
CREATE TABLE body_members (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    body_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    represents TEXT NOT NULL DEFAULT '',
    comune_id BIGINT,
    appointment TEXT NOT NULL DEFAULT '',
    meeting_id BIGINT,
    starts_on DATE,
    ends_on DATE,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, body_id, id),
    FOREIGN KEY (ambito_id, body_id) REFERENCES bodies (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id),
    FOREIGN KEY (ambito_id, meeting_id) REFERENCES meetings (ambito_id, id)
);

CREATE INDEX body_members_body ON body_members (body_id, position);

-- Lets a session name a meeting together with its process, so the meeting
-- is always one of that process's.
CREATE UNIQUE INDEX meetings_process_id ON meetings (ambito_id, process_id, id);

-- A body with sessions is never deleted (no ON DELETE on body_id).
CREATE TABLE body_sessions (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    body_id BIGINT NOT NULL,
    process_id BIGINT,
    meeting_id BIGINT,
    comune_id BIGINT,
    number TEXT NOT NULL DEFAULT '',
    day DATE NOT NULL,
    start_time TEXT,
    end_time TEXT,
    place TEXT NOT NULL DEFAULT '',
    convocation_number TEXT NOT NULL DEFAULT '',
    convocation_date DATE,
    agenda TEXT NOT NULL DEFAULT '',
    guests TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'bozza' CHECK (status IN ('bozza', 'pubblicato')),
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, body_id, id),
    FOREIGN KEY (ambito_id, body_id) REFERENCES bodies (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id, meeting_id) REFERENCES meetings (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

CREATE INDEX body_sessions_body ON body_sessions (body_id, day);
CREATE INDEX body_sessions_process ON body_sessions (process_id, day);

-- Who among the body's members was present. The body is part of both keys,
-- so a member can only be present at a session of its own body.
CREATE TABLE session_attendance (
    ambito_id BIGINT NOT NULL,
    body_id BIGINT NOT NULL,
    session_id BIGINT NOT NULL,
    member_id BIGINT NOT NULL,
    PRIMARY KEY (session_id, member_id),
    FOREIGN KEY (ambito_id, body_id, session_id) REFERENCES body_sessions (ambito_id, body_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, body_id, member_id) REFERENCES body_members (ambito_id, body_id, id)
);

CREATE INDEX session_attendance_member ON session_attendance (member_id);

-- Attached files (PDF), kept for good: replacing an act's attachment adds a
-- row, so the audit log's earlier version still names an existing file.
CREATE TABLE act_files (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL REFERENCES ambiti (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id)
);

-- Decisions and acts of a session: a decision recorded in the minutes, a
-- deliberation with its number, a determination, a decree, a taking note…
CREATE TABLE session_acts (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    body_id BIGINT NOT NULL,
    session_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    act_date DATE,
    subject TEXT NOT NULL,
    file_id BIGINT,
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, body_id, session_id) REFERENCES body_sessions (ambito_id, body_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, file_id) REFERENCES act_files (ambito_id, id)
);

CREATE INDEX session_acts_session ON session_acts (session_id, position);
