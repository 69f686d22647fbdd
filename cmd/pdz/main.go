// Command pdz is the whole product: the web application, its migrations,
// its demo data and its administration commands. See internal/cli.
package main

import (
	"os"

	"github.com/pdz-ats/pdz/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
