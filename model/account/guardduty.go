package account

// GuardDutyDefaultFeatures are the detector features a detector created
// without a features list gets: CreateDetector enables every optional
// feature except RUNTIME_MONITORING (and so its agent add-ons). Code
// sources start a declared detector from them.
func GuardDutyDefaultFeatures() []string {
	return []string{"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"}
}
