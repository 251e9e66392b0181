package netx

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// IsWorld reports whether cidr covers the whole IPv4 or IPv6 address space:
// only a /0 prefix does. 0.0.0.0/8 is not the world; text that is not a CIDR
// is not the world either.
func IsWorld(cidr string) bool {
	s := strings.TrimSpace(cidr)
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return false
	}
	return p.Bits() == 0
}

// Proto is a normalised protocol: "all", "tcp", "udp", "icmp", "icmpv6" or the number text.
func Proto(p string) string {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "-1", "all", "any":
		return "all"
	case "tcp", "6":
		return "tcp"
	case "udp", "17":
		return "udp"
	case "icmp", "1":
		return "icmp"
	case "icmpv6", "58":
		return "icmpv6"
	}
	return strings.ToLower(strings.TrimSpace(p))
}

// AllPorts is the whole port range.
var allPorts = base.PortRange{From: 0, To: 65535}

// Port is a named port a control cares about.
type Port struct {
	Number int
	Name   string
	// UDP: the service also listens on UDP (e.g. RDP 3389).
	UDP bool
}

// AdminPorts are the remote administration ports of CIS 6.2-6.4.
var AdminPorts = []Port{{22, "SSH", false}, {3389, "RDP", true}}

// HighRiskPorts are database, file sharing and other administration ports
// that must never face the internet (FSBP EC2.19's list), beyond SSH and RDP.
var HighRiskPorts = []Port{
	{20, "FTP data", false}, {21, "FTP", false}, {23, "Telnet", false}, {25, "SMTP", false},
	{110, "POP3", false}, {135, "MS RPC", false}, {143, "IMAP", false}, {445, "CIFS/SMB", false},
	{1433, "SQL Server", false}, {1434, "SQL Server browser", true}, {2375, "Docker API", false},
	{2376, "Docker API (TLS)", false}, {3000, "dev web servers", false}, {3306, "MySQL", false},
	{4333, "mSQL", false}, {5000, "dev web servers", false}, {5432, "PostgreSQL", false},
	{5500, "VNC", false}, {5601, "Kibana", false}, {5900, "VNC", false}, {5985, "WinRM", false},
	{5986, "WinRM (TLS)", false}, {6379, "Redis", false}, {8080, "HTTP proxy/admin", false},
	{8088, "admin web servers", false}, {8888, "admin web servers", false}, {9200, "Elasticsearch", false},
	{9300, "Elasticsearch", false}, {11211, "Memcached", true}, {27017, "MongoDB", false},
}

// effective returns the port range a protocol/range pair covers, and
// whether the protocol carries ports at all. Protocol "all" covers every port.
func effective(proto string, pr base.PortRange) (base.PortRange, bool) {
	switch proto {
	case "all":
		return allPorts, true
	case "tcp", "udp":
		if pr.From < 0 || pr.To < 0 {
			// -1 on a port protocol means every port.
			return allPorts, true
		}
		return pr, true
	}
	return base.PortRange{}, false
}

// Offending lists what a rule opens that a control forbids; nil when nothing.
type Offending func(proto string, pr base.PortRange) []string

// ForbidPorts forbids the given ports (TCP, and UDP where the service uses it).
func ForbidPorts(ports []Port) Offending {
	return func(proto string, pr base.PortRange) []string {
		r, ok := effective(proto, pr)
		if !ok {
			return nil
		}
		var out []string
		for _, p := range ports {
			if !r.Covers(p.Number) {
				continue
			}
			if proto == "udp" && !p.UDP {
				continue
			}
			out = append(out, fmt.Sprintf("%d (%s)", p.Number, p.Name))
		}
		return out
	}
}

// AllowOnly forbids every port except the allowed ones (TCP/UDP), and every
// other protocol except ICMP (ping and path MTU discovery carry no service).
func AllowOnly(allowed ...int) Offending {
	return AllowPorts(allowed, allowed)
}

// AllowPorts is AllowOnly with separate TCP and UDP port lists.
func AllowPorts(tcp, udp []int) Offending {
	return func(proto string, pr base.PortRange) []string {
		allowed := tcp
		switch proto {
		case "icmp", "icmpv6":
			return nil
		case "udp":
			allowed = udp
		}
		r, ok := effective(proto, pr)
		if !ok {
			return []string{"protocol " + proto}
		}
		var out []string
		lo := r.From
		flush := func(hi int) {
			if lo > hi {
				return
			}
			if lo == hi {
				out = append(out, fmt.Sprintf("%s %d", proto, lo))
			} else {
				out = append(out, fmt.Sprintf("%s %d-%d", proto, lo, hi))
			}
		}
		sorted := append([]int(nil), allowed...)
		sort.Ints(sorted)
		// Runs of consecutive allowed ports (a range the user wrote) are
		// skipped as one: a rule is compared with each run, not each port.
		for i := 0; i < len(sorted); {
			j := i
			for j+1 < len(sorted) && sorted[j+1] <= sorted[j]+1 {
				j++
			}
			a, b := sorted[i], sorted[j]
			i = j + 1
			if b < r.From || a > r.To {
				continue
			}
			flush(max(a, r.From) - 1)
			lo = max(lo, b+1)
		}
		flush(r.To)
		return out
	}
}

// tri is a three-valued boolean.
type tri uint8

const (
	no tri = iota
	yes
	unknown
)

func worldIn(v source.Value[[]string]) (tri, string) {
	l, ok := v.Get()
	if !ok {
		return unknown, v.Reason()
	}
	for _, c := range l {
		if IsWorld(c) {
			return yes, strings.TrimSpace(c)
		}
	}
	return no, ""
}

// RuleVerdict judges one ingress rule: FAIL when it admits the world
// (0.0.0.0/0 or ::/0) to something off forbids, PASS when any known part of
// the rule rules that out, UNKNOWN when the deciding parts are unreadable.
// A PASS carries no evidence (Rules gives the group's); every rule of every
// group is judged, so passes stay allocation-free.
func RuleVerdict(r *ec2.Rule, off Offending) control.Verdict {
	ev := func() []control.Evidence { return []control.Evidence{control.EvAt("ingress rule", r.Prov)} }
	w4, c4 := worldIn(r.CIDRs)
	w6, c6 := worldIn(r.IPv6CIDRs)
	var world tri
	var cidr string
	switch {
	case w4 == yes:
		world, cidr = yes, c4
	case w6 == yes:
		world, cidr = yes, c6
	case w4 == unknown:
		world = unknown
	case w6 == unknown:
		world = unknown
	default:
		world = no
	}
	if world == no {
		return control.Verdict{Outcome: control.Pass, Reason: "rule does not admit 0.0.0.0/0 or ::/0"}
	}
	proto, pok := r.Protocol.Get()
	ports, rok := r.Ports.Get()
	np := Proto(proto)
	if pok && np == "all" {
		ports, rok = allPorts, true
	}
	if _, carries := effective(np, base.PortRange{}); pok && !carries {
		// ICMP, ESP, GRE, ...: no ports, the protocol alone decides.
		ports, rok = base.PortRange{}, true
	}
	if pok && rok {
		bad := off(np, ports)
		if len(bad) == 0 {
			return control.Verdict{Outcome: control.Pass, Reason: "rule opens nothing forbidden"}
		}
		if world == yes {
			return control.Verdict{Outcome: control.Fail, Evidence: ev(),
				Reason: fmt.Sprintf("ingress from %s to %s%s", cidr, strings.Join(bad, ", "), desc(*r))}
		}
		missing := r.CIDRs
		if w4 == no {
			missing = r.IPv6CIDRs
		}
		return control.Verdict{Outcome: control.Unknown, Evidence: ev(),
			Reason: fmt.Sprintf("rule opens %s but its source addresses are unknown: %s", strings.Join(bad, ", "), missing.Reason())}
	}
	if pok && !rok {
		return control.Verdict{Outcome: control.Unknown, Evidence: ev(), Reason: "rule port range is unknown: " + r.Ports.Reason()}
	}
	return control.Verdict{Outcome: control.Unknown, Evidence: ev(), Reason: "rule protocol is unknown: " + r.Protocol.Reason()}
}

func desc(r ec2.Rule) string {
	if r.Description == "" {
		return ""
	}
	return fmt.Sprintf(" (%q)", r.Description)
}

// Rules judges a list of rules: FAIL naming every offending rule, else
// UNKNOWN naming the unreadable ones, else PASS with passReason.
func Rules(v source.Value[[]ec2.Rule], what string, off Offending, passReason string) control.Verdict {
	rules, ok := v.Get()
	if !ok {
		return control.Verdict{Outcome: control.Unknown, Reason: what + " are unknown: " + v.Reason(),
			Evidence: []control.Evidence{control.EvAt(what, v.PackedProv())}}
	}
	var fails, unknowns []control.Verdict
	for i := range rules {
		switch vd := RuleVerdict(&rules[i], off); vd.Outcome {
		case control.Fail:
			fails = append(fails, vd)
		case control.Unknown:
			unknowns = append(unknowns, vd)
		}
	}
	switch {
	case len(fails) > 0:
		return control.Combine(fails...)
	case len(unknowns) > 0:
		return control.Combine(unknowns...)
	}
	return control.Verdict{Outcome: control.Pass, Reason: passReason, Evidence: []control.Evidence{control.EvAt(what, v.PackedProv())}}
}

// ACLVerdict judges the ingress entries of a network ACL for one port: the
// entries are evaluated in rule-number order as AWS does, and the first
// entry that matches traffic from the whole internet to the port decides.
// Entries for narrower sources cannot block the rest of the internet, so
// they are skipped. An unreadable entry before the decision makes the
// verdict UNKNOWN.
func ACLVerdict(entries []ec2.ACLEntry, p Port) control.Verdict {
	in := make([]ec2.ACLEntry, 0, len(entries))
	for _, e := range entries {
		if !e.Egress {
			in = append(in, e)
		}
	}
	sort.SliceStable(in, func(i, j int) bool { return in[i].RuleNumber < in[j].RuleNumber })
	for _, fam := range []func(ec2.ACLEntry) source.Value[string]{
		func(e ec2.ACLEntry) source.Value[string] { return e.CIDR },
		func(e ec2.ACLEntry) source.Value[string] { return e.IPv6CIDR },
	} {
		vd := aclFamily(in, p, fam)
		if vd.Outcome != control.Pass {
			return vd
		}
	}
	return control.Verdict{Outcome: control.Pass, Reason: fmt.Sprintf("no entry allows the internet to port %d (%s)", p.Number, p.Name)}
}

func aclFamily(in []ec2.ACLEntry, p Port, cidrOf func(ec2.ACLEntry) source.Value[string]) control.Verdict {
	for _, e := range in {
		ev := []control.Evidence{control.Ev("rule "+strconv.Itoa(e.RuleNumber), e.Prov)}
		cv := cidrOf(e)
		c, ok := cv.Get()
		if !ok {
			return control.Verdict{Outcome: control.Unknown, Evidence: ev,
				Reason: fmt.Sprintf("rule %d source is unknown: %s", e.RuleNumber, cv.Reason())}
		}
		if !IsWorld(c) {
			continue
		}
		proto, pok := e.Protocol.Get()
		if !pok {
			return control.Verdict{Outcome: control.Unknown, Evidence: ev,
				Reason: fmt.Sprintf("rule %d protocol is unknown: %s", e.RuleNumber, e.Protocol.Reason())}
		}
		np := Proto(proto)
		var r base.PortRange
		if np == "all" {
			r = allPorts
		} else if np == "tcp" || (np == "udp" && p.UDP) {
			pr, rok := e.Ports.Get()
			if !rok {
				return control.Verdict{Outcome: control.Unknown, Evidence: ev,
					Reason: fmt.Sprintf("rule %d port range is unknown: %s", e.RuleNumber, e.Ports.Reason())}
			}
			r = pr
		} else {
			continue
		}
		if !r.Covers(p.Number) {
			continue
		}
		act, aok := Lower(e.Action)
		if !aok {
			return control.Verdict{Outcome: control.Unknown, Evidence: ev,
				Reason: fmt.Sprintf("rule %d action is unknown: %s", e.RuleNumber, e.Action.Reason())}
		}
		if act == "allow" {
			return control.Verdict{Outcome: control.Fail, Evidence: ev,
				Reason: fmt.Sprintf("rule %d allows %s to port %d (%s)", e.RuleNumber, c, p.Number, p.Name)}
		}
		return control.Verdict{Outcome: control.Pass, Evidence: ev,
			Reason: fmt.Sprintf("rule %d denies %s to port %d (%s)", e.RuleNumber, c, p.Number, p.Name)}
	}
	return control.Verdict{Outcome: control.Pass}
}

// Lower reads a known string, lower-cased.
func Lower(v source.Value[string]) (string, bool) {
	s, ok := v.Get()
	return strings.ToLower(strings.TrimSpace(s)), ok
}
