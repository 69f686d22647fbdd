// Package bench holds the load benchmarks of the product. They start the
// real pdz binary as a separate process on 127.0.0.1, drive it with
// concurrent keep-alive clients from this process, and report throughput,
// latency percentiles and the server's resident memory; the benchmarks of
// a plan's money (money_test.go) run the computation and the XLSX writer in
// process on a synthetic plan. Run them with
// `make bench` (see the README); they are not timed tests and never run in
// `go test ./...` without -bench.
package bench
