package manual

// AllServices as an Item's Service means the duty applies to every service
// the estate uses (and to the account as a whole).
const AllServices = "*"

// Item is one manual customer duty.
type Item struct {
	// Service is a responsibility catalogue key ("ec2", "lambda", ...) or
	// AllServices.
	Service string `json:"service"`
	// Layer is one of control.Layers.
	Layer string `json:"layer"`
	// Item is the short name shown in the matrix.
	Item string `json:"item"`
	// Description says what the customer has to do and how to evidence it.
	Description string `json:"description"`
}

// Items returns every manual duty, in a stable order.
func Items() []Item {
	return []Item{
		{"ec2", "guest-os", "OS patching", "Patch the guest OS and installed packages on a defined cadence (e.g. SSM Patch Manager baselines and maintenance windows); evidence: patch compliance reports."},
		{"ec2", "guest-os", "Host firewall", "Run a host firewall (iptables/nftables, Windows Defender Firewall) as a second layer behind security groups; evidence: hardening baseline or configuration management state."},
		{"ec2", "guest-os", "Anti-malware / EDR", "Run endpoint detection or anti-malware on instances where the workload warrants it; evidence: agent coverage report."},
		{"ec2", "guest-os", "OS hardening", "Build instances from hardened images (CIS-hardened AMIs, golden image pipeline) and keep local accounts and SSH keys managed; evidence: image pipeline records."},
		{"ec2", "application", "Secure development", "Review code and run SAST, DAST and dependency scanning on what the instances run; evidence: pipeline results."},
		{"ecs", "application", "Container image security", "Build images from minimal bases, scan them (ECR scanning or equivalent) and rebuild on CVEs; evidence: scan reports."},
		{"ecs", "guest-os", "Container host patching", "For the EC2 launch type, keep the ECS-optimised AMI current; evidence: AMI age per cluster."},
		{"lambda", "application", "Function code security", "Review function code and dependencies (SAST, dependency scanning); AWS runs the runtime, you own the code; evidence: pipeline results."},
		{"rds", "application", "Database privileges", "Manage database users, roles and grants inside the engine with least privilege; no API shows them; evidence: periodic grant review."},
		{"rds", "logging-monitoring", "Database activity review", "Review engine audit logs (pgaudit, MySQL audit plugin) for privileged activity; evidence: review records."},
		{"s3", "data-protection", "Data classification", "Know which buckets hold personal, financial or secret data (Macie or a data inventory) and apply controls by class (CIS 3.1.3); evidence: data inventory."},
		{"dynamodb", "data-protection", "Data classification", "Know which tables hold sensitive data and restrict access accordingly; evidence: data inventory."},
		{"iam", "identity-access", "Central identity", "Manage people's access centrally (IAM Identity Center or federation) rather than IAM users (CIS 2.19); evidence: identity provider configuration."},
		{"iam", "identity-access", "Access reviews", "Review who has access to what at least quarterly and remove what is no longer needed; evidence: signed review records."},
		{"iam", "identity-access", "Root credential custody", "Keep root credentials and MFA devices in break-glass custody with a documented procedure (CIS 2.7); evidence: custody log."},
		{"vpc", "network-config", "Peering routes least access", "Route only the needed CIDRs over VPC peering connections (CIS 6.6); evidence: network design review."},
		{"vpc", "network-config", "VPC endpoints", "Reach AWS services through VPC endpoints where data must not cross the internet (CIS 6.8); evidence: endpoint inventory."},
		{AllServices, "compliance-attestation", "Security awareness training", "Train staff on their security duties (phishing, credential handling, data handling) at least yearly; evidence: training records."},
		{AllServices, "compliance-attestation", "Incident response plan", "Keep an incident response plan with AWS-specific runbooks and exercise it; evidence: exercise reports."},
		{AllServices, "compliance-attestation", "Account contacts current", "Keep the account's primary and alternate contacts current (CIS 2.2); evidence: contact review."},
		{AllServices, "backup-resilience", "Restore testing", "Test restores from backups on a schedule; a backup never restored is a hope, not a control; evidence: restore test records."},
		{AllServices, "compliance-attestation", "Organization guardrails", "Use AWS Organizations with SCPs/RCPs for guardrails, a management account without workloads, OUs by environment and delegated administrators (CIS 2.1.x); evidence: organization structure."},
	}
}

// ForService returns the duties of one service, including those that
// apply to every service.
func ForService(svc string) []Item {
	var out []Item
	for _, it := range Items() {
		if it.Service == svc || it.Service == AllServices {
			out = append(out, it)
		}
	}
	return out
}

// CISTreatment says how onus treats a CIS AWS Foundations v7.0.0
// recommendation that no control automates. ok is false for
// recommendations onus has no note for (those must have controls).
func CISTreatment(id string) (note string, ok bool) {
	note, ok = cisNotes()[id]
	return note, ok
}

func cisNotes() map[string]string {
	org := "Manual: AWS Organizations structure and policies are not read by onus; shown in the matrix as the customer-owned manual item \"Organization guardrails\"."
	return map[string]string{
		"2.1.1": org,
		"2.1.2": org,
		"2.1.3": org,
		"2.1.4": org,
		"2.1.5": org,
		"2.1.6": org,
		"2.2":   "Manual: contact details are not readable as a security setting; matrix item \"Account contacts current\".",
		"2.3":   "Automated on live scans when the alternate contact can be read; otherwise manual.",
		"2.6":   "Automated on live scans from the virtual MFA device list.",
		"2.7":   "Automated as root use in the last 30 days (credential report); the custody procedure is the manual item \"Root credential custody\".",
		"2.19":  "Manual: federation is configured outside the account; matrix item \"Central identity\".",
		"2.20":  "Automated: attachments of AWSCloudShellFullAccess.",
		"2.21":  "Automated per resource policy type where the model has the policy.",
		"3.1.2": "Reported by the S3 controls as information where versioning state is read.",
		"3.1.3": "Manual: data discovery and classification; matrix item \"Data classification\".",
		"3.2.4": "Manual unless an RDS control maps it: availability design is a customer choice.",
		"4.1":   "Automated: ONUS-CT-001 (at least one logging multi-region trail with read and write management events).",
		"4.4":   "Automated: access logging of the trail's bucket when the bucket is in the estate.",
		"4.10":  "Manual unless a load balancer control maps it: CloudFront and API Gateway are not modelled yet.",
		"6.6":   "Manual: which CIDRs a peering route should carry is a design decision; matrix item \"Peering routes least access\".",
		"6.8":   "Manual: matrix item \"VPC endpoints\".",
	}
}
