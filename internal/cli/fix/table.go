package fix

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
)

// Fix is the single-attribute remedy of one control on some resource types.
type Fix struct {
	Control string
	// Types are the Terraform resource types it edits.
	Types []string
	// Blocks are nested block types leading to the attribute ("metadata_options").
	Blocks []string
	Attr   string
	Value  cty.Value
	// AtLeast: only raise a literal number below Value; never lower one.
	AtLeast bool
	// Param names the control parameter whose value replaces Value when
	// the user set one, so the edit satisfies the threshold the scan
	// judges against.
	Param string
	// CFN is the same remedy in CloudFormation resource types.
	CFN []CFNProp
}

// WithParams returns fixes with each parameter-driven Value set to the
// parameter's value in e (the user's, else the default).
func WithParams(fixes []Fix, cs []*control.Control, e *model.Estate) []Fix {
	out := append([]Fix(nil), fixes...)
	for i := range out {
		if out[i].Param == "" {
			continue
		}
		for _, c := range cs {
			for _, p := range c.Params {
				if c.ID == out[i].Control && p.Name == out[i].Param {
					n, _, _ := p.Value(e)
					out[i].Value = cty.NumberIntVal(int64(n))
				}
			}
		}
	}
	return out
}

// Fixes is the control → attribute table. Each entry was checked against
// the control's Check: after the edit the control passes for that resource.
func Fixes() []Fix {
	db := []string{"aws_db_instance"}
	dbAndCluster := []string{"aws_db_instance", "aws_rds_cluster"}
	trail := []string{"aws_cloudtrail"}
	cfnDB := []string{"AWS::RDS::DBInstance"}
	cfnDBAndCluster := []string{"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"}
	cfnTrail := []string{"AWS::CloudTrail::Trail"}
	prop := func(types []string, path ...string) []CFNProp { return []CFNProp{{Types: types, Path: path}} }
	return []Fix{
		{Control: "ONUS-RDS-001", Types: dbAndCluster, Attr: "storage_encrypted", Value: cty.True,
			CFN: prop(cfnDBAndCluster, "StorageEncrypted")},
		{Control: "ONUS-RDS-002", Types: dbAndCluster, Attr: "backup_retention_period", Value: cty.NumberIntVal(7), AtLeast: true, Param: "min_backup_retention_days",
			CFN: prop(cfnDBAndCluster, "BackupRetentionPeriod")},
		{Control: "ONUS-RDS-003", Types: db, Attr: "publicly_accessible", Value: cty.False,
			CFN: prop(cfnDB, "PubliclyAccessible")},
		{Control: "ONUS-RDS-005", Types: dbAndCluster, Attr: "deletion_protection", Value: cty.True,
			CFN: prop(cfnDBAndCluster, "DeletionProtection")},
		{Control: "ONUS-RDS-006", Types: dbAndCluster, Attr: "auto_minor_version_upgrade", Value: cty.True,
			CFN: prop(cfnDB, "AutoMinorVersionUpgrade")},
		{Control: "ONUS-RDS-007", Types: dbAndCluster, Attr: "iam_database_authentication_enabled", Value: cty.True,
			CFN: prop(cfnDBAndCluster, "EnableIAMDatabaseAuthentication")},
		{Control: "ONUS-RDS-009", Types: dbAndCluster, Attr: "copy_tags_to_snapshot", Value: cty.True,
			CFN: prop(cfnDBAndCluster, "CopyTagsToSnapshot")},
		// AWS::EC2::Instance has no MetadataOptions property (IMDSv2 is set
		// through a launch template), so this one is Terraform only.
		{Control: "ONUS-EC2-001", Types: []string{"aws_instance"}, Blocks: []string{"metadata_options"}, Attr: "http_tokens", Value: cty.StringVal("required")},
		{Control: "ONUS-EC2-006", Types: []string{"aws_instance"}, Attr: "monitoring", Value: cty.True,
			CFN: prop([]string{"AWS::EC2::Instance"}, "Monitoring")},
		{Control: "ONUS-EBS-001", Types: []string{"aws_ebs_volume"}, Attr: "encrypted", Value: cty.True,
			CFN: prop([]string{"AWS::EC2::Volume"}, "Encrypted")},
		{Control: "ONUS-CT-002", Types: trail, Attr: "enable_log_file_validation", Value: cty.True,
			CFN: prop(cfnTrail, "EnableLogFileValidation")},
		{Control: "ONUS-CT-004", Types: trail, Attr: "include_global_service_events", Value: cty.True,
			CFN: prop(cfnTrail, "IncludeGlobalServiceEvents")},
		{Control: "ONUS-CT-010", Types: trail, Attr: "enable_logging", Value: cty.True,
			CFN: prop(cfnTrail, "IsLogging")},
		{Control: "ONUS-VPC-008", Types: []string{"aws_subnet"}, Attr: "map_public_ip_on_launch", Value: cty.False,
			CFN: prop([]string{"AWS::EC2::Subnet"}, "MapPublicIpOnLaunch")},
		{Control: "ONUS-LAMBDA-005", Types: []string{"aws_lambda_function"}, Blocks: []string{"tracing_config"}, Attr: "mode", Value: cty.StringVal("Active"),
			CFN: []CFNProp{
				{Types: []string{"AWS::Lambda::Function"}, Path: []string{"TracingConfig", "Mode"}},
				{Types: []string{"AWS::Serverless::Function"}, Path: []string{"Tracing"}},
			}},
	}
}

// lookup finds the fix for a control on a Terraform resource type.
func lookup(fixes []Fix, controlID, resourceType string) (Fix, bool) {
	for _, f := range fixes {
		if f.Control != controlID {
			continue
		}
		for _, t := range f.Types {
			if t == resourceType {
				return f, true
			}
		}
	}
	return Fix{}, false
}

// lookupCFN finds the fix and its property path for a CloudFormation type.
func lookupCFN(fixes []Fix, controlID, resourceType string) (Fix, []string, bool) {
	for _, f := range fixes {
		if f.Control != controlID {
			continue
		}
		for _, p := range f.CFN {
			for _, t := range p.Types {
				if t == resourceType {
					return f, p.Path, true
				}
			}
		}
	}
	return Fix{}, nil, false
}
