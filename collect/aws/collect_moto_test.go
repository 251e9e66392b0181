package awscollect

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	mec2 "github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// testOptions are fast retry settings for the emulator.
func testOptions(endpoint string) Options {
	return Options{EndpointURL: endpoint, Regions: []string{"us-east-1", "eu-west-1"}, MaxAttempts: 3, MaxBackoff: 20 * time.Millisecond, CallTimeout: 3 * time.Minute,
		Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }}
}

func find[T base.Resource](xs []T, suffix string) (T, bool) {
	for _, x := range xs {
		if strings.HasSuffix(x.M().Address, suffix) {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// val renders a Value for comparison: the value, or "UNKNOWN".
func val[T any](v source.Value[T]) any {
	x, ok := v.Get()
	if !ok {
		return "UNKNOWN"
	}
	return x
}

type check struct {
	name string
	got  func(e *model.Estate) any
	want any
}

func runChecks(t *testing.T, e *model.Estate, checks []check) {
	t.Helper()
	for _, c := range checks {
		got := func() (g any) {
			defer func() {
				if p := recover(); p != nil {
					g = fmt.Sprintf("missing: %v", p)
				}
			}()
			return c.got(e)
		}()
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, got, c.want)
		}
	}
}

func get[T base.Resource](xs []T, suffix string) T {
	x, ok := find(xs, suffix)
	if !ok {
		panic("no resource ending in " + suffix)
	}
	return x
}

func motoChecks(f fixture) []check {
	return []check{
		{"estate account-wide", func(e *model.Estate) any { return e.AccountWide }, true},
		{"scanned regions", func(e *model.Estate) any { return e.ScannedRegions }, []string{"eu-west-1", "us-east-1"}},
		// S3
		{"enc bucket meta", func(e *model.Estate) any {
			m := get(e.S3Buckets, ":::"+f.encBucket).Meta
			return [5]string{m.Type, m.ARN, m.Region, string(m.Source), m.Account}
		}, [5]string{"AWS::S3::Bucket", "arn:aws:s3:::" + f.encBucket, "us-east-1", "aws", "123456789012"}},
		{"enc bucket encryption", func(e *model.Estate) any {
			enc, _ := get(e.S3Buckets, ":::"+f.encBucket).Encryption.Get()
			return [3]any{enc.Algorithm, enc.KMSKeyID, enc.BucketKey}
		}, [3]any{"aws:kms", f.keyID, true}},
		{"enc bucket encryption origin", func(e *model.Estate) any {
			return get(e.S3Buckets, ":::"+f.encBucket).Encryption.Prov().Origin
		}, source.Origin{APICall: "s3:GetBucketEncryption", ARN: "arn:aws:s3:::" + f.encBucket, Region: "us-east-1", Account: "123456789012"}},
		{"enc bucket versioning", func(e *model.Estate) any {
			v, _ := get(e.S3Buckets, ":::"+f.encBucket).Versioning.Get()
			return v.Status
		}, "Enabled"},
		{"enc bucket PAB", func(e *model.Estate) any {
			p, _ := get(e.S3Buckets, ":::"+f.encBucket).PublicAccessBlock.Get()
			return [4]any{val(p.BlockPublicACLs), val(p.IgnorePublicACLs), val(p.BlockPublicPolicy), val(p.RestrictPublicBuckets)}
		}, [4]any{true, true, true, true}},
		{"enc bucket policy statement", func(e *model.Estate) any {
			p, _ := get(e.S3Buckets, ":::"+f.encBucket).Policy.Get()
			return [3]any{len(p.Statements), p.Statements[0].Effect, p.Statements[0].Condition[0].Entries[0].Key}
		}, [3]any{1, "Deny", "aws:SecureTransport"}},
		{"enc bucket policy public", func(e *model.Estate) any { return val(get(e.S3Buckets, ":::"+f.encBucket).PolicyIsPublic) }, false},
		{"enc bucket logging", func(e *model.Estate) any {
			l, _ := get(e.S3Buckets, ":::"+f.encBucket).Logging.Get()
			return l.TargetBucket + "/" + l.TargetPrefix
		}, "onus-logs-" + f.uniq + "/logs/"},
		{"enc bucket tags", func(e *model.Estate) any { return val(get(e.S3Buckets, ":::"+f.encBucket).Tags) }, map[string]string{"team": "sec"}},
		{"enc bucket acl", func(e *model.Estate) any { return val(get(e.S3Buckets, ":::"+f.encBucket).ACL) }, "private"},
		{"open bucket acl", func(e *model.Estate) any { return val(get(e.S3Buckets, ":::"+f.openBucket).ACL) }, "public-read"},
		{"open bucket policy absent", func(e *model.Estate) any {
			p, ok := get(e.S3Buckets, ":::"+f.openBucket).Policy.Get()
			return ok && p == nil
		}, true},
		{"open bucket PAB absent", func(e *model.Estate) any {
			p, ok := get(e.S3Buckets, ":::"+f.openBucket).PublicAccessBlock.Get()
			return ok && p == nil
		}, true},
		{"open bucket logging off", func(e *model.Estate) any {
			l, ok := get(e.S3Buckets, ":::"+f.openBucket).Logging.Get()
			return ok && l == nil
		}, true},
		{"open bucket lifecycle", func(e *model.Estate) any { return val(get(e.S3Buckets, ":::"+f.openBucket).Lifecycle) }, false},
		{"open bucket object lock", func(e *model.Estate) any { return val(get(e.S3Buckets, ":::"+f.openBucket).ObjectLock) }, false},
		{"eu bucket region", func(e *model.Estate) any { return get(e.S3Buckets, ":::"+f.euBkt).Region }, "eu-west-1"},
		{"account PAB", func(e *model.Estate) any { b, ok := e.S3AccountBlocks[0].Block.Get(); return ok && b == nil }, true},
		// EC2
		{"instance IMDS", func(e *model.Estate) any {
			i := get(e.EC2Instances, "/"+f.instID)
			return [3]any{val(i.HTTPTokens), val(i.HTTPEndpoint), val(i.InDefaultVPC)}
		}, [3]any{"required", "enabled", false}},
		{"instance user data", func(e *model.Estate) any { return val(get(e.EC2Instances, "/"+f.instID).UserData) }, "#!/bin/sh\necho hi\n"},
		{"instance groups", func(e *model.Estate) any { return val(get(e.EC2Instances, "/"+f.instID).SecurityGroups) }, []string{f.sgID}},
		{"instance profile none", func(e *model.Estate) any { return val(get(e.EC2Instances, "/"+f.instID).InstanceProfile) }, ""},
		{"instance meta", func(e *model.Estate) any {
			m := get(e.EC2Instances, "/"+f.instID).Meta
			return [3]string{m.Type, m.Address, m.Origin.APICall}
		}, [3]string{"AWS::EC2::Instance", "arn:aws:ec2:us-east-1:123456789012:instance/" + f.instID, "ec2:DescribeInstances"}},
		{"ssm unknown on moto 500", func(e *model.Estate) any {
			v := get(e.EC2Instances, "/"+f.instID).SSMManaged
			_, ok := v.Get()
			return !ok && strings.HasPrefix(v.Reason(), "ssm:DescribeInstanceInformation: ")
		}, true},
		{"volume unencrypted", func(e *model.Estate) any { return val(get(e.EBSVolumes, "/"+f.volID).Encrypted) }, false},
		{"snapshot public", func(e *model.Estate) any { return val(get(e.EBSSnapshots, "/"+f.snapID).Public) }, true},
		{"only own snapshots", func(e *model.Estate) any {
			for _, s := range e.EBSSnapshots {
				if s.Account != "123456789012" {
					return s.Address
				}
			}
			return "ok"
		}, "ok"},
		{"ebs default us-east-1", func(e *model.Estate) any { return val(get(e.EBSDefaults, "/us-east-1").EncryptionByDefault) }, true},
		{"ebs default eu-west-1", func(e *model.Estate) any { return val(get(e.EBSDefaults, "/eu-west-1").EncryptionByDefault) }, false},
		{"sg ssh rule", func(e *model.Estate) any {
			g := get(e.SecurityGroups, "/"+f.sgID)
			in, _ := g.Ingress.Get()
			return [5]any{len(in), val(in[0].Protocol), val(in[0].Ports), val(in[0].CIDRs), val(g.InUse)}
		}, [5]any{1, "tcp", base.PortRange{From: 22, To: 22}, []string{"0.0.0.0/0"}, true}},
		{"vpc flow logs", func(e *model.Estate) any {
			fl, _ := get(e.VPCs, "/"+f.vpcID).FlowLogs.Get()
			return [2]any{len(fl), fl[0].TrafficType}
		}, [2]any{1, "ALL"}},
		{"vpc not default", func(e *model.Estate) any { return val(get(e.VPCs, "/"+f.vpcID).IsDefault) }, false},
		{"default vpc flagged", func(e *model.Estate) any {
			n := 0
			for _, v := range e.VPCs {
				if d, _ := v.IsDefault.Get(); d {
					n++
				}
			}
			return n
		}, 2},
		// IAM
		{"user inline policy", func(e *model.Estate) any {
			in, _ := get(e.IAMUsers, ":user/alice-"+f.uniq).Inline.Get()
			d, _ := in[0].Document.Get()
			return [3]any{in[0].Name, d.Statements[0].Action, d.Statements[0].Resource}
		}, [3]any{"admin", []string{"*"}, []string{"*"}}},
		{"user groups", func(e *model.Estate) any { return val(get(e.IAMUsers, ":user/alice-"+f.uniq).Groups) }, []string{"devs-" + f.uniq}},
		{"group users + attached", func(e *model.Estate) any {
			g := get(e.IAMGroups, ":group/devs-"+f.uniq)
			at, _ := g.Attached.Get()
			d, _ := at[0].Document.Get()
			return [3]any{val(g.Users), at[0].Ref, d.Statements[0].Action}
		}, [3]any{[]string{"alice-" + f.uniq}, f.policyARN, []string{"s3:GetObject"}}},
		{"managed policy attachments", func(e *model.Estate) any {
			p := get(e.IAMPolicies, ":policy/read-"+f.uniq)
			return [2]any{val(p.AttachedTo), p.AWSManaged}
		}, [2]any{[]string{"devs-" + f.uniq}, false}},
		{"unused AWS managed policies skipped", func(e *model.Estate) any {
			for _, p := range e.IAMPolicies {
				if to, _ := p.AttachedTo.Get(); p.AWSManaged && len(to) == 0 {
					return p.Address
				}
			}
			return "ok"
		}, "ok"},
		{"role trust policy", func(e *model.Estate) any {
			p, _ := get(e.IAMRoles, ":role/app-"+f.uniq).TrustPolicy.Get()
			return p.Statements[0].Principal.Service
		}, []string{"ec2.amazonaws.com"}},
		{"no support role", func(e *model.Estate) any { return val(e.Accounts[0].SupportRole) }, false},
		{"password policy", func(e *model.Estate) any {
			p, _ := e.Accounts[0].PasswordPolicy.Get()
			return [3]any{val(p.MinimumLength), val(p.RequireSymbols), val(p.ReusePrevention)}
		}, [3]any{14, true, 24}},
		{"user in credential report", func(e *model.Estate) any {
			u := get(e.IAMUsers, ":user/alice-"+f.uniq)
			return [2]any{val(u.PasswordEnabled), val(u.MFAActive)}
		}, [2]any{false, false}},
		// KMS
		{"kms rotation", func(e *model.Estate) any { return val(get(e.KMSKeys, "/"+f.keyID).RotationEnabled) }, true},
		{"kms asymmetric", func(e *model.Estate) any {
			k := get(e.KMSKeys, "/"+f.asymKeyID)
			_, known := k.RotationEnabled.Get()
			return [2]any{val(k.KeySpec), known}
		}, [2]any{"RSA_2048", false}},
		{"kms policy read", func(e *model.Estate) any { p, ok := get(e.KMSKeys, "/"+f.keyID).Policy.Get(); return ok && p != nil }, true},
		// CloudTrail: one copy of the multi-region trail.
		{"trail deduplicated", func(e *model.Estate) any {
			n := 0
			for _, tr := range e.Trails {
				if tr.ARN == f.trailARN {
					n++
				}
			}
			return n
		}, 1},
		{"trail settings", func(e *model.Estate) any {
			tr := get(e.Trails, f.trailARN)
			return [5]any{tr.Region, val(tr.MultiRegion), val(tr.LogFileValidation), val(tr.Logging), val(tr.KMSKeyID)}
		}, [5]any{"us-east-1", true, true, true, ""}},
		// Data services
		{"dynamodb pitr", func(e *model.Estate) any { return val(get(e.DynamoDBTables, "/"+f.table).PITR) }, true},
		{"sqs kms", func(e *model.Estate) any { return val(get(e.SQSQueues, ":"+f.que).KMSKeyID) }, f.keyID},
		{"sns no kms", func(e *model.Estate) any { return val(get(e.SNSTopics, f.topicARN).KMSKeyID) }, ""},
		{"secret no rotation", func(e *model.Estate) any { return val(get(e.Secrets, f.secretARN).RotationEnabled) }, false},
		// Tags read per resource.
		{"sns tags", func(e *model.Estate) any { return val(get(e.SNSTopics, f.topicARN).Tags) }, map[string]string{"team": "ops"}},
		{"sqs tags", func(e *model.Estate) any { return val(get(e.SQSQueues, ":"+f.que).Tags) }, map[string]string{"team": "jobs"}},
		{"dynamodb tags", func(e *model.Estate) any { return val(get(e.DynamoDBTables, "/"+f.table).Tags) }, map[string]string{"data": "orders"}},
		{"trail tags", func(e *model.Estate) any { return val(get(e.Trails, f.trailARN).Tags) }, map[string]string{"team": "audit"}},
		{"lb tags", func(e *model.Estate) any {
			lb := get(e.LoadBalancers, f.lbARN)
			return [2]any{val(lb.Tags), lb.Tags.Prov().Origin.APICall}
		}, [2]any{map[string]string{"team": "web"}, "elasticloadbalancing:DescribeTags"}},
		// Account and region detective settings.
		{"security contact", func(e *model.Estate) any {
			c := e.Accounts[0].ContactsSet
			return [2]any{val(c), c.Prov().Origin.APICall}
		}, [2]any{true, "account:GetAlternateContact"}},
		{"macie per region", func(e *model.Estate) any {
			m := map[string]any{}
			for _, r := range e.Regions {
				m[r.Name] = val(r.Macie)
			}
			return m
			// The emulator keeps one Macie session for all regions; the
			// "not enabled" answers are covered by TestRecordedMacie.
		}, map[string]any{"us-east-1": true, "eu-west-1": true}},
		// AMIs: only the account's own, with their launch permission.
		{"image", func(e *model.Estate) any {
			im := get(e.Images, "/"+f.imageID)
			return [4]any{im.Type, val(im.ImageID), val(im.Name), val(im.Public)}
		}, [4]any{"AWS::EC2::Image", f.imageID, "golden-" + f.uniq, true}},
		{"only own images", func(e *model.Estate) any {
			for _, im := range e.Images {
				if im.Account != "123456789012" || !strings.HasPrefix(val(im.Name).(string), "golden-") {
					return im.Address
				}
			}
			return "ok"
		}, "ok"},
		// API Gateway stages.
		{"stage prod", func(e *model.Estate) any {
			s := get(e.APIGatewayStages, "/restapis/"+f.apiID+"/stages/prod")
			return [5]any{s.Type, val(s.APIName), val(s.WebACL), val(s.AccessLogs), val(s.ClientCertificate)}
		}, [5]any{"AWS::ApiGateway::Stage", "shop-" + f.uniq, f.aclARN, true, ""}},
		{"vpc endpoints", func(e *model.Estate) any {
			v := get(e.VPCs, "vpc/"+f.vpcID)
			eps, ok := v.Endpoints.Get()
			if !ok || len(eps) != 1 {
				return fmt.Sprintf("%v %#v", ok, eps)
			}
			return [4]any{eps[0].ID, val(eps[0].ServiceName), eps[0].Type, eps[0].State}
		}, [4]any{f.endpointID, "com.amazonaws.us-east-1.ec2", "Interface", "available"}},
		{"launch template", func(e *model.Estate) any {
			lt := get(e.LaunchTemplates, "launch-template/"+f.ltID)
			return [5]any{val(lt.Name), val(lt.PublicIPInterfaces), val(lt.HTTPTokens), val(lt.UnencryptedVolumes), lt.Region}
		}, [5]any{"web-" + f.uniq, []string{"device_index 0"}, "optional", []string{"/dev/xvdb"}, "us-east-1"}},
		{"instance interfaces, virtualization, state time", func(e *model.Estate) any {
			i := get(e.EC2Instances, "instance/"+f.instID)
			enis, _ := i.NetworkInterfaces.Get()
			return [3]any{len(enis), val(i.VirtualizationType), val(i.StateTransitionTime)}
		}, [3]any{1, "hvm", "UNKNOWN"}},
		{"vpn connection", func(e *model.Estate) any {
			v := get(e.VPNConnections, "vpn-connection/"+f.vpnID)
			return [3]any{val(v.TunnelStatus), val(v.TunnelLogging), v.Region}
		}, [3]any{[]mec2.VPNTunnelStatus{}, "UNKNOWN", "us-east-1"}},
		{"block public access per region", func(e *model.Estate) any {
			var regions []string
			for _, b := range e.VPCBlockPublicAccess {
				regions = append(regions, b.Region)
			}
			sort.Strings(regions)
			return regions
		}, []string{"eu-west-1", "us-east-1"}},
		{"transit gateway", func(e *model.Estate) any {
			g := get(e.TransitGateways, "transit-gateway/"+f.tgwID)
			return val(g.AutoAcceptSharedAttachments)
		}, true},
		{"multi-region access point", func(e *model.Estate) any {
			for _, m := range e.S3MultiRegionAccessPoints {
				if n, _ := m.Name.Get(); n == f.mrapName {
					p, _ := m.PublicAccessBlock.Get()
					if p == nil {
						return "no public access block"
					}
					return [4]any{val(p.BlockPublicACLs), val(p.IgnorePublicACLs), val(p.BlockPublicPolicy), val(p.RestrictPublicBuckets)}
				}
			}
			return "not listed"
		}, [4]any{true, true, false, true}},
		{"stage dev", func(e *model.Estate) any {
			s := get(e.APIGatewayStages, "/restapis/"+f.apiID+"/stages/dev")
			return [3]any{val(s.WebACL), val(s.AccessLogs), s.ARN}
		}, [3]any{"", false, "arn:aws:apigateway:us-east-1::/restapis/" + f.apiID + "/stages/dev"}},
	}
}

func TestCollectMoto(t *testing.T) {
	w := sharedWorld(t)
	runChecks(t, w.baseline, motoChecks(w.f))
}

// TestControlOutcomesMoto runs the control catalogue on the emulator estate
// and checks the outcome of each control on each provisioned resource.
func TestControlOutcomesMoto(t *testing.T) {
	w := sharedWorld(t)
	f := w.f
	acct := "123456789012"
	bucket := func(n string) string { return "arn:aws:s3:::" + n }
	ec2ARN := func(kind, id string) string { return "arn:aws:ec2:us-east-1:" + acct + ":" + kind + "/" + id }
	stageARN := func(name string) string {
		return "arn:aws:apigateway:us-east-1::/restapis/" + f.apiID + "/stages/" + name
	}
	want := []struct {
		control, address string
		outcome          control.Outcome
	}{
		{"ONUS-S3-002", bucket(f.encBucket), control.Pass},
		{"ONUS-S3-002", bucket(f.openBucket), control.Fail},
		{"ONUS-S3-005", bucket(f.encBucket), control.Pass},
		{"ONUS-S3-005", bucket(f.openBucket), control.Fail},
		{"ONUS-S3-007", bucket(f.encBucket), control.Pass},
		{"ONUS-S3-007", bucket(f.openBucket), control.Fail},
		{"ONUS-S3-009", bucket(f.encBucket), control.Pass},
		{"ONUS-S3-009", bucket(f.openBucket), control.Fail},
		{"ONUS-S3-010", bucket(f.encBucket), control.Pass},
		{"ONUS-S3-010", bucket(f.openBucket), control.Fail},
		{"ONUS-S3-020", bucket(f.encBucket), control.Pass},
		{"ONUS-S3-020", bucket(f.openBucket), control.Pass},
		{"ONUS-EC2-001", ec2ARN("instance", f.instID), control.Pass},
		{"ONUS-EC2-007", ec2ARN("instance", f.instID), control.Unknown},
		{"ONUS-EC2-008", ec2ARN("instance", f.instID), control.Pass},
		{"ONUS-EBS-002", ec2ARN("snapshot", f.snapID), control.Fail},
		{"ONUS-EC2-013", ec2ARN("image", f.imageID), control.Fail},
		{"ONUS-APIGW-001", stageARN("prod"), control.Pass},
		{"ONUS-APIGW-001", stageARN("dev"), control.Fail},
		{"ONUS-APIGW-002", stageARN("prod"), control.Pass},
		{"ONUS-APIGW-002", stageARN("dev"), control.Fail},
		{"ONUS-APIGW-003", stageARN("prod"), control.Fail},
		{"ONUS-VPC-001", ec2ARN("security-group", f.sgID), control.Fail},
		{"ONUS-VPC-007", ec2ARN("vpc", f.vpcID), control.Pass},
		{"ONUS-VPC-011", ec2ARN("vpc", f.vpcID), control.Pass},
		{"ONUS-VPC-014", ec2ARN("vpc", f.vpcID), control.Fail},
		{"ONUS-EC2-009", ec2ARN("launch-template", f.ltID), control.Fail},
		{"ONUS-EC2-010", ec2ARN("launch-template", f.ltID), control.Fail},
		{"ONUS-EC2-011", ec2ARN("launch-template", f.ltID), control.Fail},
		{"ONUS-VPC-010", ec2ARN("transit-gateway", f.tgwID), control.Fail},
		{"ONUS-EC2-014", ec2ARN("instance", f.instID), control.NotApplicable},
		{"ONUS-EC2-015", ec2ARN("instance", f.instID), control.Pass},
		{"ONUS-EC2-016", ec2ARN("instance", f.instID), control.Pass},
		// No telemetry from the emulator: UNKNOWN, never PASS.
		{"ONUS-VPC-017", ec2ARN("vpn-connection", f.vpnID), control.Unknown},
		{"ONUS-VPC-019", ec2ARN("vpn-connection", f.vpnID), control.Unknown},
		{"ONUS-KMS-001", "arn:aws:kms:us-east-1:" + acct + ":key/" + f.keyID, control.Pass},
		// The trail delivers to CloudWatch Logs, but no filter watches root use.
		{"ONUS-CW-003", "account/" + acct, control.Fail},
		{"ONUS-CT-005", f.trailARN, control.Pass},
		{"ONUS-IAM-025", "account/" + acct, control.Pass},
		{"ONUS-MACIE-001", "region/" + acct + "/us-east-1", control.Pass},
	}
	got := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).Slice() {
		got[r.Control.ID+" "+r.Resource.Address] = r
	}
	// The emulator's default VPCs (one per region) hold nothing: their
	// results are marked for grouping; the provisioned VPC's are not.
	marked := map[string]bool{}
	for _, r := range got {
		if r.Resource.DefaultResource {
			marked[r.Resource.Address] = true
		}
	}
	for _, v := range w.baseline.VPCs {
		def, _ := v.IsDefault.Get()
		if marked[v.Address] != def {
			t.Errorf("VPC %s (default %v): results marked default_resource = %v", v.Address, def, marked[v.Address])
		}
	}
	if marked[ec2ARN("security-group", f.sgID)] {
		t.Errorf("the provisioned security group is marked as an unused default")
	}
	for _, x := range want {
		r, ok := got[x.control+" "+x.address]
		switch {
		case !ok:
			t.Errorf("%s on %s: no result", x.control, x.address)
		case r.Outcome != x.outcome:
			t.Errorf("%s on %s = %s (%s), want %s", x.control, x.address, r.Outcome, r.Reason, x.outcome)
		}
	}
}
