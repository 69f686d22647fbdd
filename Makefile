# The developer interface of pdz. The README's two commands are `make run`
# and `make test` spelled out; CI runs .ci/run.

.PHONY: run test test-postgres lint bench fuzz ci build

run:
	go run ./cmd/pdz serve --demo

test:
	go test ./...

test-postgres:
	PDZ_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/test?sslmode=disable" go test -skip 'Browser|Keyboard' ./...

lint:
	gofmt -l $$(git ls-files '*.go')
	go vet ./...
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

bench:
	go test -timeout 30m -run '^$$' -bench . -benchtime 1x ./internal/bench/

fuzz:
	go test -run '^$$' -fuzz FuzzReadPOSAS -fuzztime 30s ./internal/profilo/
	go test -run '^$$' -fuzz FuzzReadCSV -fuzztime 30s ./internal/profilo/
	go test -run '^$$' -fuzz FuzzDecode -fuzztime 30s ./internal/pianofile/
	go test -run '^$$' -fuzz FuzzHTML -fuzztime 30s ./internal/testo/

build:
	go build -ldflags "-X github.com/pdz-ats/pdz/internal/cli.Version=$$(git describe --always --dirty)" -o pdz ./cmd/pdz

ci:
	bash .ci/run
