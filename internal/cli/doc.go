// Package cli is the command line of pdz: it reads flags and PDZ_*
// environment variables, opens the database and wires the packages together
// (serve, migrate, demo, user add, version). It holds no domain logic.
package cli
