package cloudformation

import (
	"strconv"

	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// Resources and properties read for the remaining FSBP EC2 controls:
// instance network interfaces, Site-to-Site VPN connections, Client VPN
// endpoints, Spot Fleet requests and VPC Block Public Access. Absent
// properties take the CloudFormation default, as everywhere in this package.

// primaryEC2x maps the resource types of these additions; false for any
// other type.
func (b *builder) primaryEC2x(c *rctx) bool {
	switch c.r.typ {
	case "AWS::EC2::VPNConnection":
		b.vpnConnection(c)
	case "AWS::EC2::ClientVpnEndpoint":
		b.clientVPNEndpoint(c)
	case "AWS::EC2::SpotFleet":
		b.spotFleet(c)
	case "AWS::EC2::VPCBlockPublicAccessOptions":
		o := &ec2.VPCBlockPublicAccess{Meta: c.meta}
		o.InternetGatewayBlockMode = c.strOrUnknown("InternetGatewayBlockMode not set", "InternetGatewayBlockMode")
		b.est.VPCBlockPublicAccess = append(b.est.VPCBlockPublicAccess, o)
		b.byID[c.r.id] = o
	default:
		return false
	}
	return true
}

// instanceInterfaces lists the interfaces an instance declares (its
// NetworkInterfaces, else its launch template's), else the primary one EC2
// creates.
func instanceInterfaces(c, lt *rctx) source.Value[[]string] {
	for _, src := range []*rctx{c, lt} {
		if src == nil {
			continue
		}
		path := []any{"NetworkInterfaces"}
		if src != c {
			path = []any{"LaunchTemplateData", "NetworkInterfaces"}
		}
		list, unk := src.items(path...)
		if unk != nil {
			return unknownAt[[]string](c, unk.s, unk.loc)
		}
		if len(list) == 0 {
			continue
		}
		out := make([]string, 0, len(list))
		for i := range list {
			idx, ok := src.intOr(i, append(path, i, "DeviceIndex")...).Get()
			if !ok {
				idx = i
			}
			out = append(out, "NetworkInterfaces DeviceIndex "+strconv.Itoa(idx))
		}
		return known(c, out, src.get(path...).loc)
	}
	return source.KnownAt([]string{"primary"}, c.site())
}

// eniAttachment joins an AWS::EC2::NetworkInterfaceAttachment onto its
// instance.
func (b *builder) eniAttachment(c *rctx) {
	in, ok := target(b, c.get("InstanceId"), b.est.EC2Instances, func(x *ec2.Instance) source.Value[string] { return x.InstanceID })
	if !ok {
		return
	}
	if l, ok := in.NetworkInterfaces.Get(); ok {
		in.NetworkInterfaces = source.KnownAt(append(append([]string{}, l...), c.r.id), c.site())
	}
}

// vpnConnection reads the log options of the two tunnels: a tunnel
// without VpnTunnelOptionsSpecifications (or without LogOptions) does not
// log (LogEnabled defaults to false).
func (b *builder) vpnConnection(c *rctx) {
	v := &ec2.VPNConnection{Meta: c.meta}
	specs, unk := c.items("VpnTunnelOptionsSpecifications")
	if unk != nil {
		v.TunnelLogging = unknownAt[[]bool](c, unk.s, unk.loc)
	} else {
		logs := make([]bool, 2)
		p := c.prov()
		known := true
		for i := range logs {
			if i >= len(specs) {
				continue
			}
			x := c.boolAt(specs[i], false, "LogOptions", "CloudwatchLogOptions", "LogEnabled")
			on, ok := x.Get()
			if !ok {
				v.TunnelLogging = source.Unknown[[]bool]("tunnel "+strconv.Itoa(i+1)+" LogEnabled: "+x.Reason(), x.Prov())
				known = false
				break
			}
			logs[i] = on
			if !on {
				p = x.Prov()
			}
		}
		if known {
			v.TunnelLogging = source.Known(logs, p)
		}
	}
	b.est.VPNConnections = append(b.est.VPNConnections, v)
	b.byID[c.r.id] = v
}

func (b *builder) clientVPNEndpoint(c *rctx) {
	v := &ec2.ClientVPNEndpoint{Meta: c.meta}
	v.ConnectionLogging = c.boolOr(false, "ConnectionLogOptions", "Enabled")
	b.est.ClientVPNEndpoints = append(b.est.ClientVPNEndpoints, v)
	b.byID[c.r.id] = v
}

// spotFleet reads the launch specifications of SpotFleetRequestConfigData:
// each EBS block device mapping with Encrypted false or absent is listed.
func (b *builder) spotFleet(c *rctx) {
	f := &ec2.SpotFleetRequest{Meta: c.meta}
	path := []any{"SpotFleetRequestConfigData", "LaunchSpecifications"}
	specs, unk := c.items(path...)
	if unk != nil {
		f.LaunchSpecifications = unknownAt[int](c, unk.s, unk.loc)
		f.UnencryptedVolumes = unknownAt[[]string](c, unk.s, unk.loc)
	} else {
		f.LaunchSpecifications = source.KnownAt(len(specs), c.site())
		f.UnencryptedVolumes = func() source.Value[[]string] {
			bad := []string{}
			for i, s := range specs {
				ms, unk := items(walk(s, "BlockDeviceMappings"))
				if unk != nil {
					return unknownAt[[]string](c, unk.s, unk.loc)
				}
				for _, m := range ms {
					ebs := walk(m, "Ebs")
					if ebs == nil {
						continue // instance store or NoDevice
					}
					v := c.boolAt(ebs, false, "Encrypted")
					enc, ok := v.Get()
					if !ok {
						return source.Unknown[[]string]("Encrypted: "+v.Reason(), v.Prov())
					}
					if !enc {
						dev := c.text(walk(m, "DeviceName"))
						if dev == "" {
							dev = "?"
						}
						bad = append(bad, "LaunchSpecifications["+strconv.Itoa(i)+"] "+dev)
					}
				}
			}
			return source.KnownAt(bad, c.site())
		}()
	}
	b.est.SpotFleetRequests = append(b.est.SpotFleetRequests, f)
	b.byID[c.r.id] = f
}
