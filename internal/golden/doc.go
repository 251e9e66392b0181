// Package golden compares test output with files under testdata, rewriting
// them when the test runs with -update. Test helper only.
package golden
