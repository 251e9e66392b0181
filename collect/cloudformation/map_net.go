package cloudformation

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/model/apigateway"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// joinNet joins the resources of the network, load balancing and API
// Gateway additions onto the resources they configure.
func (b *builder) joinNet(c *rctx) {
	switch c.r.typ {
	case "AWS::EC2::VPCEndpoint":
		b.vpcEndpoint(c)
	case "AWS::EC2::NetworkInterfaceAttachment":
		b.eniAttachment(c)
	}
}

// vpcEndpoint joins an endpoint onto its VPC. A VpcId only a deployment
// knows may name any VPC of the template: the endpoint is joined onto
// each, marked uncertain. A literal id or a parameter names a VPC outside
// the template.
func (b *builder) vpcEndpoint(c *rctx) {
	ep := ec2.VPCEndpoint{ID: c.r.id, Prov: c.prov()}
	ep.ServiceName = c.strOrUnknown("ServiceName not set", "ServiceName")
	ep.Type, _ = c.strOr("Gateway", "VpcEndpointType").Get()
	ref := c.get("VpcId")
	// A parameter never names a VPC of the same stack (its id exists only
	// after the deployment): the endpoint is another VPC's.
	if ref != nil && ref.k == kUnknown && ref.param == "" {
		ep.Uncertain = "VpcId is unknown (" + ref.s + ")"
		for _, v := range b.est.VPCs {
			addEndpoint(v, ep)
		}
		return
	}
	v, ok := target(b, ref, b.est.VPCs, func(x *ec2.VPC) source.Value[string] { return x.VPCID })
	if ok {
		addEndpoint(v, ep)
	}
}

func addEndpoint(v *ec2.VPC, ep ec2.VPCEndpoint) {
	if l, ok := v.Endpoints.Get(); ok {
		v.Endpoints = source.Known(append(l, ep), v.Endpoints.Prov())
	}
}

// primaryNet maps the resource types of the network, load balancing and
// API Gateway additions; false for any other type.
func (b *builder) primaryNet(c *rctx) bool {
	switch c.r.typ {
	case "AWS::ElasticLoadBalancing::LoadBalancer":
		b.classicLB(c)
	case "AWS::S3::MultiRegionAccessPoint":
		b.mrap(c)
	case "AWS::S3Express::DirectoryBucket":
		b.directoryBucket(c)
	case "AWS::GuardDuty::Detector":
		b.guardDutyDetector(c)
	case "AWS::ApiGateway::Stage":
		b.apiStage(c, c.props, c.strOrUnknown("StageName not set", "StageName"))
	case "AWS::Serverless::Api":
		b.samAPIStage(c)
	case "AWS::Serverless::StateMachine":
		// Not modelled itself; the role SAM generates for it is.
		if !c.has("Role") {
			b.samStateMachineRole(c)
		}
	case "AWS::ApiGateway::Deployment":
		// A deployment with StageName creates that stage, configured by
		// StageDescription.
		if !c.has("StageName") {
			return true
		}
		b.apiStage(c, walk(c.props, "StageDescription"), c.str(c.get("StageName")))
	default:
		return false
	}
	return true
}

// apiStage reads a REST API stage from its properties (a Stage's, or a
// Deployment's StageDescription; nil when absent). No AccessLogSetting
// logs nothing; no ClientCertificateId sends no certificate; the web ACL
// comes from a WebACLAssociation (none: known "").
func (b *builder) apiStage(c *rctx, props *val, name source.Value[string]) {
	s := &apigateway.Stage{Meta: c.meta, Name: name}
	s.APIID = c.strOr("", "RestApiId")
	s.WebACL = source.KnownAt("", c.site())
	s.ClientCertificate = source.KnownAt("", c.site())
	s.AccessLogs = source.KnownAt(false, c.site())
	switch {
	case props != nil && props.k == kUnknown:
		s.ClientCertificate = unknownAt[string](c, props.s, props.loc)
		s.AccessLogs = unknownAt[bool](c, props.s, props.loc)
	case props != nil:
		if v := walk(props, "ClientCertificateId"); v != nil {
			s.ClientCertificate = c.str(v)
		}
		if als := walk(props, "AccessLogSetting"); als != nil {
			s.AccessLogs = source.Map(c.str(walk(als, "DestinationArn")), func(d string) bool { return d != "" })
			if walk(als, "DestinationArn") == nil {
				s.AccessLogs = known(c, false, als.loc)
			}
		}
	}
	b.est.APIGatewayStages = append(b.est.APIGatewayStages, s)
	b.byID[c.r.id] = s
}

// samAPIStage reads the stage SAM generates for an AWS::Serverless::Api
// (<api><StageName>Stage, named by StageName, with Globals.Api merged in):
// the Api's AccessLogSetting configures it as a Stage's does. SAM has no
// property for a client certificate, so the generated stage has none. The
// stage keeps the Api's logical id and location, and its REST API id is that
// logical id, so a WebACLAssociation naming ${Api} and the stage (by name
// or as ${Api.Stage}, which the evaluator resolves to StageName) joins onto
// it.
func (b *builder) samAPIStage(c *rctx) {
	if c.r.maybe && !b.samRest.made {
		if b.samRest.unknown == "" {
			return // every event resolved, and none makes it
		}
		// The functions were mapped first (the implicit API is declared
		// after every template resource), so samRest is settled here.
		defer b.maybeStages(len(b.est.APIGatewayStages), "SAM creates "+c.r.id+" only for an Api event without RestApiId, and whether there is one is unknown: "+b.samRest.unknown)
	}
	name := c.strOrUnknown("StageName not set (SAM requires it)", "StageName")
	if c.props != nil && c.props.k == kUnknown {
		name = unknownAt[string](c, c.props.s, c.props.loc)
	}
	b.apiStage(c, c.props, name)
	s := b.est.APIGatewayStages[len(b.est.APIGatewayStages)-1]
	s.APIID = source.KnownAt(c.r.id, c.site())
	if c.props == nil || c.props.k != kUnknown {
		s.ClientCertificate = source.KnownAt("", c.site())
	}
	// Unless OpenApiVersion is set (any value, even an intrinsic: SAM tests
	// it for truth before CloudFormation resolves anything), SAM's
	// deployment also creates a stage named "Stage" with API Gateway's
	// defaults: no access logs, no client certificate.
	if c.props != nil && c.props.k == kUnknown {
		return
	}
	if v := c.get("OpenApiVersion"); v != nil && !(v.k == kScalar && (v.s == "" || v.s == "false")) {
		return
	}
	extra := &apigateway.Stage{Meta: c.meta, Name: source.KnownAt("Stage", c.site()), APIID: s.APIID,
		WebACL: source.KnownAt("", c.site()), AccessLogs: source.KnownAt(false, c.site()), ClientCertificate: source.KnownAt("", c.site())}
	extra.Type, extra.Address = "AWS::ApiGateway::Deployment", c.r.id+"Deployment"
	b.est.APIGatewayStages = append(b.est.APIGatewayStages, extra)
}

// maybeStages makes the settings of the stages mapped from index from on
// unknown: the API they belong to may not exist.
func (b *builder) maybeStages(from int, reason string) {
	for _, s := range b.est.APIGatewayStages[from:] {
		at := s.WebACL.Prov()
		s.WebACL = source.Unknown[string](reason, at)
		s.AccessLogs = source.Unknown[bool](reason, at)
		s.ClientCertificate = source.Unknown[string](reason, at)
	}
}

// stageARN matches the path of a stage ARN: /restapis/<api>/stages/<stage>.
var stageARN = regexp.MustCompile(`/restapis/([^/]+)/stages/([^/]+)$`)

// wafStage joins a WebACLAssociation whose ResourceArn names a REST API
// stage of the template (written with ${Api} and the stage name or
// ${Stage}) onto that stage.
func (b *builder) wafStage(c *rctx) {
	arn := c.get("ResourceArn")
	if arn == nil || arn.k != kScalar {
		return
	}
	text, ok := arn.text()
	if !ok {
		return
	}
	m := stageARN.FindStringSubmatch(text)
	if m == nil {
		return
	}
	acl := c.get("WebACLArn")
	if acl == nil {
		acl = c.get("WebACLId")
	}
	for _, s := range b.est.APIGatewayStages {
		api, _ := s.APIID.Get()
		name, _ := s.Name.Get()
		if api == "" || (m[1] != api && m[1] != "${"+api+"}") {
			continue
		}
		if m[2] == name || m[2] == "${"+s.Address+"}" {
			s.WebACL = c.str(acl)
		}
	}
}

// classicLB reads a classic load balancer with the settings the ELB
// controls judge, at CloudFormation's defaults when a property is absent:
// internet-facing, no access logs, cross-zone and connection draining off.
// Classic load balancers have no deletion protection, header dropping or
// WAF; desync mitigation has no property and stays at AWS's "defensive".
func (b *builder) classicLB(c *rctx) {
	lb := &elb.LoadBalancer{Meta: c.meta}
	lb.Name = c.strOrUnknown("LoadBalancerName not set: CloudFormation generates it at deploy time", "LoadBalancerName")
	lb.Type = source.KnownAt("classic", c.site())
	lb.Scheme = c.strOr("internet-facing", "Scheme")
	lb.AccessLogs = source.KnownAt(false, c.site())
	if v := c.get("AccessLoggingPolicy"); v != nil {
		lb.AccessLogs = c.boolean(walk(v, "Enabled"))
	}
	lb.ConnectionDraining = source.KnownAt(false, c.site())
	if v := c.get("ConnectionDrainingPolicy"); v != nil {
		lb.ConnectionDraining = c.boolean(walk(v, "Enabled"))
	}
	lb.CrossZone = c.boolOr(false, "CrossZone")
	lb.DeletionProtection = source.KnownAt(false, c.site())
	lb.DropInvalidHeaders = source.KnownAt(false, c.site())
	lb.DesyncMode = source.KnownAt("defensive", c.site())
	lb.WebACL = source.KnownAt("", c.site())
	switch {
	case c.has("AvailabilityZones"):
		lb.Zones = c.strs(c.get("AvailabilityZones"))
	case c.has("Subnets"):
		lb.Zones = c.strs(c.get("Subnets"))
	default:
		lb.Zones = source.UnknownIn[[]string](c.t.batch, "neither AvailabilityZones nor Subnets is set", c.prov())
	}
	list, unk := c.items("Listeners")
	if unk != nil {
		lb.Listeners = unknownAt[[]elb.Listener](c, unk.s, unk.loc)
	} else {
		lb.Listeners = b.classicListeners(c, list)
	}
	b.est.LoadBalancers = append(b.est.LoadBalancers, lb)
	b.byID[c.r.id] = lb
}

// classicListeners reads Listeners: protocol, port, certificate and, for
// HTTPS/SSL, the SSL negotiation policy. A listener whose protocol is
// unknown is kept with ProtocolUnknown (it may be plain or TLS): the other
// listeners are still judged.
func (b *builder) classicListeners(c *rctx, list []*val) source.Value[[]elb.Listener] {
	pols, unnamed, polUnknown := classicPolicies(c)
	out := []elb.Listener{}
	for _, l := range list {
		pv := c.str(walk(l, "Protocol"))
		if l != nil && l.k == kUnknown {
			pv = unknownAt[string](c, l.s, l.loc)
		}
		proto, ok := pv.Get()
		x := elb.Listener{Prov: source.At(l.loc), Protocol: strings.ToUpper(proto)}
		port, portErr := strconv.Atoi(c.text(walk(l, "LoadBalancerPort")))
		x.Port = port
		if !ok {
			x.Protocol = ""
			x.ProtocolUnknown = "Protocol is unresolved (" + pv.Reason() + ") (" + pv.Prov().Loc.String() + ")"
			x.Certificate = source.Unknown[string](x.ProtocolUnknown, pv.Prov())
			out = append(out, x)
			continue
		}
		x.Certificate = known(c, "", l.loc)
		if v := walk(l, "SSLCertificateId"); v != nil {
			x.Certificate = b.certificateRef(c, v)
		}
		if x.Protocol == "HTTPS" || x.Protocol == "SSL" {
			classicListenerPolicy(c, &x, walk(l, "PolicyNames"), portErr == nil, pols, unnamed, polUnknown)
		}
		out = append(out, x)
	}
	return source.KnownAt(out, c.site())
}

// classicPolicy is an entry of a classic load balancer's Policies: its
// type, attributes and LoadBalancerPorts, or why they cannot be read.
type classicPolicy struct {
	name, typ string
	attrs     []elb.SSLAttr
	ports     []string
	prov      source.Prov
	// unknown says why the type or attributes cannot be read,
	// portsUnknown why the LoadBalancerPorts cannot.
	unknown, portsUnknown string
}

// ssl: an SSL negotiation policy; typ is "" when it could not be read.
func (p classicPolicy) ssl() bool { return p.typ == "SSLNegotiationPolicyType" }

// classicPolicies reads Policies by name; unnamed says why a policy's name
// cannot be read (it may be any name), polUnknown why Policies cannot.
func classicPolicies(c *rctx) (pols map[string]classicPolicy, unnamed, polUnknown string) {
	pols = map[string]classicPolicy{}
	list, unk := c.items("Policies")
	if unk != nil {
		return pols, "", "Policies: " + unk.s
	}
	for _, p := range list {
		nv := c.str(walk(p, "PolicyName"))
		name, ok := nv.Get()
		if !ok {
			unnamed = "a PolicyName at " + nv.Prov().String() + " is unknown: " + nv.Reason()
			continue
		}
		cp := classicPolicy{name: name, prov: source.At(p.loc)}
		tv := c.str(walk(p, "PolicyType"))
		if t, ok := tv.Get(); ok {
			cp.typ = t
		} else {
			cp.unknown = "PolicyType of " + name + " is unknown: " + tv.Reason()
		}
		attrs, aunk := items(walk(p, "Attributes"))
		if aunk != nil && cp.unknown == "" {
			cp.unknown = "Attributes of " + name + " are unknown: " + aunk.s
		}
		for _, a := range attrs {
			n, v := c.str(walk(a, "Name")), c.str(walk(a, "Value"))
			an, ok1 := n.Get()
			av, ok2 := v.Get()
			switch {
			case cp.unknown != "":
			case !ok1:
				cp.unknown = "an attribute Name of " + name + " is unknown: " + n.Reason()
			case !ok2:
				cp.unknown = "attribute " + an + " of " + name + " is unknown: " + v.Reason()
			default:
				cp.attrs = append(cp.attrs, elb.SSLAttr{Name: an, Value: av, Prov: source.At(a.loc)})
			}
		}
		ports, punk := items(walk(p, "LoadBalancerPorts"))
		if punk != nil {
			cp.portsUnknown = "LoadBalancerPorts of " + name + " are unknown: " + punk.s
		}
		for _, pt := range ports {
			pv := c.str(pt)
			if s, ok := pv.Get(); ok {
				cp.ports = append(cp.ports, s)
			} else if cp.portsUnknown == "" {
				cp.portsUnknown = "a LoadBalancerPort of " + name + " is unknown: " + pv.Reason()
			}
		}
		pols[name] = cp
	}
	return pols, unnamed, ""
}

// classicListenerPolicy sets the SSL policy of an HTTPS/SSL listener from
// its PolicyNames or the SSL negotiation policy whose LoadBalancerPorts
// names its port (portKnown false: its LoadBalancerPort is unknown); with
// none declared AWS associates its default, ELBSecurityPolicy-2016-08.
// Anything that could change that choice and cannot be read leaves the
// policy unknown with why.
func classicListenerPolicy(c *rctx, x *elb.Listener, names *val, portKnown bool, pols map[string]classicPolicy, unnamed, polUnknown string) {
	if polUnknown != "" {
		x.SetSSLPolicyUnknown(polUnknown, x.Prov)
		return
	}
	use := func(p classicPolicy) {
		if p.unknown != "" {
			x.SetSSLPolicyUnknown(p.unknown, p.prov)
			return
		}
		x.SetClassicSSLPolicy(p.name, p.attrs, p.prov)
	}
	list, unk := items(names)
	if unk != nil {
		x.SetSSLPolicyUnknown("PolicyNames: "+unk.s, source.At(unk.loc))
		return
	}
	for _, n := range list {
		nv := c.str(n)
		name, ok := nv.Get()
		if !ok {
			x.SetSSLPolicyUnknown("PolicyNames: "+nv.Reason(), nv.Prov())
			return
		}
		p, declared := pols[name]
		switch {
		case declared && (p.ssl() || p.typ == ""):
			use(p)
			return
		case declared: // another policy type (stickiness, proxy protocol)
		case strings.HasPrefix(name, "ELBSecurityPolicy-"):
			x.SetClassicSSLPolicy(name, []elb.SSLAttr{{Name: "Reference-Security-Policy", Value: name, Prov: nv.Prov()}}, nv.Prov())
			return
		case unnamed != "":
			x.SetSSLPolicyUnknown("PolicyNames names "+name+" and "+unnamed, nv.Prov())
			return
		default:
			x.SetSSLPolicyUnknown("PolicyNames names "+name+", which Policies does not declare", nv.Prov())
			return
		}
	}
	port := strconv.Itoa(x.Port)
	for _, name := range slices.Sorted(maps.Keys(pols)) {
		p := pols[name]
		if p.typ != "" && !p.ssl() {
			continue
		}
		switch {
		case p.portsUnknown != "":
			x.SetSSLPolicyUnknown(p.portsUnknown, p.prov)
			return
		case len(p.ports) > 0 && !portKnown:
			x.SetSSLPolicyUnknown("the listener's LoadBalancerPort is unknown and "+name+" attaches to ports "+strings.Join(p.ports, ", "), x.Prov)
			return
		case slices.Contains(p.ports, port):
			use(p)
			return
		}
	}
	if unnamed != "" {
		x.SetSSLPolicyUnknown(unnamed+"; that policy may attach to the listener", x.Prov)
		return
	}
	x.SetClassicDefaultSSLPolicy(x.Prov)
}

// certificateRef names a certificate: a reference to a certificate
// resource of the template as "<type> <logical id>" (its ARN exists only
// after deployment), anything else as written.
func (b *builder) certificateRef(c *rctx, v *val) source.Value[string] {
	if v.k == kScalar && v.ref != "" {
		if r, ok := b.t.resources[v.ref]; ok {
			return known(c, r.typ+" "+v.ref, v.loc)
		}
	}
	return c.str(v)
}

// mrap reads a Multi-Region Access Point. Without
// PublicAccessBlockConfiguration AWS turns all four switches on; a switch
// left out of a given configuration is false (the API's default).
func (b *builder) mrap(c *rctx) {
	m := &s3.MultiRegionAccessPoint{Meta: c.meta}
	m.Name = c.strOrUnknown("Name not set: CloudFormation generates it at deploy time", "Name")
	switch pab := c.get("PublicAccessBlockConfiguration"); {
	case pab == nil:
		on := source.KnownAt(true, c.site())
		m.PublicAccessBlock = source.KnownAt(&s3.PublicAccessBlock{BlockPublicACLs: on, IgnorePublicACLs: on,
			BlockPublicPolicy: on, RestrictPublicBuckets: on, Prov: c.site().PackedProv()}, c.site())
	case pab.k == kUnknown:
		m.PublicAccessBlock = unknownAt[*s3.PublicAccessBlock](c, pab.s, pab.loc)
	default:
		sw := func(k string) source.Value[bool] {
			if v := walk(pab, k); v != nil {
				return c.boolean(v)
			}
			return known(c, false, pab.loc)
		}
		m.PublicAccessBlock = known(c, &s3.PublicAccessBlock{
			BlockPublicACLs: sw("BlockPublicAcls"), IgnorePublicACLs: sw("IgnorePublicAcls"),
			BlockPublicPolicy: sw("BlockPublicPolicy"), RestrictPublicBuckets: sw("RestrictPublicBuckets"),
			Prov: c.t.batch.Pack(source.At(pab.loc))}, pab.loc)
	}
	b.est.S3MultiRegionAccessPoints = append(b.est.S3MultiRegionAccessPoints, m)
	b.byID[c.r.id] = m
}

// directoryBucket reads an S3 Express directory bucket with its inline
// LifecycleConfiguration: an enabled rule counts.
func (b *builder) directoryBucket(c *rctx) {
	d := &s3.DirectoryBucket{Meta: c.meta}
	d.Name = c.strOrUnknown("BucketName not set: CloudFormation generates it at deploy time", "BucketName")
	d.Lifecycle = source.KnownAt(false, c.site())
	rules, unk := c.items("LifecycleConfiguration", "Rules")
	if unk != nil {
		d.Lifecycle = unknownAt[bool](c, unk.s, unk.loc)
	}
	for _, r := range rules {
		v := c.str(walk(r, "Status"))
		st, ok := v.Get()
		if !ok {
			d.Lifecycle = source.Unknown[bool]("lifecycle rule Status: "+v.Reason(), v.Prov())
			break
		}
		if st == "Enabled" {
			d.Lifecycle = source.Known(true, v.Prov())
			break
		}
	}
	b.est.S3DirectoryBuckets = append(b.est.S3DirectoryBuckets, d)
	b.byID[c.r.id] = d
}
