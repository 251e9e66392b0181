package terraform

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

func computedID(r *resInst) source.Value[string] {
	return source.Unknown[string]("known after apply: "+r.addr+".id", r.at())
}

// Notes for settings the code leaves to a default it does not show: the
// FAIL stands (the code does not enforce the setting), and its reason
// says why the outcome could differ in the account.
const (
	imdsNote = "http_tokens is not set, so IMDSv1 is allowed unless the AMI (ImdsSupport v2.0) or the account's instance metadata defaults require IMDSv2, which the code does not show"
	ebsNote  = "encrypted is not set: the volume is encrypted only if its snapshot (for a root volume, the AMI's) is, or EBS encryption by default is on for the account and region, which this code does not declare (aws_ebs_encryption_by_default)"
)

func mapInstance(bd *builder, r *resInst) {
	b := r.body
	at := r.at()
	in := &ec2.Instance{Meta: r.meta()}
	in.InstanceID = computedID(r)
	in.ImageID = b.strComputed("ami", "AMI comes from a launch template")
	in.InstanceType = b.strComputed("instance_type", "instance type comes from a launch template")
	in.InstanceProfile = b.ident("iam_instance_profile", "")
	md, reason := b.block("metadata_options")
	switch {
	case reason != "":
		in.HTTPTokens = source.Unknown[string](reason, at)
		in.HTTPEndpoint = source.Unknown[string](reason, at)
		in.HTTPPutHopLimit = source.Unknown[int](reason, at)
	case md != nil:
		in.HTTPTokens = md.str("http_tokens", "optional")
		if !md.has("http_tokens") {
			in.HTTPTokens = source.Defaulted("optional", at, imdsNote)
		}
		in.HTTPEndpoint = md.str("http_endpoint", "enabled")
		in.HTTPPutHopLimit = md.integer("http_put_response_hop_limit", 1)
	default:
		// Without metadata_options the instance accepts IMDSv1 unless the
		// AMI or account default says otherwise; the code does not.
		in.HTTPTokens = source.Defaulted("optional", at, imdsNote)
		in.HTTPEndpoint = source.Known("enabled", at)
		in.HTTPPutHopLimit = source.Known(1, at)
	}
	in.SubnetID = b.ident("subnet_id", "")
	in.SecurityGroups = b.idents("vpc_security_group_ids")
	if sg := b.idents("security_groups"); b.has("security_groups") {
		in.SecurityGroups = sg
	}
	in.UserData = b.str("user_data", "")
	if b.has("user_data_base64") {
		in.UserData = source.Map(b.str("user_data_base64", ""), func(s string) string {
			d, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return s
			}
			return string(d)
		})
	}
	if _, ok := in.UserData.Get(); !ok {
		for _, n := range partialAttrs {
			if a, ok := b.attrs[n]; ok && a.partial != "" {
				in.UserDataPartial = source.Known(a.partial, source.At(toLoc(a.rng)))
			}
		}
	}
	in.Monitoring = b.boolean("monitoring", false)
	in.SourceDestCheck = b.boolean("source_dest_check", true)
	in.NetworkInterfaces = instanceInterfaces(r)
	in.RootVolumeEncrypted = source.Defaulted(false, at, ebsNote)
	if rb, reason := b.block("root_block_device"); reason != "" {
		in.RootVolumeEncrypted = source.Unknown[bool](reason, at)
	} else if rb != nil && rb.has("encrypted") {
		in.RootVolumeEncrypted = rb.boolean("encrypted", false)
	}
	ebsDefault := func() {
		if v, ok := in.RootVolumeEncrypted.Get(); ok && !v {
			if p := bd.ebsDefaultOn(); p != nil {
				in.RootVolumeEncrypted = source.Known(true, *p)
			}
		}
	}
	var vols []string
	volsKnown := true
	ebs, reason := b.nested("ebs_block_device")
	if reason != "" {
		volsKnown = false
	}
	for _, e := range ebs {
		if n, ok := e.str("device_name", "").Get(); ok {
			vols = append(vols, r.addr+":"+n)
		}
	}
	in.Volumes = source.Known(vols, at)
	if !volsKnown {
		in.Volumes = source.Unknown[[]string](reason, at)
	}
	in.PublicIP = b.boolean("associate_public_ip_address", false)
	in.VPCID = source.Unknown[string]("VPC of the subnet", at)
	in.InDefaultVPC = source.Known(false, at)
	bd.est.EC2Instances = append(bd.est.EC2Instances, in)
	bd.add(r, in)
	bd.post = append(bd.post, func() {
		ebsDefault()
		// The subnet decides the VPC and, when the instance does not say,
		// whether it gets a public IP.
		sid, ok := in.SubnetID.Get()
		switch {
		case !ok:
			in.VPCID = source.Unknown[string](in.SubnetID.Reason(), in.SubnetID.Prov())
			in.InDefaultVPC = source.Unknown[bool](in.SubnetID.Reason(), in.SubnetID.Prov())
			if !b.has("associate_public_ip_address") {
				in.PublicIP = source.Unknown[bool]("depends on the subnet: "+in.SubnetID.Reason(), at)
			}
		case sid == "":
			// No subnet: the default subnet of the default VPC, which maps public IPs.
			in.InDefaultVPC = source.Known(true, at)
			in.VPCID = source.Known("default", at)
			if !b.has("associate_public_ip_address") {
				in.PublicIP = source.Known(true, at)
			}
		default:
			sn, isSubnet := bd.byAddr[sid].(*ec2.Subnet)
			if !isSubnet {
				if o, ok := bd.byName["aws_subnet"][sid].(*ec2.Subnet); ok {
					sn, isSubnet = o, true
				}
			}
			if isSubnet {
				in.VPCID = sn.VPCID
				if !b.has("associate_public_ip_address") {
					in.PublicIP = sn.MapPublicIPOnLaunch
				}
				if vpc, ok := sn.VPCID.Get(); ok {
					if v, ok := bd.byAddr[vpc].(*ec2.VPC); ok {
						in.InDefaultVPC = v.IsDefault
					}
				}
			} else {
				in.InDefaultVPC = source.Unknown[bool]("subnet "+sid+" is not in this configuration", in.SubnetID.Prov())
				if !b.has("associate_public_ip_address") {
					in.PublicIP = source.Unknown[bool]("depends on subnet "+sid+", not in this configuration", at)
				}
			}
		}
	})
}

// ebsDefaultOn returns the provenance of an aws_ebs_encryption_by_default
// that turns encryption on in this configuration.
func (bd *builder) ebsDefaultOn() *source.Prov {
	for _, d := range bd.est.EBSDefaults {
		if v, ok := d.EncryptionByDefault.Get(); ok && v {
			p := d.EncryptionByDefault.Prov()
			return &p
		}
	}
	return nil
}

func mapVolume(bd *builder, r *resInst) {
	b := r.body
	v := &ec2.Volume{Meta: r.meta(), VolumeID: computedID(r)}
	v.Encrypted = b.boolean("encrypted", false)
	if !b.has("encrypted") {
		v.Encrypted = source.Defaulted(false, r.at(), ebsNote)
	}
	v.KMSKeyID = b.ident("kms_key_id", "")
	v.AttachedTo = source.Known([]string{}, r.at())
	bd.est.EBSVolumes = append(bd.est.EBSVolumes, v)
	bd.add(r, v)
	bd.post = append(bd.post, func() {
		if e, ok := v.Encrypted.Get(); ok && !e {
			if p := bd.ebsDefaultOn(); p != nil {
				v.Encrypted = source.Known(true, *p)
			}
		}
	})
}

func mapVolumeAttachment(bd *builder, r *resInst) {
	vo, vok, _ := bd.target(r, "volume_id", "aws_ebs_volume")
	io, iok, _ := bd.target(r, "instance_id", "aws_instance")
	if vok && iok {
		vol, inst := vo.(*ec2.Volume), io.(*ec2.Instance)
		if l, ok := vol.AttachedTo.Get(); ok {
			vol.AttachedTo = source.Known(append(l, inst.Address), r.at())
		}
		if l, ok := inst.Volumes.Get(); ok {
			inst.Volumes = source.Known(append(l, vol.Address), r.at())
		}
	}
}

func mapEBSDefault(bd *builder, r *resInst) {
	bd.est.EBSDefaults = append(bd.est.EBSDefaults, &ec2.EBSDefaults{Meta: r.meta(),
		EncryptionByDefault: r.body.boolean("enabled", true),
		DefaultKMSKeyID:     source.Known("", r.at())})
}

func mapEBSDefaultKey(bd *builder, r *resInst) {
	for _, d := range bd.est.EBSDefaults {
		if d.Region == r.meta().Region {
			d.DefaultKMSKeyID = r.body.ident("key_arn", "")
		}
	}
}

func mapSnapshot(bd *builder, r *resInst) {
	s := &ec2.Snapshot{Meta: r.meta(), SnapshotID: computedID(r)}
	s.Encrypted = source.Unknown[bool]("follows the source volume", r.at())
	if o, ok, _ := bd.target(r, "volume_id", "aws_ebs_volume"); ok {
		s.Encrypted = o.(*ec2.Volume).Encrypted
	}
	s.Public = source.Known(false, r.at())
	bd.est.EBSSnapshots = append(bd.est.EBSSnapshots, s)
	bd.add(r, s)
}

func mapVPC(bd *builder, r *resInst) {
	b := r.body
	v := &ec2.VPC{Meta: r.meta(), VPCID: computedID(r)}
	v.CIDR = b.strComputed("cidr_block", "CIDR allocated from IPAM")
	v.IsDefault = source.Known(r.typ == "aws_default_vpc", r.at())
	if r.typ == "aws_default_vpc" {
		v.CIDR = b.strComputed("cidr_block", "default VPC CIDR (172.31.0.0/16 unless changed)")
	}
	v.FlowLogs = source.Known([]ec2.FlowLog{}, r.at())
	v.Endpoints = source.Known([]ec2.VPCEndpoint{}, r.at())
	v.InUse = source.Known(bd.refd[r.addr], r.at())
	bd.est.VPCs = append(bd.est.VPCs, v)
	bd.add(r, v)
}

func mapSubnet(bd *builder, r *resInst) {
	b := r.body
	s := &ec2.Subnet{Meta: r.meta(), SubnetID: computedID(r)}
	s.VPCID = b.ident("vpc_id", "")
	s.MapPublicIPOnLaunch = b.boolean("map_public_ip_on_launch", r.typ == "aws_default_subnet")
	switch {
	case b.has("availability_zone"):
		s.AvailabilityZone = b.str("availability_zone", "")
	case b.has("availability_zone_id"):
		s.AvailabilityZone = b.str("availability_zone_id", "")
	default:
		s.AvailabilityZone = source.Unknown[string]("AWS picks the Availability Zone at apply", r.at())
	}
	bd.est.Subnets = append(bd.est.Subnets, s)
	bd.add(r, s)
}

func mapFlowLog(bd *builder, r *resInst) {
	o, found, reason := bd.target(r, "vpc_id", "aws_vpc", "aws_default_vpc")
	if !found {
		if reason != "" {
			bd.unresolvedJoinAt("flowlog", reason, r.at(), func(f func(any)) {
				for _, v := range bd.est.VPCs {
					f(v)
				}
			}, func(o any, reason string, at source.Prov) {
				v := o.(*ec2.VPC)
				v.FlowLogs = source.Unknown[[]ec2.FlowLog](reason, at)
			})
		}
		return
	}
	v := o.(*ec2.VPC)
	bd.join("flowlog", v)
	fl := ec2.FlowLog{Prov: r.at()}
	tt, ok := r.body.str("traffic_type", "ALL").Get()
	if !ok {
		v.FlowLogs = source.Unknown[[]ec2.FlowLog]("flow log traffic_type unknown", r.at())
		return
	}
	fl.TrafficType = tt
	if d, ok := r.body.ident("log_destination", "").Get(); ok {
		fl.Destination = d
	}
	if d, ok := r.body.ident("log_group_name", "").Get(); ok && d != "" {
		fl.Destination = d
	}
	if l, ok := v.FlowLogs.Get(); ok {
		v.FlowLogs = source.Known(append(l, fl), r.at())
	}
}

// ---- security groups ----

func normProtocol(p string) string {
	switch strings.ToLower(p) {
	case "-1", "all":
		return "-1"
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	case "58":
		return "icmpv6"
	}
	return strings.ToLower(p)
}

// sgRule reads one rule written the way inline blocks and
// aws_security_group_rule write it.
func sgRule(b *evBlock, self string) ec2.Rule {
	at := source.At(b.loc())
	r := ec2.Rule{Prov: source.Pack(at)}
	r.Protocol = source.Map(b.strComputed("protocol", "protocol not set"), normProtocol)
	if b.has("ip_protocol") {
		r.Protocol = source.Map(b.str("ip_protocol", ""), normProtocol)
	}
	r.Ports = ports(b, r.Protocol)
	r.CIDRs = b.strings("cidr_blocks")
	r.IPv6CIDRs = b.strings("ipv6_cidr_blocks")
	if b.has("cidr_ipv4") {
		r.CIDRs = source.Map(b.str("cidr_ipv4", ""), func(s string) []string { return []string{s} })
	}
	if b.has("cidr_ipv6") {
		r.IPv6CIDRs = source.Map(b.str("cidr_ipv6", ""), func(s string) []string { return []string{s} })
	}
	r.SourceGroups = b.idents("security_groups")
	if b.has("source_security_group_id") {
		r.SourceGroups = source.Map(b.ident("source_security_group_id", ""), func(s string) []string { return []string{s} })
	}
	if b.has("referenced_security_group_id") {
		r.SourceGroups = source.Map(b.ident("referenced_security_group_id", ""), func(s string) []string { return []string{s} })
	}
	if s, ok := b.boolean("self", false).Get(); ok && s {
		if l, ok := r.SourceGroups.Get(); ok {
			r.SourceGroups = source.Known(append(l, self), r.SourceGroups.Prov())
		}
	}
	r.PrefixLists = b.idents("prefix_list_ids")
	if b.has("prefix_list_id") {
		r.PrefixLists = source.Map(b.ident("prefix_list_id", ""), func(s string) []string { return []string{s} })
	}
	if d, ok := b.str("description", "").Get(); ok {
		r.Description = d
	}
	return r
}

func ports(b *evBlock, proto source.Value[string]) source.Value[base.PortRange] {
	if p, ok := proto.Get(); ok && p == "-1" {
		return source.Known(base.PortRange{From: 0, To: 65535}, proto.Prov())
	}
	from := b.integer("from_port", 0)
	to := b.integer("to_port", 0)
	f, ok1 := from.Get()
	t, ok2 := to.Get()
	switch {
	case !ok1:
		return source.Unknown[base.PortRange](from.Reason(), from.Prov())
	case !ok2:
		return source.Unknown[base.PortRange](to.Reason(), to.Prov())
	}
	if p, ok := proto.Get(); ok && (p == "icmp" || p == "icmpv6") {
		// ICMP uses the fields for type and code, not ports.
		return source.Known(base.PortRange{From: -1, To: -1}, from.Prov())
	}
	if !b.has("from_port") && !b.has("to_port") {
		return source.Known(base.PortRange{From: 0, To: 65535}, source.At(b.loc()))
	}
	if f == -1 || t == -1 {
		f, t = 0, 65535
	}
	return source.Known(base.PortRange{From: f, To: t}, from.Prov())
}

func inlineRules(b *evBlock, name, self string, at source.Prov) source.Value[[]ec2.Rule] {
	bs, reason := b.nested(name)
	if reason != "" {
		return source.Unknown[[]ec2.Rule](reason, at)
	}
	out := []ec2.Rule{}
	for _, rb := range bs {
		out = append(out, sgRule(rb, self))
	}
	if a, ok := b.lookup(name); ok {
		return source.Known(out, source.At(toLoc(a.rng)))
	}
	return source.Known(out, at)
}

func mapSecurityGroup(bd *builder, r *resInst) {
	b := r.body
	at := r.at()
	sg := &ec2.SecurityGroup{Meta: r.meta(), GroupID: computedID(r)}
	switch {
	case b.has("name"):
		sg.Name = b.strComputed("name", "")
	case b.has("name_prefix"):
		sg.Name = source.Unknown[string]("name generated from name_prefix at apply", at)
	case r.typ == "aws_default_security_group":
		sg.Name = source.Known("default", at)
	default:
		sg.Name = source.Unknown[string]("name generated by Terraform at apply", at)
	}
	sg.VPCID = b.ident("vpc_id", "")
	if v, ok := sg.VPCID.Get(); ok && v == "" {
		sg.VPCID = source.Known("default", at)
	}
	sg.IsDefault = source.Known(r.typ == "aws_default_security_group", at)
	// Terraform removes AWS's default allow-all egress rule of a new group
	// and, for the default group, every rule not written in the code.
	sg.Ingress = inlineRules(b, "ingress", r.addr, at)
	sg.Egress = inlineRules(b, "egress", r.addr, at)
	sg.InUse = source.Known(bd.groupUse[r.addr], at)
	if o := bd.rootOutput[r.addr]; o != nil && !bd.groupUse[r.addr] {
		sg.InUse = source.Unknown[bool](fmt.Sprintf("the root module outputs it (output %q at %s:%d); a configuration that reads this state may use it",
			o.name, o.rng.Filename, o.rng.Start.Line), source.At(toLoc(o.rng)))
	}
	bd.est.SecurityGroups = append(bd.est.SecurityGroups, sg)
	name, _ := sg.Name.Get()
	bd.add(r, sg, name)
}

func addRule(sg *ec2.SecurityGroup, egress bool, rule ec2.Rule, at source.Prov) {
	dst := &sg.Ingress
	if egress {
		dst = &sg.Egress
	}
	if l, ok := dst.Get(); ok {
		*dst = source.Known(append(append([]ec2.Rule{}, l...), rule), at)
	}
}

func sgRuleJoin(bd *builder, r *resInst) {
	egress := false
	switch r.typ {
	case "aws_security_group_rule":
		t, ok := r.body.str("type", "").Get()
		if !ok {
			// Unknown direction: both lists of the group become unknown.
			if o, found, _ := bd.target(r, "security_group_id", "aws_security_group", "aws_default_security_group"); found {
				sg := o.(*ec2.SecurityGroup)
				sg.Ingress = source.Unknown[[]ec2.Rule]("rule direction unknown at "+r.loc.String(), r.at())
				sg.Egress = sg.Ingress
			}
			return
		}
		egress = t == "egress"
	case "aws_vpc_security_group_egress_rule":
		egress = true
	}
	kind := "sg-ingress"
	if egress {
		kind = "sg-egress"
	}
	o, found, reason := bd.target(r, "security_group_id", "aws_security_group", "aws_default_security_group")
	if !found {
		if reason != "" {
			bd.unresolvedJoinAt(kind+"-unresolved", reason, r.at(), func(f func(any)) {
				for _, sg := range bd.est.SecurityGroups {
					f(sg)
				}
			}, func(o any, reason string, at source.Prov) {
				sg := o.(*ec2.SecurityGroup)
				if egress {
					sg.Egress = source.Unknown[[]ec2.Rule](reason, at)
				} else {
					sg.Ingress = source.Unknown[[]ec2.Rule](reason, at)
				}
			})
		}
		return
	}
	sg := o.(*ec2.SecurityGroup)
	bd.join(kind+"-unresolved", sg)
	addRule(sg, egress, sgRule(r.body, sg.Address), r.at())
}

// ---- network ACLs ----

func aclEntry(b *evBlock, egress bool, numAttr, actionAttr string) ec2.ACLEntry {
	e := ec2.ACLEntry{Egress: egress, Prov: source.At(b.loc())}
	if n, ok := b.integer(numAttr, 0).Get(); ok {
		e.RuleNumber = n
	}
	e.Protocol = source.Map(b.str("protocol", "-1"), normProtocol)
	e.Action = source.Map(b.str(actionAttr, ""), strings.ToLower)
	e.CIDR = b.str("cidr_block", "")
	e.IPv6CIDR = b.str("ipv6_cidr_block", "")
	e.Ports = ports(b, e.Protocol)
	return e
}

func mapNACL(bd *builder, r *resInst) {
	b := r.body
	at := r.at()
	n := &ec2.NetworkACL{Meta: r.meta(), ACLID: computedID(r)}
	n.VPCID = b.ident("vpc_id", "")
	n.IsDefault = source.Known(r.typ == "aws_default_network_acl", at)
	n.Subnets = b.idents("subnet_ids")
	entries := []ec2.ACLEntry{}
	known := true
	for _, dir := range []string{"ingress", "egress"} {
		bs, reason := b.nested(dir)
		if reason != "" {
			known = false
			n.Entries = source.Unknown[[]ec2.ACLEntry](reason, at)
		}
		for _, eb := range bs {
			entries = append(entries, aclEntry(eb, dir == "egress", "rule_no", "action"))
		}
	}
	if known {
		n.Entries = source.Known(entries, at)
	}
	bd.est.NetworkACLs = append(bd.est.NetworkACLs, n)
	bd.add(r, n)
}

func mapNACLRule(bd *builder, r *resInst) {
	o, found, _ := bd.target(r, "network_acl_id", "aws_network_acl", "aws_default_network_acl")
	if !found {
		return
	}
	n := o.(*ec2.NetworkACL)
	eg, ok := r.body.boolean("egress", false).Get()
	if !ok {
		n.Entries = source.Unknown[[]ec2.ACLEntry]("rule direction unknown at "+r.loc.String(), r.at())
		return
	}
	if l, ok := n.Entries.Get(); ok {
		n.Entries = source.Known(append(append([]ec2.ACLEntry{}, l...), aclEntry(r.body, eg, "rule_number", "rule_action")), r.at())
	}
}

// ---- route tables ----

func mapRouteTable(bd *builder, r *resInst) {
	b := r.body
	rt := &ec2.RouteTable{Meta: r.meta(), RouteTableID: computedID(r)}
	rt.VPCID = b.ident("vpc_id", "")
	if r.typ == "aws_default_route_table" {
		// default_route_table_id = aws_vpc.x.default_route_table_id names the VPC.
		rt.VPCID = b.ident("default_route_table_id", "")
	}
	bs, reason := b.nested("route")
	routes := []ec2.Route{}
	for _, rb := range bs {
		if why := routeUnknown(rb); why != "" && reason == "" {
			reason = why
		}
		routes = append(routes, route(rb))
	}
	rt.Routes = source.Known(routes, r.at())
	rt.Subnets = source.Known([]string{}, r.at())
	rt.Main = source.Known(r.typ == "aws_default_route_table", r.at())
	if reason != "" {
		rt.Routes = source.Unknown[[]ec2.Route](reason, r.at())
	}
	bd.est.RouteTables = append(bd.est.RouteTables, rt)
	bd.add(r, rt)
}

func route(b *evBlock) ec2.Route {
	get := func(n string) string {
		v, _ := b.ident(n, "").Get()
		return v
	}
	dst := get("cidr_block")
	if dst == "" {
		dst = get("destination_cidr_block")
	}
	if dst == "" {
		dst = get("ipv6_cidr_block")
	}
	return ec2.Route{Destination: dst, GatewayID: get("gateway_id"), PeeringID: get("vpc_peering_connection_id"),
		NATGatewayID: get("nat_gateway_id"), TransitGateway: get("transit_gateway_id"), Prov: source.At(b.loc()),
		InternetGateway: isIGW(get("gateway_id"))}
}

// routeUnknown says why a route's destination or gateway, which decide
// whether it reaches the internet, is unknown ("" when both are known).
func routeUnknown(b *evBlock) string {
	for _, n := range []string{"cidr_block", "destination_cidr_block", "ipv6_cidr_block", "destination_ipv6_cidr_block", "gateway_id"} {
		if v := b.ident(n, ""); !v.Known() {
			return "route " + n + ": " + v.Reason()
		}
	}
	return ""
}

func mapRoute(bd *builder, r *resInst) {
	o, found, reason := bd.target(r, "route_table_id", "aws_route_table")
	if !found {
		if reason != "" {
			bd.unresolvedJoinAt("route", reason, r.at(), routeTables(bd), func(o any, why string, at source.Prov) {
				rt := o.(*ec2.RouteTable)
				rt.Routes = source.Unknown[[]ec2.Route](why, at)
			})
		}
		return
	}
	rt := o.(*ec2.RouteTable)
	if why := routeUnknown(r.body); why != "" {
		rt.Routes = source.Unknown[[]ec2.Route](why, r.at())
		return
	}
	if l, ok := rt.Routes.Get(); ok {
		rt.Routes = source.Known(append(append([]ec2.Route{}, l...), route(r.body)), r.at())
	}
}
