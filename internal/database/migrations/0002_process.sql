-- The participatory process and its public notice.

CREATE TABLE processes (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL REFERENCES ambiti (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    cycle TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    participation TEXT NOT NULL DEFAULT '',
    venue_note TEXT NOT NULL DEFAULT '',
    deadline TIMESTAMPTZ,
    registration_email TEXT NOT NULL DEFAULT '',
    registration_rules TEXT NOT NULL DEFAULT '',
    signed_place TEXT NOT NULL DEFAULT '',
    signed_on DATE,
    status TEXT NOT NULL DEFAULT 'bozza' CHECK (status IN ('bozza', 'pubblicato')),
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, slug)
);

CREATE TABLE premises (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    lead TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    act_date DATE,
    subject TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id) ON DELETE CASCADE
);

CREATE INDEX premises_process ON premises (process_id, position);

CREATE TABLE phases (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_on DATE,
    ends_on DATE,
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id) ON DELETE CASCADE
);

CREATE INDEX phases_process ON phases (process_id, position);

CREATE TABLE areas (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id) ON DELETE CASCADE
);

CREATE INDEX areas_process ON areas (process_id, position);

-- A meeting may sit in a phase and inside another meeting (focus groups of
-- an itinerant meeting). Phases and parents are referenced without ON DELETE:
-- removing a phase or a meeting that still has meetings is refused.
CREATE TABLE meetings (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    phase_id BIGINT,
    parent_id BIGINT,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    day DATE NOT NULL,
    end_day DATE,
    start_time TEXT,
    end_time TEXT,
    venue_name TEXT NOT NULL DEFAULT '',
    venue_address TEXT NOT NULL DEFAULT '',
    venue_city TEXT NOT NULL DEFAULT '',
    invited TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, phase_id) REFERENCES phases (ambito_id, id),
    FOREIGN KEY (ambito_id, parent_id) REFERENCES meetings (ambito_id, id)
);

CREATE INDEX meetings_process ON meetings (process_id, day);

CREATE TABLE meeting_areas (
    ambito_id BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    area_id BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, area_id),
    FOREIGN KEY (ambito_id, meeting_id) REFERENCES meetings (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, area_id) REFERENCES areas (ambito_id, id)
);

CREATE INDEX meeting_areas_area ON meeting_areas (area_id);

CREATE TABLE signatories (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id) ON DELETE CASCADE
);
