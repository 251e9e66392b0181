// Package config reads .onus.yaml (suppressions, attestations, the approved
// AMI list) with line numbers for every error, and applies suppressions —
// from the file and inline ignores in code — to a report. It does not
// decide outcomes: a suppressed result keeps its outcome and is marked.
package config
