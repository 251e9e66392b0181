// Command gencfn writes synthetic CloudFormation templates and, with
// -scan, times the onus CloudFormation loader on them (wall time, CPU time,
// peak resident memory) for BENCHMARKS.md. It is tooling, not part of onus:
//
//	go run ./bench/gencfn -n 1000 -resources 50 -out /tmp/cfn-bench -scan
package main
