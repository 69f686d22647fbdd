-- Plenary priorities (issue 4): a round per area on a list of needs or
-- proposals; each organisation present approves up to max_choices items,
-- once (the UNIQUE constraint on priority_votes is the rule). And the Patti
-- di partecipazione: one text per process, and who signed it.

CREATE TABLE priority_rounds (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    meeting_id BIGINT,
    area_id BIGINT,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    max_choices INTEGER NOT NULL CHECK (max_choices > 0),
    status TEXT NOT NULL DEFAULT 'bozza' CHECK (status IN ('bozza', 'aperta', 'chiusa')),
    published BOOLEAN NOT NULL DEFAULT FALSE,
    opened_at TIMESTAMPTZ,
    closes_at TIMESTAMPTZ,
    closed_at TIMESTAMPTZ,
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id, meeting_id) REFERENCES meetings (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id, area_id) REFERENCES areas (ambito_id, process_id, id)
);

CREATE INDEX priority_rounds_process ON priority_rounds (ambito_id, process_id);

-- The items of a round: a need from the minutes or a proposal.
CREATE TABLE priority_items (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    round_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    need_id BIGINT,
    proposal_id BIGINT,
    label TEXT NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, round_id, id),
    CHECK ((need_id IS NULL) <> (proposal_id IS NULL)),
    FOREIGN KEY (ambito_id, process_id, round_id) REFERENCES priority_rounds (ambito_id, process_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, process_id, need_id) REFERENCES minute_needs (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id, proposal_id) REFERENCES proposals (ambito_id, process_id, id)
);

CREATE INDEX priority_items_round ON priority_items (round_id, position);

-- One vote per organisation and round: subject_key is the organisation's
-- codice fiscale (or partita IVA), the identity of "one representative per
-- organisation per area". Priority votes are not secret: the round records
-- who approved what, and publishes the counts.
CREATE TABLE priority_votes (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    round_id BIGINT NOT NULL,
    subject_key TEXT NOT NULL,
    registration_id BIGINT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('telefono', 'carta')),
    cast_at TIMESTAMPTZ NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, round_id, id),
    UNIQUE (round_id, subject_key),
    FOREIGN KEY (ambito_id, process_id, round_id) REFERENCES priority_rounds (ambito_id, process_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id)
);

CREATE TABLE priority_choices (
    ambito_id BIGINT NOT NULL,
    round_id BIGINT NOT NULL,
    vote_id BIGINT NOT NULL,
    item_id BIGINT NOT NULL,
    PRIMARY KEY (vote_id, item_id),
    FOREIGN KEY (ambito_id, round_id, vote_id) REFERENCES priority_votes (ambito_id, round_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, round_id, item_id) REFERENCES priority_items (ambito_id, round_id, id)
);

CREATE INDEX priority_choices_item ON priority_choices (item_id);

-- The voting codes of an open round, one per organisation entitled to vote:
-- short-lived (valid while the round is open), deleted when it closes.
CREATE TABLE priority_codes (
    code TEXT PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    round_id BIGINT NOT NULL,
    subject_key TEXT NOT NULL,
    registration_id BIGINT NOT NULL,
    UNIQUE (round_id, subject_key),
    FOREIGN KEY (ambito_id, process_id, round_id) REFERENCES priority_rounds (ambito_id, process_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id)
);

CREATE TABLE pacts (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    -- seed 002 (Lecce): only bodies constituted at least one year before
    -- this date may sign; NULL for no such rule
    founded_before DATE,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, process_id),
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id)
);

CREATE TABLE pact_signatures (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    pact_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    organisation TEXT NOT NULL,
    signatory_name TEXT NOT NULL,
    signatory_role TEXT NOT NULL DEFAULT '',
    signed_on DATE NOT NULL,
    file_id BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (pact_id, registration_id),
    FOREIGN KEY (ambito_id, pact_id) REFERENCES pacts (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, file_id) REFERENCES act_files (ambito_id, id)
);
