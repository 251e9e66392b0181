package terraform

import (
	"context"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/guardduty"
)

// GuardDuty detector features read from code give the feature controls a
// verdict: defaults of a new detector, inline datasources, and feature
// resources joined by reference or by literal detector id.
func TestGuardDutyFeatures(t *testing.T) {
	const provider = `provider "aws" { region = "eu-west-1" }` + "\n"
	cases := []struct {
		name string
		src  string
		want map[string]control.Outcome // control ID -> outcome in eu-west-1
		why  map[string]string          // control ID -> reason fragment
	}{
		{"new detector takes the service defaults", provider + `resource "aws_guardduty_detector" "d" { enable = true }`,
			map[string]control.Outcome{"ONUS-GD-007": control.Pass, "ONUS-GD-006": control.Pass, "ONUS-GD-008": control.Fail}, nil},
		{"feature resources by reference", provider + `
resource "aws_guardduty_detector" "d" { enable = true }
resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.d.id
  name        = "S3_DATA_EVENTS"
  status      = "DISABLED"
}
resource "aws_guardduty_detector_feature" "rt" {
  detector_id = aws_guardduty_detector.d.id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"
  additional_configuration {
    name   = "EKS_ADDON_MANAGEMENT"
    status = "ENABLED"
  }
  additional_configuration {
    name   = "ECS_FARGATE_AGENT_MANAGEMENT"
    status = "DISABLED"
  }
}`, map[string]control.Outcome{"ONUS-GD-007": control.Fail, "ONUS-GD-008": control.Pass, "ONUS-GD-004": control.Pass,
			"ONUS-GD-009": control.Fail, "ONUS-GD-010": control.Fail, "ONUS-GD-003": control.Pass},
			map[string]string{"ONUS-GD-007": "S3_DATA_EVENTS", "ONUS-GD-009": "ECS_FARGATE_AGENT_MANAGEMENT"}},
		{"inline datasources", provider + `
resource "aws_guardduty_detector" "d" {
  datasources {
    s3_logs { enable = false }
    kubernetes {
      audit_logs { enable = true }
    }
  }
}`, map[string]control.Outcome{"ONUS-GD-007": control.Fail, "ONUS-GD-002": control.Pass}, nil},
		{"unknown status is unknown", provider + `
variable "status" {}
resource "aws_guardduty_detector" "d" {}
resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.d.id
  name        = "S3_DATA_EVENTS"
  status      = var.status
}`, map[string]control.Outcome{"ONUS-GD-007": control.Unknown, "ONUS-GD-008": control.Unknown},
			map[string]string{"ONUS-GD-007": `variable "status" has no value`}},
		{"literal id of a detector declared elsewhere", provider + `
resource "aws_guardduty_detector_feature" "s3" {
  detector_id = "12abc34d567e8fa901bc2d34e56789f0"
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}`, map[string]control.Outcome{"ONUS-GD-007": control.Unknown},
			map[string]string{"ONUS-GD-007": "not declared in this configuration"}},
		{"detector disabled", provider + `resource "aws_guardduty_detector" "d" { enable = false }`,
			map[string]control.Outcome{"ONUS-GD-007": control.NotApplicable}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := load(t, tf(c.src), Options{})
			noErrors(t, d)
			got := map[string]control.Result{}
			for _, r := range control.Run(context.Background(), e, guardduty.Controls()).Slice() {
				if r.Resource.Region == "eu-west-1" {
					got[r.Control.ID] = r
				}
			}
			for id, want := range c.want {
				r, ok := got[id]
				if !ok {
					t.Fatalf("%s: no result for eu-west-1 (%d results)", id, len(got))
				}
				if r.Outcome != want {
					t.Errorf("%s: %s (%s), want %s", id, r.Outcome, r.Reason, want)
				}
				if w := c.why[id]; w != "" && !strings.Contains(r.Reason, w) {
					t.Errorf("%s: reason %q does not mention %q", id, r.Reason, w)
				}
			}
		})
	}
}

// In plan JSON references are resolved to literal ids: a feature joins the
// detector whose planned id it names.
func TestGuardDutyFeatureLiteralIDJoin(t *testing.T) {
	e, d := load(t, tf(`provider "aws" { region = "eu-west-1" }
resource "aws_guardduty_detector" "d" {}
resource "aws_guardduty_detector_feature" "s3" {
  detector_id = "abc"
  name        = "S3_DATA_EVENTS"
  status      = "DISABLED"
}`), Options{})
	noErrors(t, d)
	// HCL cannot know the detector's id: the literal may name it, so its
	// features are unknown rather than the defaults.
	if fs, ok := e.Regions[0].GuardDutyFeatures.Get(); ok {
		t.Fatalf("features known %v, want unknown", fs)
	}
}

func TestGuardDutyFeaturePlanJoinByLiteralID(t *testing.T) {
	src := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[
{"address":"aws_guardduty_detector.d","mode":"managed","type":"aws_guardduty_detector","name":"d","values":{"id":"12abc","enable":true}},
{"address":"aws_guardduty_detector_feature.s3","mode":"managed","type":"aws_guardduty_detector_feature","name":"s3",
 "values":{"detector_id":"12abc","name":"S3_DATA_EVENTS","status":"DISABLED","additional_configuration":[]}}]}}}`
	e, d := loadPlanBytes(context.Background(), "p.json", []byte(src))
	noErrors(t, d)
	if len(e.Regions) != 1 {
		t.Fatalf("%d regions", len(e.Regions))
	}
	fs := known(t, "features", e.Regions[0].GuardDutyFeatures)
	if fs["S3_DATA_EVENTS"] || !fs["RDS_LOGIN_EVENTS"] {
		t.Fatalf("features %v", fs)
	}
}
