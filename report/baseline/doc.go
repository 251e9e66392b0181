// Package baseline reads an earlier onus JSON report and marks the findings
// of a new scan that it already had, so a pipeline adopting onus on an
// existing estate fails only on new findings. It does not hide anything: a
// baselined result keeps its outcome and is reported as suppressed, with
// the baseline named as the reason.
package baseline
