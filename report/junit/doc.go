// Package junit writes JUnit XML for CI test-report views: one test case per
// control × resource, a failure for FAIL, skipped (with the reason) for
// UNKNOWN, NOT_APPLICABLE and suppressed results. It is not a test runner.
package junit
