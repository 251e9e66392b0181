// Package control defines what a control is (judgement as data: ID, severity,
// service, layer, rationale, remediation, framework mappings and a pure check
// function), the four outcomes, and the runner that evaluates a catalogue on
// an estate into deterministically sorted results. It does not hold the
// controls themselves (control/<service>) nor read any source.
package control
