package cloudwatch

import (
	"regexp"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	. "github.com/onus-sec/onus/control/internal/ctltest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/cloudtrail"
	"github.com/onus-sec/onus/model/cloudwatch"
	"github.com/onus-sec/onus/model/sns"
)

// respace drops the blanks around operators and parentheses.
var respace = regexp.MustCompile(`\s*([()=!&|{}]+)\s*`)

const topicARN = "arn:aws:sns:us-east-1:111122223333:alerts"

// chain builds a live estate with a complete trail → filter → alarm →
// subscribed topic chain for pattern; mod breaks one link.
func chain(pattern string, mod func(*model.Estate)) *model.Estate {
	e := &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1"},
		Trails: []*cloudtrail.Trail{{Meta: Live("AWS::CloudTrail::Trail", "main"), Name: K("main"), MultiRegion: K(true), Logging: K(true),
			CloudWatchLogsGroup: K("arn:aws:logs:us-east-1:111122223333:log-group:trail-logs:*")}},
		MetricFilters: []*cloudwatch.MetricFilter{{Meta: Live("AWS::Logs::MetricFilter", "f"), LogGroupName: K("trail-logs"), Pattern: K(pattern),
			MetricName: K("M"), Namespace: K("CIS")}},
		Alarms: []*cloudwatch.Alarm{{Meta: Live("AWS::CloudWatch::Alarm", "a"), MetricName: K("M"), Namespace: K("CIS"), ActionsEnabled: K(true),
			AlarmActions: K([]string{topicARN})}},
		SNSTopics: []*sns.Topic{{Meta: Live("AWS::SNS::Topic", topicARN), Name: K("alerts"), Subscriptions: K([]sns.Subscription{{Protocol: "email", Endpoint: "sec@example.com"}})}},
	}
	if mod != nil {
		mod(e)
	}
	return e
}

func TestMonitoringControls(t *testing.T) {
	for _, sp := range specs() {
		c := Find(t, Controls(), sp.id)
		// The pattern without one of the required event names.
		partial := sp.pattern
		if len(sp.must) > 1 {
			if i := strings.LastIndex(partial, " || "); i > 0 {
				j := strings.Index(partial[i+4:], ")")
				partial = partial[:i] + partial[i+4+j+1:]
			}
		}
		if partial == sp.pattern {
			partial = `{ $.eventName = "SomethingElse" }`
		}
		Run(t, c, []Case{
			{Name: "canonical", Estate: chain(sp.pattern, nil), Want: control.Pass},
			{Name: "respaced", Estate: chain(respace.ReplaceAllString(sp.pattern, "$1"), nil), Want: control.Pass},
			{Name: "missing event", Estate: chain(partial, nil), Want: control.Fail, Reason: "does not match"},
			{Name: "catch-all", Estate: chain(`{ $.eventName = "*" }`, nil), Want: control.Fail, Reason: "unrelated"},
			{Name: "term pattern", Estate: chain(`"ConsoleLogin"`, nil), Want: control.Fail, Reason: "not a JSON filter pattern"},
			{Name: "no alarm", Estate: chain(sp.pattern, func(e *model.Estate) { e.Alarms = nil }), Want: control.Fail, Reason: "no alarm"},
			{Name: "actions disabled", Estate: chain(sp.pattern, func(e *model.Estate) { e.Alarms[0].ActionsEnabled = K(false) }), Want: control.Fail, Reason: "disabled"},
			{Name: "no subscriber", Estate: chain(sp.pattern, func(e *model.Estate) { e.SNSTopics[0].Subscriptions = K([]sns.Subscription{}) }), Want: control.Fail, Reason: "no subscriber"},
			{Name: "other log group", Estate: chain(sp.pattern, func(e *model.Estate) { e.MetricFilters[0].LogGroupName = K("app-logs") }), Want: control.Fail, Reason: "no metric filter"},
			{Name: "single-region trail", Estate: chain(sp.pattern, func(e *model.Estate) { e.Trails[0].MultiRegion = K(false) }), Want: control.Fail, Reason: "multi-region"},
			{Name: "no trail", Estate: chain(sp.pattern, func(e *model.Estate) { e.Trails = nil }), Want: control.Fail},
			{Name: "pattern unknown", Estate: chain(sp.pattern, func(e *model.Estate) { e.MetricFilters[0].Pattern = U[string]("var.pattern has no value") }), Want: control.Unknown, Reason: "var.pattern"},
			{Name: "subscriptions unknown", Estate: chain(sp.pattern, func(e *model.Estate) {
				e.SNSTopics[0].Subscriptions = U[[]sns.Subscription]("ListSubscriptionsByTopic: AccessDenied")
			}), Want: control.Unknown, Reason: "AccessDenied"},
			{Name: "topic elsewhere", Estate: chain(sp.pattern, func(e *model.Estate) { e.SNSTopics = nil }), Want: control.Unknown, Reason: "not in the scanned estate"},
			{Name: "code without monitoring", Estate: &model.Estate{}, Want: control.NotApplicable},
		})
	}
}

// TestPublishedCISPatterns feeds the patterns as the CIS benchmark and AWS
// documentation print them (different order, spacing, grouping, and without
// eventSource) and checks they are recognised.
func TestPublishedCISPatterns(t *testing.T) {
	cases := map[string]string{
		"ONUS-CW-001": `{($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket")}`,
		"ONUS-CW-002": `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`,
		"ONUS-CW-003": `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
		"ONUS-CW-004": `{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}`,
		"ONUS-CW-005": `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`,
		"ONUS-CW-006": `{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`,
		"ONUS-CW-007": `{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }`,
		"ONUS-CW-008": `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`,
		"ONUS-CW-009": `{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }`,
		"ONUS-CW-010": `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }`,
		"ONUS-CW-011": `{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }`,
		"ONUS-CW-012": `{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }`,
		"ONUS-CW-013": `{($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }`,
		"ONUS-CW-014": `{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }`,
		"ONUS-CW-015": `{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }`,
	}
	for id, p := range cases {
		c := Find(t, Controls(), id)
		rs := c.Check(chain(p, nil))
		if len(rs) != 1 || rs[0].Outcome != control.Pass {
			t.Errorf("%s: published pattern not recognised: %s %s", id, rs[0].Outcome, rs[0].Reason)
		}
	}
	if len(cases) != 15 {
		t.Fatalf("want all 15 CIS monitoring patterns, have %d", len(cases))
	}
}

func TestCodeReferences(t *testing.T) {
	// Terraform: the trail names its log group by reference, the filter by
	// the group's name attribute, the alarm its topic by reference.
	sp := specs()[4]
	e := &model.Estate{
		Trails: []*cloudtrail.Trail{{Meta: TF("aws_cloudtrail", "aws_cloudtrail.main"), MultiRegion: K(true), Logging: K(true),
			CloudWatchLogsGroup: K("aws_cloudwatch_log_group.trail.arn")}},
		LogGroups:     []*cloudwatch.LogGroup{{Meta: TF("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.trail"), Name: K("trail")}},
		MetricFilters: []*cloudwatch.MetricFilter{{Meta: TF("aws_cloudwatch_log_metric_filter", "aws_cloudwatch_log_metric_filter.f"), LogGroupName: K("aws_cloudwatch_log_group.trail.name"), Pattern: K(sp.pattern), MetricName: K("M"), Namespace: K("CIS")}},
		Alarms:        []*cloudwatch.Alarm{{Meta: TF("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.a"), MetricName: K("M"), Namespace: K("CIS"), ActionsEnabled: K(true), AlarmActions: K([]string{"aws_sns_topic.alerts.arn"})}},
		SNSTopics:     []*sns.Topic{{Meta: TF("aws_sns_topic", "aws_sns_topic.alerts"), Subscriptions: K([]sns.Subscription{{Protocol: "email"}})}},
	}
	rs := Find(t, Controls(), sp.id).Check(e)
	if rs[0].Outcome != control.Pass {
		t.Fatalf("%s %s", rs[0].Outcome, rs[0].Reason)
	}
	e.Trails = nil
	if rs := Find(t, Controls(), sp.id).Check(e); rs[0].Outcome != control.Unknown {
		t.Fatalf("filters without a trail in code: %s %s", rs[0].Outcome, rs[0].Reason)
	}
}

func TestBillingAndLogGroups(t *testing.T) {
	alarm := func(m, ns string) *model.Estate {
		return &model.Estate{AccountWide: true, Alarms: []*cloudwatch.Alarm{{Meta: Live("AWS::CloudWatch::Alarm", "a"), MetricName: K(m), Namespace: K(ns)}}}
	}
	unk := alarm("x", "y")
	unk.Alarms[0].MetricName = U[string]("throttled")
	unk.Alarms[0].Namespace = U[string]("throttled")
	Run(t, Find(t, Controls(), "ONUS-CW-016"), []Case{
		{Name: "billing", Estate: alarm("EstimatedCharges", "AWS/Billing"), Want: control.Pass},
		{Name: "other", Estate: alarm("CPUUtilization", "AWS/EC2"), Want: control.Fail},
		{Name: "none live", Estate: &model.Estate{AccountWide: true}, Want: control.Fail},
		{Name: "unknown", Estate: unk, Want: control.Unknown},
		{Name: "code", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	lg := func(f func(*cloudwatch.LogGroup)) *model.Estate {
		g := &cloudwatch.LogGroup{Meta: Live("AWS::Logs::LogGroup", "g"), Name: K("g")}
		f(g)
		return &model.Estate{LogGroups: []*cloudwatch.LogGroup{g}}
	}
	Run(t, Find(t, Controls(), "ONUS-CW-017"), []Case{
		{Name: "year", Estate: lg(func(g *cloudwatch.LogGroup) { g.RetentionDays = K(400) }), Want: control.Pass},
		{Name: "forever", Estate: lg(func(g *cloudwatch.LogGroup) { g.RetentionDays = K(0) }), Want: control.Pass},
		{Name: "week", Estate: lg(func(g *cloudwatch.LogGroup) { g.RetentionDays = K(7) }), Want: control.Fail},
		{Name: "unknown", Estate: lg(func(g *cloudwatch.LogGroup) { g.RetentionDays = U[int]("var.days") }), Want: control.Unknown},
		{Name: "none", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	Run(t, Find(t, Controls(), "ONUS-CW-018"), []Case{
		{Name: "kms", Estate: lg(func(g *cloudwatch.LogGroup) { g.KMSKeyID = K("arn:aws:kms:us-east-1:1:key/k") }), Want: control.Pass},
		{Name: "default", Estate: lg(func(g *cloudwatch.LogGroup) { g.KMSKeyID = K("") }), Want: control.Fail},
		{Name: "unknown", Estate: lg(func(g *cloudwatch.LogGroup) { g.KMSKeyID = U[string]("x") }), Want: control.Unknown},
		{Name: "none", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
}

// TestNoDeliveryCitesTheTrail: the FAIL for no delivering trail says, per
// trail, which setting keeps it out.
func TestNoDeliveryCitesTheTrail(t *testing.T) {
	c := Find(t, Controls(), specs()[0].id)
	for _, tc := range []struct {
		name string
		mod  func(*cloudtrail.Trail)
		want string
	}{
		{"not logging", func(tr *cloudtrail.Trail) { tr.Logging = K(false) }, "trail main is not logging"},
		{"single-region", func(tr *cloudtrail.Trail) { tr.MultiRegion = K(false) }, "trail main is single-region"},
		{"no log group", func(tr *cloudtrail.Trail) { tr.CloudWatchLogsGroup = K("") }, "trail main has no CloudWatch Logs group"},
	} {
		e := chain(specs()[0].pattern, func(e *model.Estate) { tc.mod(e.Trails[0]) })
		rs := c.Check(e)
		if len(rs) != 1 || rs[0].Outcome != control.Fail {
			t.Fatalf("%s: %+v, want one FAIL", tc.name, rs)
		}
		if len(rs[0].Evidence) != 1 || rs[0].Evidence[0].Summary != tc.want {
			t.Errorf("%s: evidence %+v, want %q", tc.name, rs[0].Evidence, tc.want)
		}
	}
}
