package cloudformation

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

func (b *builder) instance(c *rctx) {
	in := &ec2.Instance{Meta: c.meta}
	in.InstanceID = source.UnknownIn[string](c.t.batch, "instance id is assigned at deploy time", c.prov())
	lt := b.launchTemplateOf(c)
	in.ImageID = b.instOrLT(c, lt, "ImageId")
	in.InstanceType = b.instOrLT(c, lt, "InstanceType")
	if _, ok := in.InstanceType.Get(); !ok && c.get("InstanceType") == nil && (lt == nil || lt.get("LaunchTemplateData", "InstanceType") == nil) {
		in.InstanceType = source.KnownAt("m1.small", c.site())
	}
	in.State = source.KnownAt("running", c.site())
	in.InstanceProfile = c.strOr("", "IamInstanceProfile")
	if _, ok := in.InstanceProfile.Get(); ok && c.get("IamInstanceProfile") == nil && lt != nil {
		if p := lt.get("LaunchTemplateData", "IamInstanceProfile"); p != nil {
			if a := walk(p, "Arn"); a != nil {
				in.InstanceProfile = lt.str(a)
			} else {
				in.InstanceProfile = lt.str(walk(p, "Name"))
			}
		}
	}
	// IMDS: AWS::EC2::Instance has no metadata options; they come from a
	// launch template. Without one, AWS's default is IMDSv1 allowed.
	in.HTTPTokens = source.Defaulted("optional", c.prov(), imdsNote)
	in.HTTPEndpoint = source.KnownAt("enabled", c.site())
	in.HTTPPutHopLimit = source.KnownAt(1, c.site())
	if lt != nil {
		if lt.props != nil && lt.props.k == kUnknown {
			in.HTTPTokens = lt.str(lt.props)
		}
		if mo := lt.get("LaunchTemplateData", "MetadataOptions"); mo != nil {
			in.HTTPTokens = lt.strOr("optional", "LaunchTemplateData", "MetadataOptions", "HttpTokens")
			if !lt.has("LaunchTemplateData", "MetadataOptions", "HttpTokens") {
				in.HTTPTokens = source.Defaulted("optional", source.At(mo.loc), imdsNote)
			}
			in.HTTPEndpoint = lt.strOr("enabled", "LaunchTemplateData", "MetadataOptions", "HttpEndpoint")
			in.HTTPPutHopLimit = lt.intOr(1, "LaunchTemplateData", "MetadataOptions", "HttpPutResponseHopLimit")
		}
	}
	// Network placement.
	ni := c.get("NetworkInterfaces", 0)
	subnet := c.get("SubnetId")
	if subnet == nil && ni != nil {
		subnet = walk(ni, "SubnetId")
	}
	var sub *rctx
	if subnet != nil {
		in.SubnetID = c.str(subnet)
		sub = b.subnets[refOf(subnet)]
	} else {
		in.SubnetID = source.KnownAt("", c.site())
	}
	switch {
	case subnet == nil && ni == nil:
		// No subnet: the default subnet of the default VPC.
		in.InDefaultVPC = source.KnownAt(true, c.site())
		in.VPCID = source.UnknownIn[string](c.t.batch, "the default VPC's id is known only at deploy time", c.prov())
	case sub != nil:
		in.VPCID = sub.str(sub.get("VpcId"))
		_, tplVPC := b.t.resources[refOf(sub.get("VpcId"))]
		if tplVPC {
			in.InDefaultVPC = source.Known(false, sub.prov())
		} else {
			in.InDefaultVPC = source.Unknown[bool]("the subnet's VPC is not declared in this template", sub.prov())
		}
	default:
		in.VPCID = source.UnknownIn[string](c.t.batch, "the subnet is not declared in this template", c.prov())
		in.InDefaultVPC = source.UnknownIn[bool](c.t.batch, "the subnet is not declared in this template", c.prov())
	}
	switch {
	case ni != nil && walk(ni, "AssociatePublicIpAddress") != nil:
		in.PublicIP = c.boolean(walk(ni, "AssociatePublicIpAddress"))
	case subnet == nil && ni == nil:
		in.PublicIP = source.KnownAt(true, c.site()) // default subnets map public IPs
	case sub != nil:
		in.PublicIP = sub.boolOr(false, "MapPublicIpOnLaunch")
	default:
		in.PublicIP = source.UnknownIn[bool](c.t.batch, "public IP follows the setting of a subnet not declared in this template", c.prov())
	}
	in.SecurityGroups = b.instanceGroups(c, ni)
	switch ud := c.get("UserData"); {
	case ud == nil:
		in.UserData = source.KnownAt("", c.site())
	case ud.k == kUnknown:
		in.UserData = unknownAt[string](c, ud.s, ud.loc)
		if ud.partial != "" {
			in.UserDataPartial = known(c, ud.partial, ud.loc)
		}
	default:
		raw := c.str(ud)
		s, _ := raw.Get()
		if dec, err := base64.StdEncoding.DecodeString(s); err == nil {
			in.UserData = known(c, string(dec), ud.loc)
		} else {
			in.UserData = raw // written without Fn::Base64: EC2 would reject it; keep the text
		}
	}
	in.Monitoring = c.boolOr(false, "Monitoring")
	in.SourceDestCheck = c.boolOr(true, "SourceDestCheck")
	in.NetworkInterfaces = instanceInterfaces(c, lt)
	in.RootVolumeEncrypted = b.rootEncrypted(c, lt)
	in.Volumes = source.KnownAt[[]string](nil, c.site())
	in.LaunchTime = source.UnknownIn[string](c.t.batch, "launch time is known only after deployment", c.prov())
	b.est.EC2Instances = append(b.est.EC2Instances, in)
	b.byID[c.r.id] = in
}

func (b *builder) launchTemplateOf(c *rctx) *rctx {
	ref := c.get("LaunchTemplate", "LaunchTemplateId")
	if ref == nil {
		ref = c.get("LaunchTemplate", "LaunchTemplateName")
	}
	return b.launchTemplates[refOf(ref)]
}

func (b *builder) instOrLT(c, lt *rctx, prop string) source.Value[string] {
	if v := c.get(prop); v != nil {
		return c.str(v)
	}
	if lt != nil {
		if v := lt.get("LaunchTemplateData", prop); v != nil {
			return lt.str(v)
		}
	}
	return source.UnknownIn[string](c.t.batch, prop+" not set", c.prov())
}

func (b *builder) instanceGroups(c *rctx, ni *val) source.Value[[]string] {
	var out []string
	prov := c.prov()
	for _, p := range [][]any{{"SecurityGroupIds"}, {"SecurityGroups"}, {"NetworkInterfaces", 0, "GroupSet"}} {
		v := c.get(p...)
		if v == nil {
			continue
		}
		l := c.strs(v)
		x, ok := l.Get()
		if !ok {
			return l
		}
		out = append(out, x...)
		prov = source.At(v.loc)
	}
	if len(out) == 0 {
		// EC2 puts the instance in the VPC's default security group.
		return source.KnownAt([]string{"default"}, c.site())
	}
	return source.Known(out, prov)
}

// rootEncrypted reads the root device mapping; without one the root volume
// follows the AMI's snapshot and the account's EBS encryption default.
func (b *builder) rootEncrypted(c, lt *rctx) source.Value[bool] {
	for _, src := range []*rctx{c, lt} {
		if src == nil {
			continue
		}
		path := []any{"BlockDeviceMappings"}
		if src != c {
			path = []any{"LaunchTemplateData", "BlockDeviceMappings"}
		}
		list, unk := src.items(path...)
		if unk != nil {
			return unknownAt[bool](c, unk.s, unk.loc)
		}
		for _, m := range list {
			dev, _ := walk(m, "DeviceName").text()
			if dev != "/dev/xvda" && dev != "/dev/sda1" && dev != "/dev/sda" && len(list) > 1 {
				continue
			}
			ebs := walk(m, "Ebs")
			if ebs == nil {
				continue
			}
			e := walk(ebs, "Encrypted")
			if e == nil {
				return source.Defaulted(false, source.At(ebs.loc), ebsNote)
			}
			return src.boolean(e)
		}
	}
	// No root mapping: EC2 creates the root volume unencrypted (unless the
	// AMI's snapshot or the account's EBS default says otherwise, which the
	// template does not show).
	return source.Defaulted(false, c.prov(), ebsNote)
}

// Notes for settings a template leaves to a default it does not show: the
// FAIL stands (the template does not enforce the setting), and its reason
// says why the outcome could differ in the account.
const (
	imdsNote = "HttpTokens is not set (AWS::EC2::Instance takes it only from a launch template's MetadataOptions), so IMDSv1 is allowed unless the AMI (ImdsSupport v2.0) or the account's instance metadata defaults require IMDSv2, which the template does not show"
	ebsNote  = "the root volume's Encrypted is not set: it is encrypted only if the AMI's snapshot is, or EBS encryption by default is on for the account and region, which the template does not show"
)

// --- security groups ------------------------------------------------------

var protoNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}

func (c *rctx) sgRule(v *val, egress bool) ec2.Rule {
	r := ec2.Rule{Prov: c.t.batch.Pack(source.At(v.loc))}
	r.Description = c.text(walk(v, "Description"))
	var proto source.Value[string]
	if pv := walk(v, "IpProtocol"); pv == nil {
		proto = unknownAt[string](c, "IpProtocol missing", v.loc)
	} else {
		proto = c.str(pv)
	}
	if p, ok := proto.Get(); ok {
		p = strings.ToLower(p)
		if n, ok := protoNames[p]; ok {
			p = n
		}
		proto = source.Map(proto, func(string) string { return p })
	}
	r.Protocol = proto
	p, _ := proto.Get()
	switch {
	case !proto.Known():
		r.Ports = source.Unknown[base.PortRange](proto.Reason(), proto.Prov())
	case p == "-1":
		r.Ports = source.Known(base.PortRange{From: 0, To: 65535}, proto.Prov())
	default:
		from, to := walk(v, "FromPort"), walk(v, "ToPort")
		f, why1, ok1 := c.intText(from)
		t, why2, ok2 := c.intText(to)
		switch {
		case from == nil && to == nil && (p == "tcp" || p == "udp"):
			r.Ports = known(c, base.PortRange{From: 0, To: 65535}, v.loc)
		case !ok1:
			r.Ports = unknownAt[base.PortRange](c, why1, c.locOf(from))
		case !ok2:
			r.Ports = unknownAt[base.PortRange](c, why2, c.locOf(to))
		case f == -1 && t == -1 && (p == "tcp" || p == "udp"):
			r.Ports = known(c, base.PortRange{From: 0, To: 65535}, c.locOf(from))
		default:
			r.Ports = known(c, base.PortRange{From: f, To: t}, c.locOf(from))
		}
	}
	list := func(keys ...string) source.Value[[]string] {
		var out []string
		at := v.loc
		for _, k := range keys {
			e := walk(v, k)
			if e == nil {
				continue
			}
			if e.k == kScalar {
				// strs of one string, without its value
				x, _, _ := c.strText(e)
				out = append(out, x)
				at = e.loc
				continue
			}
			s := c.strs(e)
			x, ok := s.Get()
			if !ok {
				return s
			}
			out = append(out, x...)
			at = e.loc
		}
		return known(c, out, at)
	}
	r.CIDRs = list("CidrIp")
	r.IPv6CIDRs = list("CidrIpv6")
	if egress {
		r.SourceGroups = list("DestinationSecurityGroupId")
		r.PrefixLists = list("DestinationPrefixListId")
	} else {
		r.SourceGroups = list("SourceSecurityGroupId", "SourceSecurityGroupName")
		r.PrefixLists = list("SourcePrefixListId")
	}
	return r
}

func (c *rctx) sgRules(egress bool, path ...any) source.Value[[]ec2.Rule] {
	list, unk := c.items(path...)
	if unk != nil {
		return unknownAt[[]ec2.Rule](c, unk.s, unk.loc)
	}
	out := make([]ec2.Rule, 0, len(list))
	for _, v := range list {
		if v.k == kUnknown {
			return unknownAt[[]ec2.Rule](c, v.s, v.loc)
		}
		out = append(out, c.sgRule(v, egress))
	}
	v := c.get(path...)
	if v == nil {
		return source.KnownAt(out, c.site())
	}
	return known(c, out, v.loc)
}

func (b *builder) securityGroup(c *rctx) {
	sg := &ec2.SecurityGroup{Meta: c.meta}
	sg.GroupID = source.UnknownIn[string](c.t.batch, "group id is assigned at deploy time", c.prov())
	sg.Name = c.strOrUnknown("GroupName not set: CloudFormation generates the name at deploy time", "GroupName")
	sg.VPCID = c.strOr("", "VpcId")
	sg.IsDefault = source.KnownAt(false, c.site())
	sg.Ingress = c.sgRules(false, "SecurityGroupIngress")
	if c.has("SecurityGroupEgress") {
		sg.Egress = c.sgRules(true, "SecurityGroupEgress")
	} else {
		// EC2 adds an allow-all egress rule unless the group lists its own.
		sg.Egress = source.KnownAt([]ec2.Rule{{
			Protocol: source.KnownAt("-1", c.site()), Ports: source.KnownAt(base.PortRange{From: 0, To: 65535}, c.site()),
			CIDRs: source.KnownAt([]string{"0.0.0.0/0"}, c.site()), IPv6CIDRs: source.KnownAt[[]string](nil, c.site()),
			SourceGroups: source.KnownAt[[]string](nil, c.site()), PrefixLists: source.KnownAt[[]string](nil, c.site()),
			Description: "default egress rule", Prov: c.site().PackedProv(),
		}}, c.site())
	}
	sg.InUse = source.KnownAt(false, c.site()) // set when a resource references it (finish)
	b.est.SecurityGroups = append(b.est.SecurityGroups, sg)
	b.byID[c.r.id] = sg
}

// --- network ACLs, VPCs, subnets, routes ---------------------------------

func (b *builder) nacl(c *rctx) {
	n := &ec2.NetworkACL{Meta: c.meta}
	n.ACLID = source.UnknownIn[string](c.t.batch, "network ACL id is assigned at deploy time", c.prov())
	n.VPCID = c.strOr("", "VpcId")
	n.IsDefault = source.KnownAt(false, c.site())
	n.Entries = source.KnownAt[[]ec2.ACLEntry](nil, c.site())
	n.Subnets = source.KnownAt[[]string](nil, c.site())
	b.est.NetworkACLs = append(b.est.NetworkACLs, n)
	b.byID[c.r.id] = n
}

func (c *rctx) aclEntry() ec2.ACLEntry {
	e := ec2.ACLEntry{Prov: c.prov()}
	num, _ := c.intOr(0, "RuleNumber").Get()
	e.RuleNumber = num
	e.Egress, _ = c.boolOr(false, "Egress").Get()
	proto := c.strOrUnknown("Protocol not set", "Protocol")
	if p, ok := proto.Get(); ok {
		if n, ok := protoNames[strings.ToLower(p)]; ok {
			p = n
		}
		proto = source.Known(p, proto.Prov())
	}
	e.Protocol = proto
	e.Action = source.Map(c.strOrUnknown("RuleAction not set", "RuleAction"), strings.ToLower)
	e.CIDR = c.strOr("", "CidrBlock")
	e.IPv6CIDR = c.strOr("", "Ipv6CidrBlock")
	p, _ := proto.Get()
	switch {
	case !proto.Known():
		e.Ports = source.Unknown[base.PortRange](proto.Reason(), proto.Prov())
	case p == "tcp" || p == "udp":
		from, to := c.integer(c.get("PortRange", "From")), c.integer(c.get("PortRange", "To"))
		f, ok1 := from.Get()
		t, ok2 := to.Get()
		switch {
		case !c.has("PortRange"):
			e.Ports = source.KnownAt(base.PortRange{From: 0, To: 65535}, c.site())
		case !ok1:
			e.Ports = source.Unknown[base.PortRange](from.Reason(), from.Prov())
		case !ok2:
			e.Ports = source.Unknown[base.PortRange](to.Reason(), to.Prov())
		default:
			e.Ports = source.Known(base.PortRange{From: f, To: t}, from.Prov())
		}
	default:
		e.Ports = source.Known(base.PortRange{From: 0, To: 65535}, proto.Prov())
	}
	return e
}

func (b *builder) vpc(c *rctx) {
	v := &ec2.VPC{Meta: c.meta}
	v.VPCID = source.UnknownIn[string](c.t.batch, "VPC id is assigned at deploy time", c.prov())
	v.CIDR = c.strOrUnknown("CidrBlock not set: allocated from an IPAM pool", "CidrBlock")
	v.IsDefault = source.KnownAt(false, c.site())
	v.FlowLogs = source.KnownAt[[]ec2.FlowLog](nil, c.site())
	v.Endpoints = source.KnownAt([]ec2.VPCEndpoint{}, c.site())
	b.est.VPCs = append(b.est.VPCs, v)
	b.byID[c.r.id] = v
}

func (b *builder) subnet(c *rctx) {
	s := &ec2.Subnet{Meta: c.meta}
	s.SubnetID = source.UnknownIn[string](c.t.batch, "subnet id is assigned at deploy time", c.prov())
	s.VPCID = c.strOrUnknown("VpcId not set", "VpcId")
	s.MapPublicIPOnLaunch = c.boolOr(false, "MapPublicIpOnLaunch")
	switch {
	case c.has("AvailabilityZone"):
		s.AvailabilityZone = c.str(c.get("AvailabilityZone"))
	case c.has("AvailabilityZoneId"):
		s.AvailabilityZone = c.str(c.get("AvailabilityZoneId"))
	default:
		s.AvailabilityZone = source.UnknownIn[string](c.t.batch, "AvailabilityZone not set: AWS picks it at deploy time", c.prov())
	}
	b.est.Subnets = append(b.est.Subnets, s)
	b.byID[c.r.id] = s
}

func (b *builder) routeTable(c *rctx) {
	rt := &ec2.RouteTable{Meta: c.meta}
	rt.RouteTableID = source.UnknownIn[string](c.t.batch, "route table id is assigned at deploy time", c.prov())
	rt.VPCID = c.strOrUnknown("VpcId not set", "VpcId")
	rt.Routes = source.KnownAt[[]ec2.Route](nil, c.site())
	// Templates cannot declare a VPC's main table: AWS creates it with only
	// the local route, and subnets without an association use it.
	rt.Subnets = source.KnownAt([]string{}, c.site())
	rt.Main = source.KnownAt(false, c.site())
	b.est.RouteTables = append(b.est.RouteTables, rt)
	b.byID[c.r.id] = rt
}

func (c *rctx) route() ec2.Route {
	r := ec2.Route{Prov: c.prov()}
	r.Destination = c.text(c.get("DestinationCidrBlock"))
	if r.Destination == "" {
		r.Destination = c.text(c.get("DestinationIpv6CidrBlock"))
	}
	r.GatewayID = c.text(c.get("GatewayId"))
	r.NATGatewayID = c.text(c.get("NatGatewayId"))
	r.PeeringID = c.text(c.get("VpcPeeringConnectionId"))
	r.TransitGateway = c.text(c.get("TransitGatewayId"))
	r.InternetGateway = c.isIGW(c.get("GatewayId"))
	return r
}

// portText is used in diagnostics only.
func portText(p base.PortRange) string {
	if p.From == p.To {
		return strconv.Itoa(p.From)
	}
	return strconv.Itoa(p.From) + "-" + strconv.Itoa(p.To)
}
