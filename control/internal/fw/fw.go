package fw

import "sort"

// Frameworks ids used in control.Control.Frameworks.
const (
	CISID   = "cis-aws-7.0.0"
	FSBPID  = "fsbp"
	PCI     = "pci-dss-4.0"
	HIPAA   = "hipaa"
	SOC2    = "soc2"
	ISO     = "iso27001-2022"
	NIST    = "nist-800-53-r5"
	Version = "CIS AWS Foundations v7.0.0; FSBP 2025"
)

// M is a partial mapping.
type M map[string][]string

// CIS maps to CIS AWS Foundations v7.0.0 recommendation numbers.
func CIS(ids ...string) M { return M{CISID: ids} }

// FSBP maps to AWS Foundational Security Best Practices control ids.
func FSBP(ids ...string) M { return M{FSBPID: ids} }

// Well-established mappings shared by many controls. Each is a function so
// callers get a fresh map.
func AtRest() M {
	return M{NIST: {"SC-28"}, PCI: {"3.5.1"}, HIPAA: {"164.312(a)(2)(iv)"}, ISO: {"A.8.24"}, SOC2: {"CC6.1"}}
}

// InTransit: encryption of data in transit.
func InTransit() M {
	return M{NIST: {"SC-8"}, PCI: {"4.2.1"}, HIPAA: {"164.312(e)(1)"}, ISO: {"A.8.24"}, SOC2: {"CC6.7"}}
}

// PublicAccess: resources not exposed to anyone.
func PublicAccess() M {
	return M{NIST: {"AC-3", "SC-7"}, PCI: {"1.4.1"}, ISO: {"A.8.3"}, SOC2: {"CC6.1"}}
}

// Network: boundary protection by firewall rules.
func Network() M {
	return M{NIST: {"SC-7", "AC-4"}, PCI: {"1.3.1"}, ISO: {"A.8.20"}, SOC2: {"CC6.6"}}
}

// Logging: audit records of access.
func Logging() M {
	return M{NIST: {"AU-2", "AU-12"}, PCI: {"10.2.1"}, HIPAA: {"164.312(b)"}, ISO: {"A.8.15"}, SOC2: {"CC7.2"}}
}

// Backup: recoverable data.
func Backup() M {
	return M{NIST: {"CP-9"}, HIPAA: {"164.308(a)(7)(ii)(A)"}, ISO: {"A.8.13"}, SOC2: {"A1.2"}}
}

// Secrets: no hard-coded credentials.
func Secrets() M {
	return M{NIST: {"IA-5(7)"}, PCI: {"8.6.2"}, ISO: {"A.5.17"}, SOC2: {"CC6.1"}}
}

// Patching: supported, patched software.
func Patching() M {
	return M{NIST: {"SI-2"}, PCI: {"6.3.3"}, ISO: {"A.8.8"}, SOC2: {"CC7.1"}}
}

// KeyMgmt: cryptographic key management.
func KeyMgmt() M {
	return M{NIST: {"SC-12"}, PCI: {"3.7.4"}, ISO: {"A.8.24"}}
}

// Monitoring: system monitoring.
func Monitoring() M { return M{NIST: {"SI-4"}, ISO: {"A.8.16"}, SOC2: {"CC7.2"}} }

// Of merges partial mappings into a control's Frameworks map, with ids
// sorted and de-duplicated per framework.
func Of(parts ...M) map[string][]string {
	out := map[string][]string{}
	for _, p := range parts {
		for k, ids := range p {
			out[k] = append(out[k], ids...)
		}
	}
	for k, ids := range out {
		sort.Strings(ids)
		j := 0
		for i, id := range ids {
			if i == 0 || id != ids[j-1] {
				ids[j] = id
				j++
			}
		}
		out[k] = ids[:j]
	}
	return out
}
