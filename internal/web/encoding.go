package web

import (
	"net/http"
	"strconv"
	"strings"
)

// negotiateEncoding chooses the content coding of an answer from the
// request's Accept-Encoding: "br", "gzip" or "" (identity). The coding
// with the higher q-value wins and brotli wins a tie; a coding refused
// with q=0 is never chosen, and "*" stands for a coding the header does
// not name. Without the header the answer is not compressed: RFC 9110
// would allow any coding, but clients that send no header are the ones
// least likely to decode one.
func negotiateEncoding(r *http.Request) string {
	br, gz, star := -1.0, -1.0, -1.0 // -1: not named
	for _, h := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(h, ",") {
			coding, params, _ := strings.Cut(part, ";")
			q := 1.0
			for p := range strings.SplitSeq(params, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
				if !strings.EqualFold(strings.TrimSpace(k), "q") {
					continue
				}
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // an invalid weight admits nothing
				}
				q = f
			}
			switch strings.ToLower(strings.TrimSpace(coding)) {
			case "br":
				br = q
			case "gzip", "x-gzip":
				gz = q
			case "*":
				star = q
			}
		}
	}
	if br < 0 {
		br = star
	}
	if gz < 0 {
		gz = star
	}
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}
