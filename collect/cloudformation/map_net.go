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
	s.WebACL = source.Known("", c.prov())
	s.ClientCertificate = source.Known("", c.prov())
	s.AccessLogs = source.Known(false, c.prov())
	switch {
	case props != nil && props.k == kUnknown:
		s.ClientCertificate = source.Unknown[string](props.s, source.At(props.loc))
		s.AccessLogs = source.Unknown[bool](props.s, source.At(props.loc))
	case props != nil:
		if v := walk(props, "ClientCertificateId"); v != nil {
			s.ClientCertificate = c.str(v)
		}
		if als := walk(props, "AccessLogSetting"); als != nil {
			s.AccessLogs = source.Map(c.str(walk(als, "DestinationArn")), func(d string) bool { return d != "" })
			if walk(als, "DestinationArn") == nil {
				s.AccessLogs = source.Known(false, source.At(als.loc))
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
	name := c.strOrUnknown("StageName not set (SAM requires it)", "StageName")
	if c.props != nil && c.props.k == kUnknown {
		name = source.Unknown[string](c.props.s, source.At(c.props.loc))
	}
	b.apiStage(c, c.props, name)
	s := b.est.APIGatewayStages[len(b.est.APIGatewayStages)-1]
	s.APIID = source.Known(c.r.id, c.prov())
	if c.props == nil || c.props.k != kUnknown {
		s.ClientCertificate = source.Known("", c.prov())
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
	extra := &apigateway.Stage{Meta: c.meta, Name: source.Known("Stage", c.prov()), APIID: s.APIID,
		WebACL: source.Known("", c.prov()), AccessLogs: source.Known(false, c.prov()), ClientCertificate: source.Known("", c.prov())}
	extra.Type, extra.Address = "AWS::ApiGateway::Deployment", c.r.id+"Deployment"
	b.est.APIGatewayStages = append(b.est.APIGatewayStages, extra)
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
	lb.Type = source.Known("classic", c.prov())
	lb.Scheme = c.strOr("internet-facing", "Scheme")
	lb.AccessLogs = source.Known(false, c.prov())
	if v := c.get("AccessLoggingPolicy"); v != nil {
		lb.AccessLogs = c.boolean(walk(v, "Enabled"))
	}
	lb.ConnectionDraining = source.Known(false, c.prov())
	if v := c.get("ConnectionDrainingPolicy"); v != nil {
		lb.ConnectionDraining = c.boolean(walk(v, "Enabled"))
	}
	lb.CrossZone = c.boolOr(false, "CrossZone")
	lb.DeletionProtection = source.Known(false, c.prov())
	lb.DropInvalidHeaders = source.Known(false, c.prov())
	lb.DesyncMode = source.Known("defensive", c.prov())
	lb.WebACL = source.Known("", c.prov())
	switch {
	case c.has("AvailabilityZones"):
		lb.Zones = c.strs(c.get("AvailabilityZones"))
	case c.has("Subnets"):
		lb.Zones = c.strs(c.get("Subnets"))
	default:
		lb.Zones = source.Unknown[[]string]("neither AvailabilityZones nor Subnets is set", c.prov())
	}
	list, unk := c.items("Listeners")
	if unk != nil {
		lb.Listeners = source.Unknown[[]elb.Listener](unk.s, source.At(unk.loc))
	} else {
		pols, polUnknown := classicSSLPolicies(c)
		out := []elb.Listener{}
		for _, l := range list {
			x := elb.Listener{Prov: source.At(l.loc), Protocol: strings.ToUpper(c.text(walk(l, "Protocol")))}
			x.Port, _ = strconv.Atoi(c.text(walk(l, "LoadBalancerPort")))
			x.Certificate = source.Known("", source.At(l.loc))
			if v := walk(l, "SSLCertificateId"); v != nil {
				x.Certificate = b.certificateRef(c, v)
			}
			if x.Protocol == "HTTPS" || x.Protocol == "SSL" {
				classicListenerPolicy(&x, walk(l, "PolicyNames"), pols, polUnknown)
			}
			out = append(out, x)
		}
		lb.Listeners = source.Known(out, c.prov())
	}
	b.est.LoadBalancers = append(b.est.LoadBalancers, lb)
	b.byID[c.r.id] = lb
}

// classicSSLPolicy is an SSLNegotiationPolicyType entry of a classic load
// balancer's Policies: the predefined policy it references, or (custom) the
// protocols it enables; ports are its LoadBalancerPorts.
type classicSSLPolicy struct {
	ref       string
	protocols []string
	ports     []string
}

// classicSSLPolicies reads the SSL negotiation policies of Policies; the
// reason is set when Policies cannot be read.
func classicSSLPolicies(c *rctx) (map[string]classicSSLPolicy, string) {
	out := map[string]classicSSLPolicy{}
	list, unk := c.items("Policies")
	if unk != nil {
		return out, unk.s
	}
	for _, p := range list {
		if t, _ := walk(p, "PolicyType").text(); t != "SSLNegotiationPolicyType" {
			continue
		}
		name, ok := walk(p, "PolicyName").text()
		if !ok {
			continue
		}
		sp := classicSSLPolicy{ref: name}
		custom := true
		attrs, _ := items(walk(p, "Attributes"))
		for _, a := range attrs {
			n, _ := walk(a, "Name").text()
			v, _ := walk(a, "Value").text()
			switch {
			case n == "Reference-Security-Policy" && v != "":
				sp.ref, custom = v, false
			case strings.HasPrefix(n, "Protocol-") && strings.EqualFold(v, "true"):
				sp.protocols = append(sp.protocols, strings.TrimPrefix(n, "Protocol-"))
			}
		}
		if !custom {
			sp.protocols = nil
		}
		ports, _ := items(walk(p, "LoadBalancerPorts"))
		for _, pt := range ports {
			if s, ok := pt.text(); ok {
				sp.ports = append(sp.ports, s)
			}
		}
		out[name] = sp
	}
	return out, ""
}

// classicListenerPolicy sets the SSL policy of an HTTPS/SSL listener from
// its PolicyNames or a policy attached to its port; without one AWS applies
// a default onus does not assume, so the policy stays unknown with why.
func classicListenerPolicy(x *elb.Listener, names *val, pols map[string]classicSSLPolicy, polUnknown string) {
	if polUnknown != "" {
		x.SSLPolicyUnknown = "Policies: " + polUnknown
		return
	}
	use := func(name string) bool {
		if p, ok := pols[name]; ok {
			x.SSLPolicy, x.SSLProtocols = p.ref, p.protocols
			return true
		}
		if strings.HasPrefix(name, "ELBSecurityPolicy-") {
			x.SSLPolicy = name
			return true
		}
		return false
	}
	list, unk := items(names)
	if unk != nil {
		x.SSLPolicyUnknown = "PolicyNames: " + unk.s
		return
	}
	for _, n := range list {
		if s, ok := n.text(); ok && use(s) {
			return
		}
	}
	port := strconv.Itoa(x.Port)
	for _, name := range slices.Sorted(maps.Keys(pols)) {
		if slices.Contains(pols[name].ports, port) {
			use(name)
			return
		}
	}
	x.SSLPolicyUnknown = "no SSL negotiation policy is declared for the listener; AWS applies its default, which onus does not assume"
}

// certificateRef names a certificate: a reference to a certificate
// resource of the template as "<type> <logical id>" (its ARN exists only
// after deployment), anything else as written.
func (b *builder) certificateRef(c *rctx, v *val) source.Value[string] {
	if v.k == kScalar && v.ref != "" {
		if r, ok := b.t.resources[v.ref]; ok {
			return source.Known(r.typ+" "+v.ref, source.At(v.loc))
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
		on := source.Known(true, c.prov())
		m.PublicAccessBlock = source.Known(&s3.PublicAccessBlock{BlockPublicACLs: on, IgnorePublicACLs: on,
			BlockPublicPolicy: on, RestrictPublicBuckets: on, Prov: c.prov()}, c.prov())
	case pab.k == kUnknown:
		m.PublicAccessBlock = source.Unknown[*s3.PublicAccessBlock](pab.s, source.At(pab.loc))
	default:
		sw := func(k string) source.Value[bool] {
			if v := walk(pab, k); v != nil {
				return c.boolean(v)
			}
			return source.Known(false, source.At(pab.loc))
		}
		m.PublicAccessBlock = source.Known(&s3.PublicAccessBlock{
			BlockPublicACLs: sw("BlockPublicAcls"), IgnorePublicACLs: sw("IgnorePublicAcls"),
			BlockPublicPolicy: sw("BlockPublicPolicy"), RestrictPublicBuckets: sw("RestrictPublicBuckets"),
			Prov: source.At(pab.loc)}, source.At(pab.loc))
	}
	b.est.S3MultiRegionAccessPoints = append(b.est.S3MultiRegionAccessPoints, m)
	b.byID[c.r.id] = m
}

// directoryBucket reads an S3 Express directory bucket with its inline
// LifecycleConfiguration: an enabled rule counts.
func (b *builder) directoryBucket(c *rctx) {
	d := &s3.DirectoryBucket{Meta: c.meta}
	d.Name = c.strOrUnknown("BucketName not set: CloudFormation generates it at deploy time", "BucketName")
	d.Lifecycle = source.Known(false, c.prov())
	rules, unk := c.items("LifecycleConfiguration", "Rules")
	if unk != nil {
		d.Lifecycle = source.Unknown[bool](unk.s, source.At(unk.loc))
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
