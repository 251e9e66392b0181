package fix

import "github.com/zclconf/go-cty/cty"

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
}

// Fixes is the control → attribute table. Each entry was checked against
// the control's Check: after the edit the control passes for that resource.
func Fixes() []Fix {
	db := []string{"aws_db_instance"}
	dbAndCluster := []string{"aws_db_instance", "aws_rds_cluster"}
	trail := []string{"aws_cloudtrail"}
	return []Fix{
		{Control: "ONUS-RDS-001", Types: dbAndCluster, Attr: "storage_encrypted", Value: cty.True},
		{Control: "ONUS-RDS-002", Types: dbAndCluster, Attr: "backup_retention_period", Value: cty.NumberIntVal(7), AtLeast: true},
		{Control: "ONUS-RDS-003", Types: db, Attr: "publicly_accessible", Value: cty.False},
		{Control: "ONUS-RDS-005", Types: dbAndCluster, Attr: "deletion_protection", Value: cty.True},
		{Control: "ONUS-RDS-006", Types: dbAndCluster, Attr: "auto_minor_version_upgrade", Value: cty.True},
		{Control: "ONUS-RDS-007", Types: dbAndCluster, Attr: "iam_database_authentication_enabled", Value: cty.True},
		{Control: "ONUS-RDS-009", Types: dbAndCluster, Attr: "copy_tags_to_snapshot", Value: cty.True},
		{Control: "ONUS-EC2-001", Types: []string{"aws_instance"}, Blocks: []string{"metadata_options"}, Attr: "http_tokens", Value: cty.StringVal("required")},
		{Control: "ONUS-EC2-006", Types: []string{"aws_instance"}, Attr: "monitoring", Value: cty.True},
		{Control: "ONUS-EBS-001", Types: []string{"aws_ebs_volume"}, Attr: "encrypted", Value: cty.True},
		{Control: "ONUS-CT-002", Types: trail, Attr: "enable_log_file_validation", Value: cty.True},
		{Control: "ONUS-CT-004", Types: trail, Attr: "include_global_service_events", Value: cty.True},
		{Control: "ONUS-CT-010", Types: trail, Attr: "enable_logging", Value: cty.True},
		{Control: "ONUS-VPC-008", Types: []string{"aws_subnet"}, Attr: "map_public_ip_on_launch", Value: cty.False},
		{Control: "ONUS-LAMBDA-005", Types: []string{"aws_lambda_function"}, Blocks: []string{"tracing_config"}, Attr: "mode", Value: cty.StringVal("Active")},
	}
}

// lookup finds the fix for a control on a resource type.
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
