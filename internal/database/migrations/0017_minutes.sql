-- Minutes (verbali) of the meetings, with the needs (bisogni) that emerged,
-- and the traceability of the plan: the participatory process that fed a
-- plan, and the proposals and needs each service sheet takes up.

CREATE TABLE minutes (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'bozza' CHECK (status IN ('bozza', 'approvato', 'pubblicato')),
    -- people present besides the registrations checked in (staff of the
    -- UdP, guests), by role
    others_present TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    proposals_text TEXT NOT NULL DEFAULT '',
    priorities TEXT NOT NULL DEFAULT '',
    -- when the meeting was also a session of a body (22 June 2022)
    body_id BIGINT,
    session_id BIGINT,
    approved_at TIMESTAMPTZ,
    approved_by TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (meeting_id),
    FOREIGN KEY (ambito_id, process_id, meeting_id) REFERENCES meetings (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, body_id, session_id) REFERENCES body_sessions (ambito_id, body_id, id)
);

CREATE INDEX minutes_process ON minutes (ambito_id, process_id);

CREATE TABLE minute_needs (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    minutes_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    area_id BIGINT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    comune_id BIGINT,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, minutes_id) REFERENCES minutes (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id, area_id) REFERENCES areas (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, comune_id) REFERENCES comuni (ambito_id, id)
);

CREATE INDEX minute_needs_minutes ON minute_needs (minutes_id, position);

-- The proposals discussed at the meeting.
CREATE TABLE minute_proposals (
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    minutes_id BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL,
    PRIMARY KEY (minutes_id, proposal_id),
    FOREIGN KEY (ambito_id, minutes_id) REFERENCES minutes (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, process_id, proposal_id) REFERENCES proposals (ambito_id, process_id, id)
);

-- The participatory process whose tables fed a plan.
CREATE TABLE plan_processes (
    ambito_id BIGINT NOT NULL,
    plan_id BIGINT PRIMARY KEY,
    process_id BIGINT NOT NULL,
    FOREIGN KEY (ambito_id, plan_id) REFERENCES plans (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id)
);

-- The proposals a service sheet takes up, and the needs it answers.
CREATE TABLE sheet_proposals (
    ambito_id BIGINT NOT NULL,
    sheet_id BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL,
    PRIMARY KEY (sheet_id, proposal_id),
    FOREIGN KEY (ambito_id, sheet_id) REFERENCES sheets (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, proposal_id) REFERENCES proposals (ambito_id, id)
);

CREATE INDEX sheet_proposals_proposal ON sheet_proposals (proposal_id);

CREATE TABLE sheet_needs (
    ambito_id BIGINT NOT NULL,
    sheet_id BIGINT NOT NULL,
    need_id BIGINT NOT NULL,
    PRIMARY KEY (sheet_id, need_id),
    FOREIGN KEY (ambito_id, sheet_id) REFERENCES sheets (ambito_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, need_id) REFERENCES minute_needs (ambito_id, id)
);

CREATE INDEX sheet_needs_need ON sheet_needs (need_id);
