// Package security holds the project's cryptography: argon2id password
// hashes and random tokens. It must not log or return secrets.
package security
