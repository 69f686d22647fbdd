package pdz

import (
	"errors"
	"fmt"
	"sort"
)

// Error codes, mapped once to HTTP statuses by the web layer.
const (
	ECONFLICT  = "conflict"  // a unique rule would be broken
	EINTERNAL  = "internal"  // a bug or an unavailable dependency
	EINVALID   = "invalid"   // input fails validation
	ENOTFOUND  = "not_found" // no such thing, or not visible to this tenant
	EFORBIDDEN = "forbidden" // authenticated but not allowed
	EUNAUTH    = "unauthorized"
	ETOOMANY   = "too_many" // too many requests from one client: try again later
	// EUNAVAILABLE: the database gave up waiting (a lock held too long, a
	// statement too slow); trying again shortly may succeed.
	EUNAVAILABLE = "unavailable"
)

// Unavailable is the message of EUNAVAILABLE.
const Unavailable = "Servizio temporaneamente non disponibile, riprovare tra poco."

// Error is the project's error. Message is safe to show to users (Italian);
// Fields holds one Italian message per form field that failed validation.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Err     error // the cause, logged, never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with a code and a user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Si è verificato un errore interno. Riprova più tardi."
}

// ErrorFields returns the per-field messages of a validation error.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects validation messages field by field.
type Problems map[string]string

// Add records msg for field unless the field already has a message: the first
// problem found is the one the user must fix first.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Err returns nil when there are no problems, an EINVALID Error otherwise.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Alcuni campi non sono validi: correggili e riprova.", Fields: map[string]string(p)}
}

// Sorted returns the field names in a stable order, for messages and tests.
func (p Problems) Sorted() []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
