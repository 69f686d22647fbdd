package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pdz-ats/pdz/internal/locale"
	"github.com/pdz-ats/pdz/internal/pdz"
)

// Attendance at the meetings of a process. The audit log names the
// protocol number of the registration only, never a person.

const attendanceCols = `t.id, t.process_id, t.meeting_id, t.registration_id, t.person_name, t.method, t.arrived_at, t.left_at,
	t.name_consent, t.notes, t.recorded_by, r.protocol_year, COALESCE(r.protocol_number, 0), r.kind, r.name, r.org_type, r.org_type_other, r.publish_name, r.erased_at`

const attendanceFrom = ` FROM meeting_attendance t JOIN registrations r ON r.ambito_id = t.ambito_id AND r.id = t.registration_id`

func scanAttendance(sc scanner) (pdz.Attendance, error) {
	var a pdz.Attendance
	var left, erased sql.NullTime
	var reg pdz.Registration
	err := sc.Scan(&a.ID, &a.ProcessID, &a.MeetingID, &a.RegistrationID, &a.PersonName, &a.Method, &a.ArrivedAt, &left,
		&a.NameConsent, &a.Notes, &a.RecordedBy, &reg.ProtocolYear, &reg.ProtocolNumber, &reg.Kind, &reg.Name, &reg.OrgType,
		&reg.OrgTypeOther, &reg.PublishName, &erased)
	a.LeftAt, a.Erased = left.Time, erased.Valid
	a.Protocol, a.Kind, a.OrgType, a.TypeLabel = reg.Protocol(), reg.Kind, reg.OrgType, reg.TypeLabel()
	if a.Erased {
		a.PersonName = pdz.ErasedName
	}
	if reg.IsOrganisation() {
		a.Who = pdz.NewRegistrant(reg.Kind, reg.Name, a.TypeLabel, reg.PublishName, a.Erased)
	} else {
		a.Who = pdz.NewRegistrant(reg.Kind, a.PersonName, "", a.NameConsent, a.Erased)
	}
	return a, err
}

// MeetingAttendance lists who was present at a meeting, in order of arrival.
func (s *Store) MeetingAttendance(ctx context.Context, ambitoID, processID, meetingID int64) ([]pdz.Attendance, error) {
	return list(ctx, s.read, scanAttendance, `SELECT `+attendanceCols+attendanceFrom+`
		WHERE t.ambito_id = $1 AND t.process_id = $2 AND t.meeting_id = $3 ORDER BY t.arrived_at, t.id`, ambitoID, processID, meetingID)
}

// ProcessAttendance lists every presence at the meetings of a process.
func (s *Store) ProcessAttendance(ctx context.Context, ambitoID, processID int64) ([]pdz.Attendance, error) {
	return list(ctx, s.read, scanAttendance, `SELECT `+attendanceCols+attendanceFrom+`
		WHERE t.ambito_id = $1 AND t.process_id = $2 ORDER BY t.meeting_id, t.arrived_at, t.id`, ambitoID, processID)
}

func readAttendance(ctx context.Context, q querier, ambitoID, meetingID, id int64) (pdz.Attendance, error) {
	a, err := scanAttendance(q.QueryRowContext(ctx, `SELECT `+attendanceCols+attendanceFrom+`
		WHERE t.ambito_id = $1 AND t.meeting_id = $2 AND t.id = $3`, ambitoID, meetingID, id))
	return a, one(err, "Presenza")
}

// Attendance returns one presence at a meeting.
func (s *Store) Attendance(ctx context.Context, ambitoID, meetingID, id int64) (pdz.Attendance, error) {
	return readAttendance(ctx, s.read, ambitoID, meetingID, id)
}

// CheckIn records that a registration of the process is present at one of
// its meetings, now. personName is who came ("" for the registration's
// representative at the meeting's table). A registration already present
// is a conflict that names the time of its check-in.
func (s *Store) CheckIn(ctx context.Context, actor pdz.Actor, ambitoID, processID, meetingID, registrationID int64, method pdz.CheckInMethod, personName string) (pdz.Attendance, error) {
	var a pdz.Attendance
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.checkIn(ctx, tx, actor, ambitoID, processID, meetingID, registrationID, method, personName)
		return err
	})
	return a, err
}

// CheckInByCode checks in the registration whose receipt carries code (the
// protocol number, scanned from the receipt's QR code or typed).
func (s *Store) CheckInByCode(ctx context.Context, actor pdz.Actor, ambitoID, processID, meetingID int64, code string) (pdz.Attendance, error) {
	year, number, ok := pdz.ParseCheckInCode(code)
	if !ok {
		return pdz.Attendance{}, pdz.Problems{"codice": "Il codice letto non contiene un numero di protocollo (es. 2026/000123): riprova o cerca per nome."}.Err()
	}
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT id FROM registrations WHERE ambito_id = $1 AND process_id = $2 AND protocol_year = $3 AND protocol_number = $4`,
		ambitoID, processID, year, number).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		prot := (&pdz.Registration{ProtocolYear: year, ProtocolNumber: number}).Protocol()
		return pdz.Attendance{}, &pdz.Error{Code: pdz.ENOTFOUND, Message: "Nessuna manifestazione di interesse di questo percorso ha il protocollo n. " + prot + ".",
			Fields: map[string]string{"codice": "Nessuna manifestazione di interesse di questo percorso ha il protocollo n. " + prot + ": cerca per nome o iscrivi la persona."}}
	} else if err != nil {
		return pdz.Attendance{}, internal("find registration by protocol", err)
	}
	return s.CheckIn(ctx, actor, ambitoID, processID, meetingID, id, pdz.CheckInCode, "")
}

// checkIn records a presence inside tx.
func (s *Store) checkIn(ctx context.Context, tx *sql.Tx, actor pdz.Actor, ambitoID, processID, meetingID, registrationID int64, method pdz.CheckInMethod, personName string) (pdz.Attendance, error) {
	var a pdz.Attendance
	var areas []int64
	rows, err := tx.QueryContext(ctx, `SELECT area_id FROM meeting_areas WHERE ambito_id = $1 AND meeting_id = $2`, ambitoID, meetingID)
	if areas, err = collect(rows, err, func(sc scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}); err != nil {
		return a, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND id = $3`,
		ambitoID, processID, meetingID).Scan(&n); err != nil {
		return a, internal("read meeting", err)
	} else if n == 0 {
		return a, notFound("Incontro")
	}
	r, err := s.loadRegistration(ctx, tx, `ambito_id = $1 AND process_id = $2 AND id = $3`, ambitoID, processID, registrationID)
	if err != nil {
		return a, err
	}
	switch {
	case r.Erased():
		return a, pdz.Errorf(pdz.ECONFLICT, "I dati di questa manifestazione di interesse sono stati cancellati: registra la persona come nuova iscrizione.")
	case !r.Status.Holds():
		return a, pdz.Errorf(pdz.ECONFLICT, "La manifestazione di interesse prot. n. %s è %s: per registrare la presenza occorre una nuova iscrizione o un nuovo esito.",
			r.Protocol(), strings.ToLower(r.Status.Label()))
	}
	if personName == "" {
		personName = r.Contact.Name
		for _, id := range areas {
			if p := r.Participation(id); p != nil {
				personName = r.Representative(*p).Name
				break
			}
		}
		if personName == "" {
			personName = r.Name
		}
	}
	a = pdz.Attendance{ProcessID: processID, MeetingID: meetingID, RegistrationID: registrationID, PersonName: personName, Method: method,
		ArrivedAt: s.nowFor(ctx), RecordedBy: actor.Email, Protocol: r.Protocol(), Kind: r.Kind, OrgType: r.OrgType, TypeLabel: r.TypeLabel()}
	if r.IsOrganisation() {
		a.Who = pdz.NewRegistrant(r.Kind, r.Name, a.TypeLabel, r.PublishName, r.Erased())
	} else {
		a.Who = pdz.NewRegistrant(r.Kind, personName, "", false, r.Erased())
	}
	// ON CONFLICT: a second check-in of the same registration (two desks
	// scanning one receipt) finds the first without aborting the
	// transaction on PostgreSQL.
	err = tx.QueryRowContext(ctx, `INSERT INTO meeting_attendance (ambito_id, process_id, meeting_id, registration_id, person_name, method,
		arrived_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (meeting_id, registration_id) DO NOTHING RETURNING id`,
		ambitoID, processID, meetingID, registrationID, a.PersonName, a.Method, a.ArrivedAt, a.RecordedBy).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		var at time.Time
		if e := tx.QueryRowContext(ctx, `SELECT arrived_at FROM meeting_attendance WHERE meeting_id = $1 AND registration_id = $2`, meetingID, registrationID).Scan(&at); e != nil {
			return a, internal("read attendance", e)
		}
		who := a.Who.StaffName()
		return a, pdz.Errorf(pdz.ECONFLICT, "%s (prot. n. %s) risulta già presente dalle %s.", who, a.Protocol, at.In(locale.Rome).Format("15:04"))
	} else if err != nil {
		return a, internal("check in", err)
	}
	return a, s.audit(ctx, tx, actor, ambitoID, "create", "meeting_attendance", a.ID,
		"Registrata la presenza all'incontro della manifestazione di interesse prot. n. "+a.Protocol+" ("+a.Method.Label()+")", nil, nil)
}

// UpdateAttendance saves the corrections of a presence: who came, arrival
// and leave times, a citizen's consent to be named, notes.
func (s *Store) UpdateAttendance(ctx context.Context, actor pdz.Actor, ambitoID int64, a *pdz.Attendance) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		before, err := readAttendance(ctx, tx, ambitoID, a.MeetingID, a.ID)
		if err != nil {
			return err
		}
		if before.Kind == pdz.RegistrantOrganisation {
			a.NameConsent = false
		}
		_, err = tx.ExecContext(ctx, `UPDATE meeting_attendance SET person_name = $1, arrived_at = $2, left_at = $3, name_consent = $4, notes = $5
			WHERE ambito_id = $6 AND meeting_id = $7 AND id = $8`, a.PersonName, a.ArrivedAt.UTC(), nullTime(a.LeftAt), a.NameConsent, a.Notes,
			ambitoID, a.MeetingID, a.ID)
		if err != nil {
			return internal("update attendance", err)
		}
		type times struct{ Arrivo, Uscita string }
		return s.audit(ctx, tx, actor, ambitoID, "update", "meeting_attendance", a.ID, "Corretta la presenza della manifestazione di interesse prot. n. "+before.Protocol,
			times{before.ArrivedAt.In(locale.Rome).Format("15:04"), clockOf(before.LeftAt)}, times{a.ArrivedAt.In(locale.Rome).Format("15:04"), clockOf(a.LeftAt)})
	})
}

func clockOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(locale.Rome).Format("15:04")
}

// MarkLeft records that a person left the meeting now (early leave).
func (s *Store) MarkLeft(ctx context.Context, actor pdz.Actor, ambitoID, meetingID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		a, err := readAttendance(ctx, tx, ambitoID, meetingID, id)
		if err != nil {
			return err
		}
		if !a.LeftAt.IsZero() {
			return pdz.Errorf(pdz.ECONFLICT, "L'uscita è già registrata alle %s.", clockOf(a.LeftAt))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_attendance SET left_at = $1 WHERE ambito_id = $2 AND meeting_id = $3 AND id = $4`,
			s.nowFor(ctx), ambitoID, meetingID, id); err != nil {
			return internal("mark left", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "update", "meeting_attendance", id, "Registrata l'uscita anticipata della manifestazione di interesse prot. n. "+a.Protocol, nil, nil)
	})
}

// DeleteAttendance removes a presence recorded by mistake.
func (s *Store) DeleteAttendance(ctx context.Context, actor pdz.Actor, ambitoID, meetingID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		a, err := readAttendance(ctx, tx, ambitoID, meetingID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_attendance WHERE ambito_id = $1 AND meeting_id = $2 AND id = $3`, ambitoID, meetingID, id); err != nil {
			return internal("delete attendance", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "delete", "meeting_attendance", id, "Tolta la presenza registrata per errore della manifestazione di interesse prot. n. "+a.Protocol,
			map[string]string{"Arrivo": a.ArrivedAt.In(locale.Rome).Format("02/01/2006 15:04"), "Metodo": string(a.Method)}, nil)
	})
}

// storeFile keeps an uploaded file in act_files (never deleted) and returns
// its description with its new id.
func (s *Store) storeFile(ctx context.Context, tx *sql.Tx, ambitoID int64, f *pdz.File) (pdz.FileInfo, error) {
	info := f.FileInfo
	err := tx.QueryRowContext(ctx, `INSERT INTO act_files (ambito_id, name, content_type, size, sha256, data, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, ambitoID, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, s.nowFor(ctx)).Scan(&info.ID)
	return info, internal("store file", err)
}

// storedFile reads a file of act_files with its content.
func storedFile(ctx context.Context, q querier, ambitoID, id int64) (pdz.File, error) {
	var f pdz.File
	err := q.QueryRowContext(ctx, `SELECT id, name, size, sha256, content_type, data FROM act_files WHERE ambito_id = $1 AND id = $2`, ambitoID, id).
		Scan(&f.ID, &f.Name, &f.Size, &f.SHA256, &f.ContentType, &f.Data)
	return f, one(err, "File")
}

// AttendanceSheet is a signed paper sheet uploaded for a meeting.
type AttendanceSheet struct {
	ID         int64
	File       pdz.FileInfo
	Notes      string
	UploadedAt time.Time
	UploadedBy string
}

// SaveAttendanceSheet keeps the signed paper sheet of a meeting.
func (s *Store) SaveAttendanceSheet(ctx context.Context, actor pdz.Actor, ambitoID, processID, meetingID int64, f *pdz.File, notes string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE ambito_id = $1 AND process_id = $2 AND id = $3`,
			ambitoID, processID, meetingID).Scan(&n); err != nil {
			return internal("read meeting", err)
		} else if n == 0 {
			return notFound("Incontro")
		}
		info, err := s.storeFile(ctx, tx, ambitoID, f)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO attendance_sheets (ambito_id, meeting_id, file_id, notes, uploaded_at, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, ambitoID, meetingID, info.ID, notes, s.nowFor(ctx), actor.Email).Scan(&id); err != nil {
			return internal("save attendance sheet", err)
		}
		return s.audit(ctx, tx, actor, ambitoID, "create", "attendance_sheet", id, "Caricato il foglio presenze firmato «"+info.Name+"» (SHA-256 "+info.SHA256+")", nil, nil)
	})
}

// AttendanceSheets lists the signed sheets of a meeting, newest first.
func (s *Store) AttendanceSheets(ctx context.Context, ambitoID, meetingID int64) ([]AttendanceSheet, error) {
	return list(ctx, s.read, func(sc scanner) (AttendanceSheet, error) {
		var x AttendanceSheet
		err := sc.Scan(&x.ID, &x.File.ID, &x.File.Name, &x.File.Size, &x.File.SHA256, &x.Notes, &x.UploadedAt, &x.UploadedBy)
		return x, err
	}, `SELECT a.id, f.id, f.name, f.size, f.sha256, a.notes, a.uploaded_at, a.uploaded_by FROM attendance_sheets a
		JOIN act_files f ON f.ambito_id = a.ambito_id AND f.id = a.file_id WHERE a.ambito_id = $1 AND a.meeting_id = $2 ORDER BY a.id DESC`, ambitoID, meetingID)
}

// AttendanceSheetFile returns a signed sheet with its content.
func (s *Store) AttendanceSheetFile(ctx context.Context, ambitoID, meetingID, id int64) (pdz.File, error) {
	var fileID int64
	err := s.read.QueryRowContext(ctx, `SELECT file_id FROM attendance_sheets WHERE ambito_id = $1 AND meeting_id = $2 AND id = $3`, ambitoID, meetingID, id).Scan(&fileID)
	if err != nil {
		return pdz.File{}, one(err, "Foglio presenze")
	}
	return storedFile(ctx, s.read, ambitoID, fileID)
}
