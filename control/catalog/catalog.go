package catalog

import (
	"sort"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/apigateway"
	"github.com/onus-sec/onus/control/cloudtrail"
	"github.com/onus-sec/onus/control/cloudwatch"
	"github.com/onus-sec/onus/control/config"
	"github.com/onus-sec/onus/control/dynamodb"
	"github.com/onus-sec/onus/control/ec2"
	"github.com/onus-sec/onus/control/ecs"
	"github.com/onus-sec/onus/control/efs"
	"github.com/onus-sec/onus/control/elb"
	"github.com/onus-sec/onus/control/guardduty"
	"github.com/onus-sec/onus/control/iam"
	"github.com/onus-sec/onus/control/kms"
	"github.com/onus-sec/onus/control/lambda"
	"github.com/onus-sec/onus/control/macie"
	"github.com/onus-sec/onus/control/rds"
	"github.com/onus-sec/onus/control/s3"
	"github.com/onus-sec/onus/control/secrets"
	"github.com/onus-sec/onus/control/secretsmanager"
	"github.com/onus-sec/onus/control/securityhub"
	"github.com/onus-sec/onus/control/sns"
	"github.com/onus-sec/onus/control/sqs"
	"github.com/onus-sec/onus/control/ssm"
	"github.com/onus-sec/onus/control/vpc"
)

// All returns a fresh copy of every control, sorted by ID. Each service
// package under control/ exposes Controls(); add it to the list below.
func All() []*control.Control {
	var all []*control.Control
	for _, list := range [][]*control.Control{
		// service packages append here, one line each
		cloudtrail.Controls(),
		cloudwatch.Controls(),
		config.Controls(),
		guardduty.Controls(),
		securityhub.Controls(),
		macie.Controls(),
		vpc.Controls(),
		s3.Controls(),
		rds.Controls(),
		lambda.Controls(),
		ec2.Controls(),
		sqs.Controls(),
		sns.Controls(),
		secretsmanager.Controls(),
		secrets.Controls(),
		kms.Controls(),
		elb.Controls(),
		efs.Controls(),
		ecs.Controls(),
		dynamodb.Controls(),
		iam.Controls(),
		ssm.Controls(),
		apigateway.Controls(),
	} {
		all = append(all, list...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	// Texts name parameters as placeholders; whoever lists or runs the
	// catalogue sees the defaults until a scan renders its own values.
	control.RenderDefaults(all)
	return all
}

// ByID finds one control.
func ByID(id string) (*control.Control, bool) {
	for _, c := range All() {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}
