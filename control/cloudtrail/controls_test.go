package cloudtrail

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	. "github.com/onus-sec/onus/control/internal/ctltest"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/cloudtrail"
	"github.com/onus-sec/onus/model/s3"
)

// good is a trail that meets every per-trail duty.
func good(addr string) *cloudtrail.Trail {
	return &cloudtrail.Trail{
		Meta:                Live("AWS::CloudTrail::Trail", addr),
		Name:                K(addr),
		HomeRegion:          K("us-east-1"),
		MultiRegion:         K(true),
		LogFileValidation:   K(true),
		KMSKeyID:            K("arn:aws:kms:us-east-1:111122223333:key/k"),
		GlobalServiceEvents: K(true),
		CloudWatchLogsGroup: K("arn:aws:logs:us-east-1:111122223333:log-group:trail:*"),
		S3Bucket:            K("trail-bucket"),
		Logging:             K(true),
		EventSelectors: K([]cloudtrail.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true,
			DataResources: []cloudtrail.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}),
	}
}

func with(t *cloudtrail.Trail, f func(*cloudtrail.Trail)) *cloudtrail.Trail { f(t); return t }

func privBucket(name string) *s3.Bucket {
	return &s3.Bucket{
		Meta: Live("AWS::S3::Bucket", name), Name: K(name),
		PublicAccessBlock: K(&s3.PublicAccessBlock{BlockPublicACLs: K(true), IgnorePublicACLs: K(true), BlockPublicPolicy: K(true), RestrictPublicBuckets: K(true)}),
		Logging:           K(&s3.Logging{TargetBucket: "logs"}),
	}
}

func live(trails []*cloudtrail.Trail, buckets ...*s3.Bucket) *model.Estate {
	return &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1"}, Trails: trails, S3Buckets: buckets}
}

func TestMultiRegion(t *testing.T) {
	c := Find(t, Controls(), "ONUS-CT-001")
	single := with(good("t1"), func(t *cloudtrail.Trail) { t.MultiRegion = K(false) })
	readOnly := with(good("t2"), func(t *cloudtrail.Trail) {
		t.EventSelectors = K([]cloudtrail.EventSelector{{ReadWriteType: "ReadOnly", IncludeManagementEvents: true}})
	})
	split := with(good("t3"), func(t *cloudtrail.Trail) {
		t.EventSelectors = K([]cloudtrail.EventSelector{{ReadWriteType: "ReadOnly", IncludeManagementEvents: true}, {ReadWriteType: "WriteOnly", IncludeManagementEvents: true}})
	})
	advanced := with(good("t4"), func(t *cloudtrail.Trail) {
		t.EventSelectors = K([]cloudtrail.EventSelector{{Advanced: []cloudtrail.AdvancedField{{Field: "eventCategory", Equals: []string{"Management"}}}}})
	})
	advRead := with(good("t5"), func(t *cloudtrail.Trail) {
		t.EventSelectors = K([]cloudtrail.EventSelector{{Advanced: []cloudtrail.AdvancedField{{Field: "eventCategory", Equals: []string{"Management"}}, {Field: "readOnly", Equals: []string{"true"}}}}})
	})
	stopped := with(good("t6"), func(t *cloudtrail.Trail) { t.Logging = K(false) })
	unkLogging := with(good("t7"), func(t *cloudtrail.Trail) { t.Logging = U[bool]("GetTrailStatus: AccessDenied") })
	noSel := with(good("t8"), func(t *cloudtrail.Trail) { t.EventSelectors = K([]cloudtrail.EventSelector(nil)) })
	gap := live(nil)
	gap.Gaps = []model.Gap{{Type: "AWS::CloudTrail::Trail", APICall: "DescribeTrails", Reason: "AccessDenied"}}
	code := &model.Estate{}
	Run(t, c, []Case{
		{Name: "good", Estate: live([]*cloudtrail.Trail{good("t0")}), Want: control.Pass},
		{Name: "split selectors", Estate: live([]*cloudtrail.Trail{split}), Want: control.Pass},
		{Name: "advanced", Estate: live([]*cloudtrail.Trail{advanced}), Want: control.Pass},
		{Name: "default selectors", Estate: live([]*cloudtrail.Trail{noSel}), Want: control.Pass},
		{Name: "one of several", Estate: live([]*cloudtrail.Trail{single, good("t0")}), Want: control.Pass},
		{Name: "no trail", Estate: live(nil), Want: control.Fail, Reason: "no CloudTrail trail"},
		{Name: "single region", Estate: live([]*cloudtrail.Trail{single}), Want: control.Fail, Reason: "multi-region"},
		{Name: "read only", Estate: live([]*cloudtrail.Trail{readOnly}), Want: control.Fail, Reason: "write=false"},
		{Name: "advanced read only", Estate: live([]*cloudtrail.Trail{advRead}), Want: control.Fail},
		{Name: "stopped", Estate: live([]*cloudtrail.Trail{stopped}), Want: control.Fail, Reason: "logging"},
		{Name: "status denied", Estate: live([]*cloudtrail.Trail{unkLogging, single}), Want: control.Unknown, Reason: "AccessDenied"},
		{Name: "listing denied", Estate: gap, Want: control.Unknown, Reason: "could not be listed"},
		{Name: "code without trail", Estate: code, Want: control.NotApplicable},
	})
}

func TestPerTrail(t *testing.T) {
	noKMS := with(good("t1"), func(t *cloudtrail.Trail) { t.KMSKeyID = K("") })
	unk := with(good("t2"), func(t *cloudtrail.Trail) {
		t.KMSKeyID = U[string]("var.key has no value")
		t.LogFileValidation = U[bool]("var.v has no value")
		t.GlobalServiceEvents = U[bool]("x")
		t.CloudWatchLogsGroup = U[string]("x")
		t.Logging = U[bool]("x")
	})
	bad := with(good("t3"), func(t *cloudtrail.Trail) {
		t.LogFileValidation = K(false)
		t.GlobalServiceEvents = K(false)
		t.CloudWatchLogsGroup = K("")
		t.Logging = K(false)
	})
	cases := func(failing *cloudtrail.Trail) []Case {
		return []Case{
			{Name: "good", Estate: live([]*cloudtrail.Trail{good("t0")}), Address: "t0", Want: control.Pass},
			{Name: "bad", Estate: live([]*cloudtrail.Trail{failing}), Address: failing.Address, Want: control.Fail},
			{Name: "unknown", Estate: live([]*cloudtrail.Trail{unk}), Address: "t2", Want: control.Unknown},
			{Name: "no trails", Estate: live(nil), Want: control.NotApplicable},
		}
	}
	for _, id := range []string{"ONUS-CT-002", "ONUS-CT-004", "ONUS-CT-005", "ONUS-CT-010"} {
		Run(t, Find(t, Controls(), id), cases(bad))
	}
	Run(t, Find(t, Controls(), "ONUS-CT-003"), cases(noKMS))
}

func TestTrailBucket(t *testing.T) {
	open := privBucket("trail-bucket")
	open.PublicAccessBlock = K[*s3.PublicAccessBlock](nil)
	open.ACL = K("public-read")
	open.Grants = K([]s3.Grant(nil))
	open.Policy = K[*iampolicy.Policy](nil)

	policyOpen := privBucket("trail-bucket")
	policyOpen.PublicAccessBlock = K(&s3.PublicAccessBlock{IgnorePublicACLs: K(true), RestrictPublicBuckets: K(false)})
	policyOpen.Policy = K(&iampolicy.Policy{Statements: []iampolicy.Statement{{Effect: "Allow", Principal: &iampolicy.Principals{All: true}, Action: []string{"s3:GetObject"}, Path: "Statement[0]"}}})

	// Principal "*" under a condition any caller meets is still public
	// (it passed when the check skipped every conditioned statement).
	policyTLSOnly := privBucket("trail-bucket")
	policyTLSOnly.PublicAccessBlock = K[*s3.PublicAccessBlock](nil)
	policyTLSOnly.ACL = K("private")
	policyTLSOnly.ARN = "arn:aws:s3:::trail-bucket"
	policyTLSOnly.Grants = K([]s3.Grant(nil))
	policyTLSOnly.Policy = K(mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
		"Resource":"arn:aws:s3:::trail-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`))
	// Principal "*" confined to the organization is not public.
	policyOrg := privBucket("trail-bucket")
	policyOrg.PublicAccessBlock = K[*s3.PublicAccessBlock](nil)
	policyOrg.ACL = K("private")
	policyOrg.ARN = "arn:aws:s3:::trail-bucket"
	policyOrg.Grants = K([]s3.Grant(nil))
	policyOrg.Policy = K(mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
		"Resource":"arn:aws:s3:::trail-bucket/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`))

	privNoPAB := privBucket("trail-bucket")
	privNoPAB.PublicAccessBlock = K[*s3.PublicAccessBlock](nil)
	privNoPAB.ACL = K("private")
	privNoPAB.Grants = K([]s3.Grant(nil))
	privNoPAB.Policy = K[*iampolicy.Policy](nil)

	unkPAB := privBucket("trail-bucket")
	unkPAB.PublicAccessBlock = U[*s3.PublicAccessBlock]("GetPublicAccessBlock: AccessDenied")
	unkPAB.ACL = K("public-read")
	unkPAB.Grants = K([]s3.Grant(nil))
	unkPAB.Policy = K[*iampolicy.Policy](nil)

	acctBlocked := privBucket("trail-bucket")
	acctBlocked.PublicAccessBlock = K[*s3.PublicAccessBlock](nil)
	acctBlocked.ACL = K("public-read")
	ae := live([]*cloudtrail.Trail{good("t0")}, acctBlocked)
	ae.S3AccountBlocks = []*s3.AccountPublicAccessBlock{{Block: K(&s3.PublicAccessBlock{IgnorePublicACLs: K(true), RestrictPublicBuckets: K(true)})}}

	elsewhere := with(good("t9"), func(t *cloudtrail.Trail) { t.S3Bucket = K("org-log-archive") })
	Run(t, Find(t, Controls(), "ONUS-CT-006"), []Case{
		{Name: "blocked", Estate: live([]*cloudtrail.Trail{good("t0")}, privBucket("trail-bucket")), Address: "t0", Want: control.Pass},
		{Name: "private without PAB", Estate: live([]*cloudtrail.Trail{good("t0")}, privNoPAB), Address: "t0", Want: control.Pass},
		{Name: "account block", Estate: ae, Address: "t0", Want: control.Pass},
		{Name: "public ACL", Estate: live([]*cloudtrail.Trail{good("t0")}, open), Address: "t0", Want: control.Fail, Reason: "public-read"},
		{Name: "public policy", Estate: live([]*cloudtrail.Trail{good("t0")}, policyOpen), Address: "t0", Want: control.Fail, Reason: "bucket policy is public: anyone may s3:GetObject"},
		{Name: "public under a condition anyone meets", Estate: live([]*cloudtrail.Trail{good("t0")}, policyTLSOnly), Address: "t0", Want: control.Fail, Reason: "under conditions an outsider can meet"},
		{Name: "organization only", Estate: live([]*cloudtrail.Trail{good("t0")}, policyOrg), Address: "t0", Want: control.Pass},
		{Name: "PAB unknown", Estate: live([]*cloudtrail.Trail{good("t0")}, unkPAB), Address: "t0", Want: control.Unknown, Reason: "IgnorePublicAcls"},
		{Name: "bucket elsewhere", Estate: live([]*cloudtrail.Trail{elsewhere}), Address: "t9", Want: control.Unknown, Reason: "org-log-archive"},
		{Name: "no trail", Estate: live(nil), Want: control.NotApplicable},
	})
	noLog := privBucket("trail-bucket")
	noLog.Logging = K[*s3.Logging](nil)
	unkLog := privBucket("trail-bucket")
	unkLog.Logging = U[*s3.Logging]("GetBucketLogging: AccessDenied")
	Run(t, Find(t, Controls(), "ONUS-CT-007"), []Case{
		{Name: "logged", Estate: live([]*cloudtrail.Trail{good("t0")}, privBucket("trail-bucket")), Address: "t0", Want: control.Pass},
		{Name: "not logged", Estate: live([]*cloudtrail.Trail{good("t0")}, noLog), Address: "t0", Want: control.Fail},
		{Name: "unknown", Estate: live([]*cloudtrail.Trail{good("t0")}, unkLog), Address: "t0", Want: control.Unknown, Reason: "AccessDenied"},
		{Name: "no trail", Estate: live(nil), Want: control.NotApplicable},
	})
}

func TestDataEvents(t *testing.T) {
	b := privBucket("data")
	mgmtOnly := with(good("t1"), func(t *cloudtrail.Trail) {
		t.EventSelectors = K([]cloudtrail.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}})
	})
	writeOnly := with(good("t2"), func(t *cloudtrail.Trail) {
		t.EventSelectors = K([]cloudtrail.EventSelector{{ReadWriteType: "WriteOnly", DataResources: []cloudtrail.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::data/"}}}}})
	})
	advRead := with(good("t3"), func(t *cloudtrail.Trail) {
		t.EventSelectors = K([]cloudtrail.EventSelector{{Advanced: []cloudtrail.AdvancedField{
			{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}, {Field: "readOnly", Equals: []string{"true"}}}}})
	})
	otherRegion := with(good("t4"), func(t *cloudtrail.Trail) { t.MultiRegion = K(false); t.HomeRegion = K("eu-west-1") })
	unkSel := with(good("t5"), func(t *cloudtrail.Trail) {
		t.EventSelectors = U[[]cloudtrail.EventSelector]("GetEventSelectors: throttled")
	})
	codeBucket := &s3.Bucket{Meta: TF("aws_s3_bucket", "aws_s3_bucket.data"), Name: K("data")}
	for _, tc := range []struct {
		id                string
		writeOK, writeBad *cloudtrail.Trail
	}{
		{"ONUS-CT-008", writeOnly, advRead},
		{"ONUS-CT-009", advRead, writeOnly},
	} {
		Run(t, Find(t, Controls(), tc.id), []Case{
			{Name: "all buckets", Estate: live([]*cloudtrail.Trail{good("t0")}, b), Address: "data", Want: control.Pass},
			{Name: "specific", Estate: live([]*cloudtrail.Trail{tc.writeOK}, b), Address: "data", Want: control.Pass},
			{Name: "wrong kind", Estate: live([]*cloudtrail.Trail{tc.writeBad}, b), Address: "data", Want: control.Fail},
			{Name: "management only", Estate: live([]*cloudtrail.Trail{mgmtOnly}, b), Address: "data", Want: control.Fail},
			{Name: "other region", Estate: live([]*cloudtrail.Trail{otherRegion}, b), Address: "data", Want: control.Fail},
			{Name: "no trail live", Estate: live(nil, b), Address: "data", Want: control.Fail},
			{Name: "selectors unknown", Estate: live([]*cloudtrail.Trail{unkSel}, b), Address: "data", Want: control.Unknown, Reason: "throttled"},
			{Name: "code without trail", Estate: &model.Estate{S3Buckets: []*s3.Bucket{codeBucket}}, Address: "aws_s3_bucket.data", Want: control.NotApplicable},
		})
	}
	// A FAIL cites, per trail, why it does not log the bucket's events.
	notLogging := with(good("t6"), func(t *cloudtrail.Trail) { t.Logging = K(false) })
	rs := Find(t, Controls(), "ONUS-CT-008").Check(live([]*cloudtrail.Trail{mgmtOnly, otherRegion, notLogging}, b))
	if len(rs) != 1 || rs[0].Outcome != control.Fail {
		t.Fatalf("three trails, none logging writes: %+v", rs)
	}
	var got []string
	for _, e := range rs[0].Evidence {
		got = append(got, e.Summary)
	}
	want := []string{"event selectors of t1", "trail t4 is single-region in eu-west-1", "trail t6 is not logging"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("FAIL evidence %q, want %q", got, want)
	}
}

func mustParse(t *testing.T, doc string) *iampolicy.Policy {
	t.Helper()
	p, err := iampolicy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMultiRegionWithRegionsLeftOut: a multi-region trail shows in every
// region's listing, so regions a scan left out (--regions) hide none: no
// trail in the scanned region is still a FAIL. A failed listing in the
// scanned region is not.
func TestMultiRegionWithRegionsLeftOut(t *testing.T) {
	c := Find(t, Controls(), "ONUS-CT-001")
	skipped := model.Gap{Type: "AWS::CloudTrail::", Region: model.UnscannedRegions, Reason: "regions other than us-east-1 were not scanned (--regions)"}
	e := live(nil)
	e.Gaps = []model.Gap{skipped}
	if rs := c.Check(e); len(rs) != 1 || rs[0].Outcome != control.Fail {
		t.Errorf("no trail, other regions not scanned: %+v, want FAIL", rs)
	}
	e.Gaps = append(e.Gaps, model.Gap{Type: "AWS::CloudTrail::Trail", Region: "us-east-1", Reason: "cloudtrail:DescribeTrails: AccessDenied"})
	if rs := c.Check(e); len(rs) != 1 || rs[0].Outcome != control.Unknown {
		t.Errorf("no trail, listing denied in the scanned region: %+v, want UNKNOWN", rs)
	}
	// CT-008 counts single-region trails in the bucket's region: one may
	// be in a region not scanned.
	b := privBucket("data")
	e = live(nil, b)
	e.Gaps = []model.Gap{skipped}
	if rs := Find(t, Controls(), "ONUS-CT-008").Check(e); len(rs) != 1 || rs[0].Outcome != control.Unknown {
		t.Errorf("CT-008 with regions not scanned: %+v, want UNKNOWN", rs)
	}
}
