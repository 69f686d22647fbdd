-- Proposals in the hands of the Ufficio di Piano (issue 4): the proposals
-- of the registrations (0003) and those raised at a table, with their state,
-- the UdP's evaluation on the three criteria of the seeds and its answers,
-- authors, merges and splits, evaluators, history and soft deletion.

CREATE UNIQUE INDEX proposals_ambito_id ON proposals (ambito_id, id);
CREATE UNIQUE INDEX proposals_process_id ON proposals (ambito_id, process_id, id);

-- origin: 'adesione' (with the registration), 'tavolo' (raised at a table),
-- 'accorpamento' (the merge of others), 'scomposizione' (a part of a split).
ALTER TABLE proposals ADD COLUMN origin TEXT NOT NULL DEFAULT 'adesione'
    CHECK (origin IN ('adesione', 'tavolo', 'accorpamento', 'scomposizione'));
-- status is the published state; draft_status, draft_answer and the
-- criteria are the UdP's private work until the answers are published.
ALTER TABLE proposals ADD COLUMN status TEXT NOT NULL DEFAULT 'ricevuta'
    CHECK (status IN ('ricevuta', 'in_valutazione', 'accolta', 'accolta_in_parte', 'non_accolta', 'ritirata', 'accorpata', 'scomposta'));
-- version: optimistic concurrency of the evaluators working in parallel
ALTER TABLE proposals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE proposals ADD COLUMN draft_status TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN draft_answer TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN crit_needs TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN crit_needs_note TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN crit_objectives TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN crit_objectives_note TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN crit_resources TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN crit_resources_note TEXT NOT NULL DEFAULT '';
-- the number of the latest published answer (proposal_answers), 0 for none
ALTER TABLE proposals ADD COLUMN answer_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE proposals ADD COLUMN created_at TIMESTAMPTZ;
ALTER TABLE proposals ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE proposals ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
-- nothing is deleted: a deleted proposal keeps its row, with the reason
ALTER TABLE proposals ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE proposals ADD COLUMN deleted_reason TEXT NOT NULL DEFAULT '';

-- The table at which a proposal was raised.
CREATE TABLE proposal_meetings (
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    proposal_id BIGINT PRIMARY KEY,
    meeting_id BIGINT NOT NULL,
    FOREIGN KEY (ambito_id, process_id, proposal_id) REFERENCES proposals (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id, meeting_id) REFERENCES meetings (ambito_id, process_id, id)
);

-- The authors of a proposal besides the registration that carries it
-- (proposals.registration_id): the organisations of a merge.
CREATE TABLE proposal_coauthors (
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, registration_id),
    FOREIGN KEY (ambito_id, process_id, proposal_id) REFERENCES proposals (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id)
);

CREATE INDEX proposal_coauthors_registration ON proposal_coauthors (registration_id);

-- Merges and splits: from the original to what it became.
CREATE TABLE proposal_links (
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    from_id BIGINT NOT NULL,
    to_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('accorpamento', 'scomposizione')),
    PRIMARY KEY (from_id, to_id),
    FOREIGN KEY (ambito_id, process_id, from_id) REFERENCES proposals (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id, to_id) REFERENCES proposals (ambito_id, process_id, id)
);

CREATE INDEX proposal_links_to ON proposal_links (to_id);

-- The staff members assigned to evaluate a proposal.
CREATE TABLE proposal_evaluators (
    ambito_id BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assigned_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (proposal_id, user_id),
    FOREIGN KEY (ambito_id, proposal_id) REFERENCES proposals (ambito_id, id)
);

CREATE INDEX proposal_evaluators_user ON proposal_evaluators (user_id);

-- Every published answer, numbered per proposal: the latest is the one in
-- force, the earlier ones stay in the proposal's public history.
CREATE TABLE proposal_answers (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    answer TEXT NOT NULL,
    crit_needs TEXT NOT NULL DEFAULT '',
    crit_needs_note TEXT NOT NULL DEFAULT '',
    crit_objectives TEXT NOT NULL DEFAULT '',
    crit_objectives_note TEXT NOT NULL DEFAULT '',
    crit_resources TEXT NOT NULL DEFAULT '',
    crit_resources_note TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMPTZ NOT NULL,
    published_by TEXT NOT NULL DEFAULT '',
    UNIQUE (proposal_id, version),
    FOREIGN KEY (ambito_id, proposal_id) REFERENCES proposals (ambito_id, id)
);

-- The history of a proposal; public entries show on its public page.
CREATE TABLE proposal_events (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    summary TEXT NOT NULL,
    public BOOLEAN NOT NULL DEFAULT TRUE,
    FOREIGN KEY (ambito_id, proposal_id) REFERENCES proposals (ambito_id, id)
);

CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id, at);

-- Until when a registrant may add a proposal raised at a table through the
-- personal link (NULL: not through the link).
ALTER TABLE processes ADD COLUMN proposals_until TIMESTAMPTZ;

-- A message that must be sent once only carries a key: inserting it again
-- (a retried publication, a double click) finds the key taken and adds
-- nothing. NULL keys (every other message) never collide.
ALTER TABLE outbox ADD COLUMN dedup_key TEXT;
CREATE UNIQUE INDEX outbox_dedup ON outbox (dedup_key);
