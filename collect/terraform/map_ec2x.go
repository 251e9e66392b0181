package terraform

import (
	"strconv"

	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// Resources and attributes read for the remaining FSBP EC2 controls:
// instance network interfaces, Site-to-Site VPN connections, Client VPN
// endpoints, Spot Fleet requests and VPC Block Public Access. Absent
// attributes take the provider's default, as everywhere in this package.

// instanceInterfaces lists the interfaces an aws_instance declares: its
// network_interface blocks (or primary_network_interface), else the
// primary interface EC2 creates. With a launch template and no interface
// blocks the template may add interfaces, which is not followed.
func instanceInterfaces(r *resInst) source.Value[[]string] {
	b := r.body
	at := r.at()
	nis, reason := b.nested("network_interface")
	if reason != "" {
		return source.Unknown[[]string](reason, at)
	}
	if len(nis) > 0 {
		out := make([]string, 0, len(nis))
		for i, ni := range nis {
			idx, ok := ni.integer("device_index", i).Get()
			if !ok {
				idx = i
			}
			out = append(out, "network_interface device_index "+strconv.Itoa(idx))
		}
		return source.Known(out, source.At(nis[0].loc()))
	}
	// A plan holds launch_template as a list attribute, [] when unset: only
	// a non-empty (or unknown) list names a template.
	if declaresBlock(b, "launch_template") {
		return source.Unknown[[]string]("the instance's network interfaces may come from its launch template", at)
	}
	return source.Known([]string{"primary"}, at)
}

func declaresBlock(b *evBlock, name string) bool {
	bs, reason := b.nested(name)
	return len(bs) > 0 || reason != ""
}

// addInterface records one more interface on the instance an attachment
// (at the secondary's address) targets.
func addInterface(in *ec2.Instance, what string, at source.Prov) {
	if l, ok := in.NetworkInterfaces.Get(); ok {
		in.NetworkInterfaces = source.Known(append(append([]string{}, l...), what), at)
	}
}

func eachInstance(bd *builder) func(func(any)) {
	return func(f func(any)) {
		for _, in := range bd.est.EC2Instances {
			f(in)
		}
	}
}

func markInterfacesUnknown(o any, reason string, at source.Prov) {
	in := o.(*ec2.Instance)
	in.NetworkInterfaces = source.Unknown[[]string](reason, at)
}

// networkInterfaceAttachment: aws_network_interface_attachment adds an
// interface to an instance.
func networkInterfaceAttachment(bd *builder, r *resInst) {
	o, found, reason := bd.target(r, "instance_id", "aws_instance")
	if !found {
		if reason != "" {
			bd.unresolvedJoinAt("eni-attachment", reason, r.at(), eachInstance(bd), markInterfacesUnknown)
		}
		return
	}
	in := o.(*ec2.Instance)
	bd.join("eni-attachment", in)
	addInterface(in, r.addr, r.at())
}

// networkInterface: an aws_network_interface with attachment blocks is
// attached to those instances.
func networkInterface(bd *builder, r *resInst) {
	atts, reason := r.body.nested("attachment")
	if reason != "" {
		bd.unresolvedJoinAt("eni-attachment", r.addr+" attachment: "+reason, r.at(), eachInstance(bd), markInterfacesUnknown)
		return
	}
	for _, a := range atts {
		sec := &resInst{addr: r.addr, typ: r.typ, name: r.name, module: r.module, body: a, loc: a.loc()}
		o, found, reason := bd.target(sec, "instance", "aws_instance")
		if !found {
			if reason != "" {
				bd.unresolvedJoinAt("eni-attachment", reason, r.at(), eachInstance(bd), markInterfacesUnknown)
			}
			continue
		}
		in := o.(*ec2.Instance)
		bd.join("eni-attachment", in)
		addInterface(in, r.addr, source.At(a.loc()))
	}
}

// tunnelLogging reads tunnelN_log_options.cloudwatch_log_options.log_enabled
// (default false).
func tunnelLogging(b *evBlock, name string, at source.Prov) source.Value[bool] {
	lo, reason := b.block(name)
	switch {
	case reason != "":
		return source.Unknown[bool](name+": "+reason, at)
	case lo == nil:
		return source.Known(false, at)
	}
	cw, reason := lo.block("cloudwatch_log_options")
	switch {
	case reason != "":
		return source.Unknown[bool](name+".cloudwatch_log_options: "+reason, source.At(lo.loc()))
	case cw == nil:
		return source.Known(false, source.At(lo.loc()))
	}
	return cw.boolean("log_enabled", false)
}

func mapVPNConnection(bd *builder, r *resInst) {
	at := r.at()
	c := &ec2.VPNConnection{Meta: r.meta()}
	t1, t2 := tunnelLogging(r.body, "tunnel1_log_options", at), tunnelLogging(r.body, "tunnel2_log_options", at)
	v1, ok1 := t1.Get()
	v2, ok2 := t2.Get()
	switch {
	case !ok1:
		c.TunnelLogging = source.Unknown[[]bool](t1.Reason(), t1.Prov())
	case !ok2:
		c.TunnelLogging = source.Unknown[[]bool](t2.Reason(), t2.Prov())
	default:
		p := t1.Prov()
		if v1 && !v2 {
			p = t2.Prov()
		}
		c.TunnelLogging = source.Known([]bool{v1, v2}, p)
	}
	bd.est.VPNConnections = append(bd.est.VPNConnections, c)
	bd.add(r, c)
}

func mapClientVPNEndpoint(bd *builder, r *resInst) {
	c := &ec2.ClientVPNEndpoint{Meta: r.meta()}
	lo, reason := r.body.block("connection_log_options")
	switch {
	case reason != "":
		c.ConnectionLogging = source.Unknown[bool]("connection_log_options: "+reason, r.at())
	case lo == nil:
		c.ConnectionLogging = source.Known(false, r.at())
	default:
		c.ConnectionLogging = lo.boolean("enabled", false)
	}
	bd.est.ClientVPNEndpoints = append(bd.est.ClientVPNEndpoints, c)
	bd.add(r, c)
}

// mapSpotFleetRequest reads the launch_specification blocks: their
// root_block_device and ebs_block_device blocks are the EBS volumes the
// request maps (encrypted defaults to false).
func mapSpotFleetRequest(bd *builder, r *resInst) {
	at := r.at()
	f := &ec2.SpotFleetRequest{Meta: r.meta()}
	specs, reason := r.body.nested("launch_specification")
	if reason != "" {
		f.LaunchSpecifications = source.Unknown[int]("launch_specification: "+reason, at)
		f.UnencryptedVolumes = source.Unknown[[]string]("launch_specification: "+reason, at)
	} else {
		f.LaunchSpecifications = source.Known(len(specs), at)
		f.UnencryptedVolumes = spotUnencrypted(specs, at)
	}
	bd.est.SpotFleetRequests = append(bd.est.SpotFleetRequests, f)
	bd.add(r, f)
}

func spotUnencrypted(specs []*evBlock, at source.Prov) source.Value[[]string] {
	bad := []string{}
	for i, s := range specs {
		label := "launch_specification[" + strconv.Itoa(i) + "] "
		for _, kind := range []string{"root_block_device", "ebs_block_device"} {
			devs, reason := s.nested(kind)
			if reason != "" {
				return source.Unknown[[]string](kind+": "+reason, source.At(s.loc()))
			}
			for _, d := range devs {
				v := d.boolean("encrypted", false)
				enc, ok := v.Get()
				if !ok {
					return source.Unknown[[]string]("encrypted: "+v.Reason(), v.Prov())
				}
				if enc {
					continue
				}
				name := "root"
				if kind == "ebs_block_device" {
					name, _ = d.str("device_name", "?").Get()
				}
				bad = append(bad, label+name)
			}
		}
	}
	return source.Known(bad, at)
}

func mapVPCBlockPublicAccess(bd *builder, r *resInst) {
	o := &ec2.VPCBlockPublicAccess{Meta: r.meta()}
	o.InternetGatewayBlockMode = r.body.strComputed("internet_gateway_block_mode", "internet_gateway_block_mode not set")
	bd.est.VPCBlockPublicAccess = append(bd.est.VPCBlockPublicAccess, o)
	bd.add(r, o)
}
