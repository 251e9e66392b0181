package cloudwatch

import "strings"

// spec is one CIS monitoring recommendation: the events a filter must
// match and the ones it must not, and the canonical pattern offered as the
// fix.
type spec struct {
	id, cis, title, what, metric string
	sev                          string
	pattern                      string
	must                         []sample
	mustNot                      []sample
}

// sample is a CloudTrail event reduced to the fields filters select on.
type sample struct {
	label  string
	fields map[string]any
}

// event builds a sample from dotted paths; values are strings unless nil.
func event(label string, kv ...any) sample {
	root := map[string]any{
		"eventVersion": "1.08", "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.10",
		"eventType": "AwsApiCall", "recipientAccountId": "111122223333",
		"userIdentity": map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice", "accountId": "111122223333"},
	}
	for i := 0; i+1 < len(kv); i += 2 {
		path := strings.Split(kv[i].(string), ".")
		m := root
		for _, p := range path[:len(path)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		last := path[len(path)-1]
		m[last] = kv[i+1]
	}
	return sample{label: label, fields: root}
}

func calls(source string, names ...string) []sample {
	out := make([]sample, len(names))
	for i, n := range names {
		out[i] = event(n+" ("+source+")", "eventSource", source, "eventName", n)
	}
	return out
}

func unrelated() []sample {
	return []sample{
		event("DescribeInstances (read-only EC2 call)", "eventSource", "ec2.amazonaws.com", "eventName", "DescribeInstances"),
		event("GetObject (S3 read)", "eventSource", "s3.amazonaws.com", "eventName", "GetObject"),
	}
}

func anyOf(field string, names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "($." + field + " = " + n + ")"
	}
	return strings.Join(parts, " || ")
}

func changeSpec(id, cis, title, what, metric, sev, source string, names []string) spec {
	return spec{id: id, cis: cis, title: title, what: what, metric: metric, sev: sev,
		pattern: "{ ($.eventSource = " + source + ") && (" + anyOf("eventName", names) + ") }",
		must:    calls(source, names...), mustNot: unrelated()}
}

func specs() []spec {
	loginOK := func(label string, kv ...any) sample {
		base := []any{"eventSource", "signin.amazonaws.com", "eventName", "ConsoleLogin",
			"additionalEventData.MFAUsed", "No", "responseElements.ConsoleLogin", "Success"}
		return event(label, append(base, kv...)...)
	}
	return []spec{
		{id: "ONUS-CW-001", cis: "5.1", title: "Unauthorized API calls are monitored", what: "unauthorized API calls", metric: "UnauthorizedAPICalls", sev: "low",
			pattern: `{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }`,
			must: []sample{
				event("RunInstances denied with Client.UnauthorizedOperation", "eventSource", "ec2.amazonaws.com", "eventName", "RunInstances", "errorCode", "Client.UnauthorizedOperation"),
				event("GetObject denied with AccessDenied", "eventSource", "s3.amazonaws.com", "eventName", "GetObject", "errorCode", "AccessDenied"),
			},
			mustNot: unrelated()},
		{id: "ONUS-CW-002", cis: "5.2", title: "Console sign-in without MFA is monitored", what: "console sign-ins without MFA", metric: "ConsoleSigninWithoutMFA", sev: "medium",
			pattern: `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }`,
			must:    []sample{loginOK("successful IAM user ConsoleLogin with MFAUsed=No")},
			mustNot: append(unrelated(), loginOK("ConsoleLogin with MFAUsed=Yes", "additionalEventData.MFAUsed", "Yes"))},
		{id: "ONUS-CW-003", cis: "5.3", title: "Use of the root user is monitored", what: "root user activity", metric: "RootAccountUsage", sev: "medium",
			pattern: `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
			must: []sample{
				event("root CreateUser call", "eventSource", "iam.amazonaws.com", "eventName", "CreateUser", "userIdentity.type", "Root", "userIdentity.arn", "arn:aws:iam::111122223333:root"),
				loginOK("root ConsoleLogin", "userIdentity.type", "Root", "eventType", "AwsConsoleSignIn", "userIdentity.arn", "arn:aws:iam::111122223333:root"),
			},
			mustNot: unrelated()},
		changeSpec("ONUS-CW-004", "5.4", "IAM policy changes are monitored", "IAM policy changes", "IAMPolicyChanges", "low", "iam.amazonaws.com",
			[]string{"DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy",
				"CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"}),
		changeSpec("ONUS-CW-005", "5.5", "CloudTrail configuration changes are monitored", "CloudTrail configuration changes", "CloudTrailChanges", "medium", "cloudtrail.amazonaws.com",
			[]string{"CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"}),
		{id: "ONUS-CW-006", cis: "5.6", title: "Console authentication failures are monitored", what: "failed console sign-ins", metric: "ConsoleSigninFailures", sev: "low",
			pattern: `{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`,
			must: []sample{loginOK("failed ConsoleLogin", "errorMessage", "Failed authentication", "responseElements.ConsoleLogin", "Failure",
				"additionalEventData.MFAUsed", "No")},
			mustNot: append(unrelated(), loginOK("successful ConsoleLogin", "additionalEventData.MFAUsed", "Yes"))},
		changeSpec("ONUS-CW-007", "5.7", "Disabling or scheduled deletion of customer managed KMS keys is monitored", "KMS key disabling or deletion", "DisableOrDeleteCMK", "low", "kms.amazonaws.com",
			[]string{"DisableKey", "ScheduleKeyDeletion"}),
		changeSpec("ONUS-CW-008", "5.8", "S3 bucket policy changes are monitored", "S3 bucket policy changes", "S3BucketPolicyChanges", "low", "s3.amazonaws.com",
			[]string{"PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"}),
		changeSpec("ONUS-CW-009", "5.9", "AWS Config configuration changes are monitored", "AWS Config changes", "AWSConfigChanges", "low", "config.amazonaws.com",
			[]string{"StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"}),
		changeSpec("ONUS-CW-010", "5.10", "Security group changes are monitored", "security group changes", "SecurityGroupChanges", "low", "ec2.amazonaws.com",
			[]string{"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"}),
		changeSpec("ONUS-CW-011", "5.11", "Network ACL changes are monitored", "network ACL changes", "NACLChanges", "low", "ec2.amazonaws.com",
			[]string{"CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"}),
		changeSpec("ONUS-CW-012", "5.12", "Network gateway changes are monitored", "network gateway changes", "NetworkGatewayChanges", "low", "ec2.amazonaws.com",
			[]string{"CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"}),
		changeSpec("ONUS-CW-013", "5.13", "Route table changes are monitored", "route table changes", "RouteTableChanges", "low", "ec2.amazonaws.com",
			[]string{"CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"}),
		changeSpec("ONUS-CW-014", "5.14", "VPC changes are monitored", "VPC changes", "VPCChanges", "low", "ec2.amazonaws.com",
			[]string{"CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection",
				"RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"}),
		changeSpec("ONUS-CW-015", "5.15", "AWS Organizations changes are monitored", "AWS Organizations changes", "OrganizationsChanges", "low", "organizations.amazonaws.com",
			[]string{"AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization",
				"DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization",
				"LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"}),
	}
}
