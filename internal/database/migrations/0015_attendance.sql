-- Attendance at the meetings of a participatory process (issue 4): who was
-- checked in at each meeting (always a registration of the process: people
-- who come without registering are registered on the spot, with the same
-- validation as the public form), when they arrived and left, and the
-- signed paper sheets, kept as PDF files in act_files.

CREATE TABLE meeting_attendance (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    process_id BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    registration_id BIGINT NOT NULL,
    -- who came for the registrant: its representative at the table, or a
    -- delegate; a citizen is themself
    person_name TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL CHECK (method IN ('elenco', 'codice', 'nuova_iscrizione')),
    arrived_at TIMESTAMPTZ NOT NULL,
    left_at TIMESTAMPTZ,
    -- a private citizen agrees to be named in the published minutes
    name_consent BOOLEAN NOT NULL DEFAULT FALSE,
    notes TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    -- one check-in per registration and meeting, also when two desks scan
    -- the same receipt at once
    UNIQUE (meeting_id, registration_id),
    FOREIGN KEY (ambito_id, process_id, meeting_id) REFERENCES meetings (ambito_id, process_id, id),
    FOREIGN KEY (ambito_id, process_id, registration_id) REFERENCES registrations (ambito_id, process_id, id)
);

CREATE INDEX meeting_attendance_process ON meeting_attendance (ambito_id, process_id, meeting_id);
CREATE INDEX meeting_attendance_registration ON meeting_attendance (registration_id);

-- The paper attendance sheets, signed at the meeting and uploaded: one row
-- per upload, never deleted (a new upload adds a row).
CREATE TABLE attendance_sheets (
    id BIGSERIAL PRIMARY KEY,
    ambito_id BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    file_id BIGINT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    uploaded_at TIMESTAMPTZ NOT NULL,
    uploaded_by TEXT NOT NULL DEFAULT '',
    UNIQUE (ambito_id, id),
    FOREIGN KEY (ambito_id, meeting_id) REFERENCES meetings (ambito_id, id),
    FOREIGN KEY (ambito_id, file_id) REFERENCES act_files (ambito_id, id)
);

CREATE INDEX attendance_sheets_meeting ON attendance_sheets (meeting_id);
