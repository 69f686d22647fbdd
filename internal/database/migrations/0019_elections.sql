-- The election of the Third-Sector representatives to the Cabina di Regia
-- (issue 4; seed 003: three, elected on 14 July 2022 among the members of
-- the participatory table).
--
-- The ballot is secret. election_voters records THAT an organisation voted
-- (one row per organisation: the primary key is the rule "one vote per
-- organisation"); election_ballots and election_ballot_choices hold what
-- was voted, with no column that names, numbers or dates the voter: ballot
-- ids are random, there is no timestamp, and on SQLite these tables have no
-- hidden rowid (WITHOUT ROWID, added by database/dialect.go), so nothing
-- records the order in which ballots arrived. Closing the election rewrites
-- the ballot box in a shuffled order with new random ids (see
-- docs/DECISIONS.md, "At the tables").

CREATE TABLE elections (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    meeting_id BIGINT,
    body_id BIGINT,
    title TEXT NOT NULL,
    seats INTEGER NOT NULL DEFAULT 3 CHECK (seats > 0),
    max_preferences INTEGER NOT NULL DEFAULT 1 CHECK (max_preferences > 0),
    -- electorate: Third-Sector organisations present at min_tables tables
    -- at least (0: presence not required) and registered by registered_by
    -- (NULL: not required)
    min_tables INTEGER NOT NULL DEFAULT 1 CHECK (min_tables >= 0),
    registered_by TIMESTAMPTZ,
    -- candidates: not managing services on behalf of the Ambito, and
    -- constituted at least one year before founded_before (NULL: no rule)
    exclude_managers BOOLEAN NOT NULL DEFAULT TRUE,
    founded_before DATE,
    member_role TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'bozza' CHECK (status IN ('bozza', 'aperta', 'chiusa', 'proclamata')),
    published BOOLEAN NOT NULL DEFAULT FALSE,
    opened_at TIMESTAMPTZ,
    closed_at TIMESTAMPTZ,
    proclaimed_at TIMESTAMPTZ,
    minutes TEXT NOT NULL DEFAULT '',
    minutes_file_id BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id) REFERENCES processes (ambito_id, id),
    FOREIGN KEY (ambito_id, process_id, meeting_id) REFERENCES meetings (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, body_id) REFERENCES bodies (ambito_id, id),
    FOREIGN KEY (ambito_id, minutes_file_id) REFERENCES act_files (ambito_id, id)
);

CREATE TABLE election_candidates (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    election_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    subject_key TEXT NOT NULL,
    representative TEXT NOT NULL,
    position INTEGER NOT NULL,
    -- the order drawn by lot, only to break a tie that the rules leave
    lot INTEGER,
    UNIQUE (ambito_id, id),
    UNIQUE (ambito_id, election_id, id),
    UNIQUE (election_id, subject_key),
    FOREIGN KEY (ambito_id, process_id, election_id) REFERENCES elections (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id)
);

-- THAT an organisation voted, and how (phone or paper); never when.
CREATE TABLE election_voters (
    ambito_id BIGINT NOT NULL,
    election_id BIGINT NOT NULL,
    subject_key TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('telefono', 'carta')),
    PRIMARY KEY (election_id, subject_key),
    FOREIGN KEY (ambito_id, election_id) REFERENCES elections (ambito_id, id)
) /* WITHOUT ROWID */;

-- The anonymous ballots: a random id, the election, nothing else. A ballot
-- without choices is blank.
CREATE TABLE election_ballots (
    id BIGINT PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    election_id BIGINT NOT NULL,
    UNIQUE (ambito_id, election_id, id),
    FOREIGN KEY (ambito_id, election_id) REFERENCES elections (ambito_id, id)
) /* WITHOUT ROWID */;

CREATE TABLE election_ballot_choices (
    ambito_id BIGINT NOT NULL,
    election_id BIGINT NOT NULL,
    ballot_id BIGINT NOT NULL,
    candidate_id BIGINT NOT NULL,
    PRIMARY KEY (ballot_id, candidate_id),
    FOREIGN KEY (ambito_id, election_id, ballot_id) REFERENCES election_ballots (ambito_id, election_id, id) ON DELETE CASCADE,
    FOREIGN KEY (ambito_id, election_id, candidate_id) REFERENCES election_candidates (ambito_id, election_id, id)
) /* WITHOUT ROWID */;

CREATE INDEX election_ballot_choices_candidate ON election_ballot_choices (election_id, candidate_id);

-- The voting codes of an open election, one per organisation of the
-- electorate, deleted when the election closes.
CREATE TABLE election_codes (
    code TEXT PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    election_id BIGINT NOT NULL,
    subject_key TEXT NOT NULL,
    registration_id BIGINT NOT NULL,
    UNIQUE (election_id, subject_key),
    FOREIGN KEY (ambito_id, process_id, election_id) REFERENCES elections (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id)
);

-- The elected who became members of the body (the Cabina di Regia).
CREATE TABLE election_members (
    ambito_id BIGINT NOT NULL,
    election_id BIGINT NOT NULL,
    candidate_id BIGINT NOT NULL,
    member_id BIGINT NOT NULL,
    PRIMARY KEY (election_id, candidate_id),
    UNIQUE (member_id),
    FOREIGN KEY (ambito_id, election_id, candidate_id) REFERENCES election_candidates (ambito_id, election_id, id),
    FOREIGN KEY (ambito_id, member_id) REFERENCES body_members (ambito_id, id)
);
