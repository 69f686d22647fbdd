// Package frameworks ships the regional frameworks (quadri regionali) as
// data files, one JSON file per regional plan, embedded in the binary.
// docs/FRAMEWORK.md describes the format; a Region or an Ambito can load an
// edited copy through the back office without rebuilding the program.
package frameworks

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// Files holds the *.json frameworks of this folder.
//
//go:embed *.json
var Files embed.FS

// Builtin parses every framework of this folder, in file name order.
func Builtin() ([]pdz.Framework, error) {
	names, err := fs.Glob(Files, "*.json")
	if err != nil {
		return nil, err
	}
	var out []pdz.Framework
	for _, n := range names {
		f, err := Files.Open(n)
		if err != nil {
			return nil, err
		}
		fw, err := pdz.ParseFramework(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %s %v", n, pdz.ErrorMessage(err), pdz.ErrorFields(err))
		}
		out = append(out, fw)
	}
	return out, nil
}
