package cloudformation

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

// implicitRoles declares the execution role SAM creates for each
// AWS::Serverless::Function without a Role, <Function>Role, so that a
// template's !Ref or !GetAtt to it (SAM's own "sam init" templates output
// !GetAtt HelloWorldFunctionRole.Arn) resolves. The builder models the
// role with the function (see samRole); a Role written as an intrinsic
// function may evaluate to AWS::NoValue, so it declares the role too. A
// resource of the template with that id wins.
func (t *tmpl) implicitRoles() {
	n := len(t.resOrder)
	for _, r := range t.resOrder[:n] {
		if r.typ != "AWS::Serverless::Function" && r.typ != "AWS::Serverless::StateMachine" {
			continue
		}
		if role := lookup(r.props, "Role"); role != nil && !isIntrinsic(role) {
			continue
		}
		id := r.id + "Role"
		if _, exists := t.resources[id]; exists {
			continue
		}
		// Not in resOrder: only the function maps it.
		t.resources[id] = &resource{id: id, typ: "AWS::IAM::Role", keyNode: r.keyNode, node: r.node, loc: r.loc}
	}
	for _, key := range notGlobal {
		if k, _ := lookupKey(lookup(t.globals, "Function"), key); k != nil {
			t.diags.Warnf(t.point(k), "Globals.Function.%s is not a property SAM accepts in Globals (the transform rejects the template); onus ignores it", key)
		}
	}
}

// notGlobal are the function properties SAM refuses in Globals
// (samtranslator plugins/globals: "everything on Serverless::Function
// except Role, Policies, FunctionName, Events").
var notGlobal = []string{"Role", "Policies", "FunctionName", "Events"}

// withoutNonGlobals drops from Globals.Function what SAM refuses there, so
// that a Policies or Role written in Globals is not taken for the
// function's own (implicitRoles warns about them).
func withoutNonGlobals(kind string, g *val) *val {
	if kind != "Function" || g == nil || g.k != kMap {
		return g
	}
	drop := false
	for _, k := range notGlobal {
		drop = drop || g.field(k) != nil
	}
	if !drop {
		return g
	}
	out := &val{k: kMap, loc: g.loc}
	for i, k := range g.keys {
		keep := true
		for _, n := range notGlobal {
			keep = keep && k != n
		}
		if keep {
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, g.vals[i])
		}
	}
	return out
}

// samRole models the execution role SAM generates for a function without
// a Role (samtranslator model/sam_resources.py SamFunction._construct_role
// and model/role_utils construct_role_for_resource): a trust policy for
// lambda.amazonaws.com unless AssumeRolePolicyDocument replaces it, the
// function's RolePath, PermissionsBoundary and Tags, and the policies of
// samRolePolicies. Its name is generated at deploy time; it sits at the
// function's lines, the only text it has, and takes the function's inline
// suppressions.
func (b *builder) samRole(fc *rctx) {
	r := b.newSAMRole(fc, "function", "lambda.amazonaws.com")
	if r == nil {
		return
	}
	if v := fc.get("AssumeRolePolicyDocument"); v != nil {
		r.TrustPolicy = fc.policy(v)
	}
	r.Attached, r.Inline = b.samRolePolicies(fc, r.Address)
}

// samStateMachineRole models the role SAM generates for an
// AWS::Serverless::StateMachine without a Role (samtranslator
// model/stepfunctions/generators.py _construct_role): trusted by
// states.amazonaws.com, with its Policies (policy templates included) and
// the X-Ray policy when Tracing.Enabled is true.
func (b *builder) samStateMachineRole(c *rctx) {
	r := b.newSAMRole(c, "state machine", "states.amazonaws.com")
	if r == nil {
		return
	}
	partition, _ := b.t.pseudo("AWS::Partition", c.r.loc).text()
	s := &samPolicySet{fc: c, partition: partition, seen: map[string]bool{}}
	s.policiesProp(r.Address)
	if tr := c.get("Tracing", "Enabled"); tr != nil {
		if on, ok := c.boolean(tr).Get(); on || !ok {
			s.xray(tr.loc)
		}
	}
	r.Attached, r.Inline = source.KnownAt(s.attached, c.site()), source.KnownAt(s.inline, c.site())
}

// newSAMRole adds the role SAM generates for the resource of c, with the
// trust policy of a service, its RolePath, PermissionsBoundary and Tags;
// nil when the template declares a resource with the role's id itself.
func (b *builder) newSAMRole(c *rctx, what, service string) *iam.Role {
	id := c.r.id + "Role"
	if decl, ok := b.t.resources[id]; !ok || decl.node != c.r.node {
		return nil // a resource of the template has the id SAM would use
	}
	m := c.meta
	r := &iam.Role{Meta: base.Meta{
		Type: "AWS::IAM::Role", Address: id, Source: source.CloudFormation, Loc: c.r.loc,
		Module: m.Module, Region: m.Region, Account: m.Account, Tags: m.Tags,
		Ignores: append([]base.Ignore(nil), m.Ignores...),
	}}
	r.Name = source.UnknownIn[string](c.t.batch, "RoleName not set: SAM creates "+id+" for "+what+" "+c.r.id+" and CloudFormation generates its name at deploy time", c.prov())
	r.Path = c.strOr("/", "RolePath")
	r.TrustPolicy = source.KnownAt(&iampolicy.Policy{Version: iampolicy.Version2012, Statements: []iampolicy.Statement{{
		Effect: iampolicy.EffectAllow, Principal: &iampolicy.Principals{Service: []string{service}},
		Action: []string{"sts:AssumeRole"}, Path: "Statement[0]",
	}}}, c.site())
	r.Boundary = c.boundary()
	r.Attached = source.KnownAt[[]iam.NamedPolicy](nil, c.site())
	r.Inline = source.KnownAt[[]iam.NamedPolicy](nil, c.site())
	r.LastUsed = source.UnknownIn[*time.Time](c.t.batch, "known only for a live account", c.prov())
	b.est.IAMRoles = append(b.est.IAMRoles, r)
	b.byID[id] = r
	return r
}

// samPolicySet collects a generated role's policies in SAM's order.
type samPolicySet struct {
	fc        *rctx
	partition string
	attached  []iam.NamedPolicy
	inline    []iam.NamedPolicy
	seen      map[string]bool
}

// managed attaches an AWS managed policy by path ("service-role/X") once,
// as SAM de-duplicates ManagedPolicyArns.
func (s *samPolicySet) managed(path string, at source.Loc) {
	s.managedARN("arn:"+s.partition+":iam::aws:policy/"+path, at)
}

// xray attaches SAM's X-Ray policy: AWSXrayWriteOnlyAccess in the aws
// partition, AWSXRayDaemonWriteAccess elsewhere (model/xray_utils.py).
func (s *samPolicySet) xray(at source.Loc) {
	if s.partition == "aws" {
		s.managed("AWSXrayWriteOnlyAccess", at)
	} else {
		s.managed("AWSXRayDaemonWriteAccess", at)
	}
}

func (s *samPolicySet) managedARN(arn string, at source.Loc) {
	if s.seen[arn] {
		return
	}
	s.seen[arn] = true
	np := iam.NamedPolicy{
		Name:     arn[strings.LastIndexByte(arn, '/')+1:],
		Ref:      arn,
		Document: source.Unknown[*iampolicy.Policy](managedReason(arn), source.At(at)),
		Prov:     s.fc.t.batch.Pack(source.At(at)),
	}
	if d, ok := s.fc.t.opts.managed.Lookup(arn); ok {
		np.Document, np.Bundled = source.KnownAt(d.Document, np.Prov.Site()), d.Bundled()
	}
	s.attached = append(s.attached, np)
}

// doc adds an inline policy from a document value.
func (s *samPolicySet) doc(name string, v *val) {
	s.inline = append(s.inline, iam.NamedPolicy{Name: name, Document: s.fc.policy(v), Prov: s.fc.t.batch.Pack(source.At(v.loc))})
}

// unknown adds an inline policy SAM generates whose document onus cannot
// build: it is never dropped, so no control passes without it.
func (s *samPolicySet) unknown(name, reason string, at source.Loc) {
	s.inline = append(s.inline, iam.NamedPolicy{Name: name, Document: source.Unknown[*iampolicy.Policy](reason, source.At(at)), Prov: s.fc.t.batch.Pack(source.At(at))})
}

// allow adds an inline policy of one Allow statement (SAM's
// IAMRolePolicies helpers).
func (s *samPolicySet) allow(name, action string, resource *val, at source.Loc) {
	s.allowAll(name, at, grant{action, resource})
}

// grant is an Allow statement of a generated policy: an action on a
// resource value.
type grant struct {
	action   string
	resource *val
}

// allowAll adds an inline policy of Allow statements; a resource the
// template does not give (SAM refuses the template then) makes it unknown.
func (s *samPolicySet) allowAll(name string, at source.Loc, gs ...grant) {
	t := s.fc.t
	sts := make([]*val, 0, len(gs))
	for _, g := range gs {
		if g.resource == nil {
			s.unknown(name, "SAM grants "+g.action+" on a resource "+s.fc.r.id+" does not name", at)
			return
		}
		sts = append(sts, mapVal(at, []string{"Action", "Effect", "Resource"}, t.scalar(g.action, at), t.scalar("Allow", at), g.resource))
	}
	s.doc(name, mapVal(at, []string{"Version", "Statement"}, t.scalar("2012-10-17", at), listVal(at, sts...)))
}

// kmsKey is the key ARN SAM builds from SecretsManagerKmsKeyId.
func (s *samPolicySet) kmsKey(id *val, at source.Loc) *val {
	return s.fc.subst(arnPrefix+"kms:"+regionAcc+"key/${K}", mapVal(at, []string{"K"}, id), at)
}

// sourceAccessURI is the URI of the SourceAccessConfigurations entry of a
// type; unk is set when the list or an entry is unresolved.
func sourceAccessURI(props *val, typ string) (uri, unk *val) {
	sac := walk(props, "SourceAccessConfigurations")
	if u := unresolved(sac); u != nil {
		return nil, u
	}
	list, _ := items(sac)
	for _, conf := range list {
		if u := unresolved(conf); u != nil {
			return nil, u
		}
		if t := walk(conf, "Type"); t != nil && t.k == kScalar && t.s == typ {
			return walk(conf, "URI"), nil
		}
	}
	return nil, nil
}

// samServiceRole are AWS managed policies under /service-role/ that a SAM
// Policies entry may name: SAM maps names to ARNs with a bundled table,
// and these are the ones whose path is not "/".
var samServiceRole = map[string]bool{
	"AWSLambdaBasicExecutionRole": true, "AWSLambdaVPCAccessExecutionRole": true, "AWSLambdaSQSQueueExecutionRole": true,
	"AWSLambdaKinesisExecutionRole": true, "AWSLambdaDynamoDBExecutionRole": true, "AWSLambdaMSKExecutionRole": true,
	"AWSLambdaRole": true, "AWSLambdaENIManagementAccess": true, "AmazonRDSEnhancedMonitoringRole": true,
	"AmazonECSTaskExecutionRolePolicy": true, "AWSConfigRole": true, "AWSGlueServiceRole": true,
	"AmazonAPIGatewayPushToCloudWatchLogs": true, "AWSIoTRuleActions": true, "AWSIoTLogging": true,
}

// samRolePolicies returns the attached and inline policies SAM gives the
// role (as aws-sam-translator 1.110.0 does): AWSLambdaBasicExecutionRole,
// or AWSLambdaBasicDurableExecutionRolePolicy for a function with
// DurableConfig; the X-Ray policy when Tracing is set and not Disabled
// (AWSXrayWriteOnlyAccess in the aws partition,
// AWSXRayDaemonWriteAccess elsewhere, model/xray_utils.py); the VPC
// access policy when VpcConfig is; the Policies property (managed policy
// names or ARNs, documents, policy templates); the DeadLetterQueue and
// EventInvokeConfig destination policies; and what pull events add
// (model/eventsources/pull.py). A setting that is unresolved counts as
// set: the policies it would add are narrow, and a superset never makes a
// least-privilege control pass.
func (b *builder) samRolePolicies(fc *rctx, id string) (attached, inline source.Value[[]iam.NamedPolicy]) {
	partition, _ := b.t.pseudo("AWS::Partition", fc.r.loc).text()
	s := &samPolicySet{fc: fc, partition: partition, seen: map[string]bool{}}
	if dc := fc.get("DurableConfig"); dc != nil {
		s.managed("service-role/AWSLambdaBasicDurableExecutionRolePolicy", dc.loc)
	} else {
		s.managed("service-role/AWSLambdaBasicExecutionRole", fc.r.loc)
	}
	if tr := fc.get("Tracing"); tr != nil && !(tr.k == kScalar && (tr.s == "" || tr.s == "Disabled")) {
		s.xray(tr.loc)
	}
	if vc := fc.get("VpcConfig"); vc != nil && !(vc.k == kMap && len(vc.keys) == 0) {
		s.managed("service-role/AWSLambdaVPCAccessExecutionRole", vc.loc)
	}
	// SAM's order: the destination policies, then Policies, then events.
	s.deadLetter()
	s.eventInvoke()
	s.policiesProp(id)
	s.events()
	return source.Known(s.attached, fc.prov()), source.Known(s.inline, fc.prov())
}

// policiesProp reads Policies: one entry or a list of them, each a managed
// policy name or ARN (a string or any intrinsic), a policy document (a
// mapping with Statement) or a policy template (a mapping of one key).
// SAM names the inline ones <Role>Policy<index>.
func (s *samPolicySet) policiesProp(id string) {
	fc := s.fc
	t := fc.t
	list, unk := fc.items("Policies")
	if unk != nil {
		s.unknown(id+"Policies", fmt.Sprintf("Policies of %s is unresolved (%s), so the policies SAM gives its role are unknown", fc.r.id, unk.s), unk.loc)
		return
	}
	for i, e := range list {
		name := id + "Policy" + strconv.Itoa(i)
		switch {
		case e == nil || e.k == kNull:
			// AWS::NoValue
		case e.k == kUnknown:
			s.unknown(name, fmt.Sprintf("Policies entry %d of %s is unresolved: %s", i, fc.r.id, e.s), e.loc)
		case e.k == kScalar && e.ref != "":
			// A managed policy of the template; finish fills its document.
			s.attached = append(s.attached, iam.NamedPolicy{Name: e.ref, Ref: e.ref,
				Document: source.Unknown[*iampolicy.Policy](managedReason(e.ref), source.At(e.loc)), Prov: s.fc.t.batch.Pack(source.At(e.loc))})
		case e.k == kScalar && (e.tag == "!!str" || e.sym):
			switch {
			case strings.HasPrefix(e.s, "arn:"):
				s.managedARN(e.s, e.loc)
			case samServiceRole[e.s]:
				s.managed("service-role/"+e.s, e.loc)
			default:
				s.managed(e.s, e.loc)
			}
		case e.k == kMap && e.field("Statement") != nil:
			s.doc(name, e)
		case e.k == kMap && len(e.keys) == 1:
			doc, reason, ok := fc.expandTemplate(e.keys[0], e.vals[0], e.loc)
			if !ok {
				t.diags.Warnf(e.loc, "%s %s: %s", fc.r.typ, fc.r.id, reason)
				s.unknown(name, reason, e.loc)
				continue
			}
			s.doc(name, doc)
		default:
			reason := fmt.Sprintf("Policies entry %d of %s must be a managed policy name or ARN, a policy document or a policy template, got %s", i, fc.r.id, describe(e))
			t.diags.Warnf(e.loc, "%s %s: %s", fc.r.typ, fc.r.id, reason)
			s.unknown(name, reason, e.loc)
		}
	}
}

// deadLetter adds DeadLetterQueuePolicy: sqs:SendMessage or sns:Publish on
// the TargetArn.
func (s *samPolicySet) deadLetter() {
	dlq := s.fc.get("DeadLetterQueue")
	if dlq == nil {
		return
	}
	const name = "DeadLetterQueuePolicy"
	if dlq.k == kUnknown {
		s.unknown(name, "DeadLetterQueue of "+s.fc.r.id+" is unresolved: "+dlq.s, dlq.loc)
		return
	}
	typ, target := walk(dlq, "Type"), walk(dlq, "TargetArn")
	action := map[string]string{"SQS": "sqs:SendMessage", "SNS": "sns:Publish"}[s.fc.text(typ)]
	switch {
	case typ != nil && typ.k == kUnknown:
		s.unknown(name, "DeadLetterQueue.Type of "+s.fc.r.id+" is unresolved: "+typ.s, typ.loc)
	case action == "" || target == nil:
		s.unknown(name, "DeadLetterQueue of "+s.fc.r.id+" needs Type SQS or SNS and a TargetArn (SAM refuses it otherwise)", dlq.loc)
	default:
		s.allow(name, action, target, dlq.loc)
	}
}

// eventInvoke adds the policies of EventInvokeConfig destinations
// (SamFunction._validate_and_inject_resource): an SQS or SNS destination
// without Destination is a queue or topic SAM creates,
// <Function>EventInvokeConfig<OnSuccess|OnFailure>Queue (its Arn) or Topic (its
// Ref, the ARN).
func (s *samPolicySet) eventInvoke() {
	fc := s.fc
	dc := walk(fc.get("EventInvokeConfig"), "DestinationConfig")
	if dc == nil {
		return
	}
	rid := fc.r.id + "EventInvokeConfig"
	if dc.k == kUnknown {
		s.unknown(rid+"Policies", "EventInvokeConfig.DestinationConfig of "+fc.r.id+" is unresolved: "+dc.s, dc.loc)
		return
	}
	for _, on := range []string{"OnSuccess", "OnFailure"} {
		d := walk(dc, on)
		if d == nil {
			continue
		}
		lid := rid + on
		if unk := unresolved(d); unk != nil {
			s.unknown(lid+"Policy", "EventInvokeConfig "+on+" of "+fc.r.id+" is unresolved: "+unk.s, unk.loc)
			continue
		}
		typ := walk(d, "Type")
		if unk := unresolved(typ); unk != nil {
			s.unknown(lid+"Policy", "EventInvokeConfig "+on+".Type of "+fc.r.id+" is unresolved: "+unk.s, unk.loc)
			continue
		}
		dest := walk(d, "Destination")
		kind := fc.text(typ)
		if dest == nil {
			switch kind {
			case "SQS":
				dest = symbolic(fc.t, "${"+lid+"Queue.Arn}", d.loc)
			case "SNS":
				dest = symbolic(fc.t, "${"+lid+"Topic}", d.loc) // a topic's Ref is its ARN
			}
		}
		act := map[string][2]string{
			"SQS": {"sqs:SendMessage", "SQSPolicy"}, "SNS": {"sns:publish", "SNSPolicy"},
			"EventBridge": {"events:PutEvents", "EventBridgePolicy"}, "Lambda": {"lambda:InvokeFunction", "LambdaPolicy"},
		}[kind]
		if act[0] == "" || dest == nil {
			s.unknown(lid+"Policy", fmt.Sprintf("EventInvokeConfig %s of %s needs Type SQS, SNS, EventBridge or Lambda with a Destination (SAM refuses it otherwise)", on, fc.r.id), d.loc)
			continue
		}
		s.allow(lid+act[1], act[0], dest, d.loc)
	}
}

func symbolic(t *tmpl, s string, loc sourceLoc) *val {
	v := t.scalar(s, loc)
	v.sym = true
	return v
}

// events adds what pull event sources give the role: the managed policy
// of SQS, Kinesis, DynamoDB and MSK events, and the policy of an
// OnFailure destination with Type SQS, SNS or S3; MQ, DocumentDB and
// SelfManagedKafka events add inline policies (brokerPolicy, kafkaPolicy).
func (s *samPolicySet) events() {
	fc := s.fc
	ev := fc.get("Events")
	if unk := unresolved(ev); unk != nil {
		s.unknown(fc.r.id+"EventPolicies", "Events of "+fc.r.id+" is unresolved ("+unk.s+"); SAM adds policies for pull events", unk.loc)
		return
	}
	if ev == nil || ev.k != kMap {
		return
	}
	managed := map[string]string{
		"SQS": "service-role/AWSLambdaSQSQueueExecutionRole", "Kinesis": "service-role/AWSLambdaKinesisExecutionRole",
		"DynamoDB": "service-role/AWSLambdaDynamoDBExecutionRole", "MSK": "service-role/AWSLambdaMSKExecutionRole",
	}
	for i, name := range ev.keys {
		e := ev.vals[i]
		lid := fc.r.id + name
		typ := walk(e, "Type")
		if unk := unresolved(e); unk != nil {
			typ = unk
		}
		if unk := unresolved(typ); unk != nil {
			s.unknown(lid+"Policy", "event "+name+" of "+fc.r.id+" is unresolved ("+unk.s+"); SAM adds policies for pull events", unk.loc)
			continue
		}
		kind := fc.text(typ)
		props := walk(e, "Properties")
		switch kind {
		case "SQS", "Kinesis", "DynamoDB", "MSK":
			s.managed(managed[kind], e.loc)
		case "MQ", "DocumentDB":
			s.brokerPolicy(kind, name, lid, props, e.loc)
		case "SelfManagedKafka":
			s.kafkaPolicy(name, props, e.loc)
		default:
			continue
		}
		if kind == "MSK" {
			s.mskClientCert(props, e.loc)
		}
		of := walk(props, "DestinationConfig", "OnFailure")
		if of == nil {
			continue
		}
		dt := walk(of, "Type")
		if unk := unresolved(of); unk != nil {
			dt = unk
		}
		if unk := unresolved(dt); unk != nil {
			s.unknown(lid+"DestinationPolicy", "the OnFailure destination of event "+name+" of "+fc.r.id+" is unresolved: "+unk.s, unk.loc)
			continue
		}
		switch dest := walk(of, "Destination"); fc.text(dt) {
		case "SQS":
			s.allow(lid+"SQSPolicy", "sqs:SendMessage", dest, of.loc)
		case "SNS":
			s.allow(lid+"SNSPolicy", "sns:publish", dest, of.loc)
		case "S3":
			var objects *val
			if dest != nil {
				objects = fc.t.concat([]*val{dest, fc.t.scalar("*", of.loc)}, "/", of.loc)
			}
			s.allowAll(lid+"S3Policy", of.loc, grant{"s3:PutObject", objects}, grant{"s3:ListBucket", dest})
		}
	}
}

// mskClientCert: an MSK event authenticated with a client certificate
// gives the role secretsmanager:GetSecretValue on its secret
// (MSKExecutionRolePolicy); a schema registry adds permissions onus does
// not build.
func (s *samPolicySet) mskClientCert(props *val, at source.Loc) {
	const name = "MSKExecutionRolePolicy"
	if walk(props, "SchemaRegistryConfig") != nil {
		s.unknown(name, "SAM adds schema registry permissions for an MSK event of "+s.fc.r.id+" that onus does not build", at)
		return
	}
	uri, unk := sourceAccessURI(props, "CLIENT_CERTIFICATE_TLS_AUTH")
	switch {
	case unk != nil:
		s.unknown(name, "SourceAccessConfigurations of an MSK event of "+s.fc.r.id+" is unresolved: "+unk.s, unk.loc)
	case uri != nil:
		s.allow(name, "secretsmanager:GetSecretValue", uri, at)
	}
}

// brokerPolicy adds the inline policy of an MQ or DocumentDB event
// (samtranslator model/eventsources/pull.py MQ and DocumentDB
// get_policy_statements): the BASIC_AUTH secret, the broker or cluster,
// and for DocumentDB its parameter and subnet groups and ENI management;
// kms:Decrypt on SecretsManagerKmsKeyId when given.
func (s *samPolicySet) brokerPolicy(kind, event, lid string, props *val, at source.Loc) {
	fc := s.fc
	name := "SamAutoGeneratedDocumentDBPolicy"
	if kind == "MQ" {
		name = "SamAutoGeneratedAMQPolicy"
		if b, ok := fc.boolean(walk(props, "DynamicPolicyName")).Get(); ok && b {
			name = lid + "AMQPolicy"
		}
	}
	if unk := unresolved(props); unk != nil {
		s.unknown(name, "the Properties of "+kind+" event "+event+" of "+fc.r.id+" are unresolved: "+unk.s, unk.loc)
		return
	}
	secret, unk := sourceAccessURI(props, "BASIC_AUTH")
	if unk != nil {
		s.unknown(name, "SourceAccessConfigurations of "+kind+" event "+event+" of "+fc.r.id+" is unresolved: "+unk.s, unk.loc)
		return
	}
	gs := []grant{{"secretsmanager:GetSecretValue", secret}}
	if kind == "MQ" {
		gs = append(gs, grant{"mq:DescribeBroker", walk(props, "Broker")})
	} else {
		t := fc.t
		gs = append(gs,
			grant{"rds:DescribeDBClusterParameters", fc.subst(arnPrefix+"rds:"+regionAcc+"cluster-pg:*", nil, at)},
			grant{"rds:DescribeDBSubnetGroups", fc.subst(arnPrefix+"rds:"+regionAcc+"subgrp:*", nil, at)},
			grant{"rds:DescribeDBClusters", walk(props, "Cluster")})
		for _, a := range []string{"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
			"ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"} {
			gs = append(gs, grant{a, t.scalar("*", at)})
		}
	}
	if k := walk(props, "SecretsManagerKmsKeyId"); k != nil {
		gs = append(gs, grant{"kms:Decrypt", s.kmsKey(k, at)})
	}
	s.allowAll(name, at, gs...)
}

// kafkaPolicy adds SelfManagedKafkaExecutionRolePolicy (samtranslator
// model/eventsources/pull.py SelfManagedKafka.generate_policy_document):
// secretsmanager:GetSecretValue on the authentication secret, ENI
// management when the event names a VPC subnet and security group, and
// kms:Decrypt on SecretsManagerKmsKeyId. Schema registry permissions are
// not built: unknown.
func (s *samPolicySet) kafkaPolicy(event string, props *val, at source.Loc) {
	const name = "SelfManagedKafkaExecutionRolePolicy"
	fc := s.fc
	what := "SelfManagedKafka event " + event + " of " + fc.r.id
	if unk := unresolved(props); unk != nil {
		s.unknown(name, "the Properties of "+what+" are unresolved: "+unk.s, unk.loc)
		return
	}
	if walk(props, "SchemaRegistryConfig") != nil {
		s.unknown(name, "SAM adds schema registry permissions for "+what+" that onus does not build", at)
		return
	}
	sac := walk(props, "SourceAccessConfigurations")
	if unk := unresolved(sac); unk != nil {
		s.unknown(name, "SourceAccessConfigurations of "+what+" is unresolved: "+unk.s, unk.loc)
		return
	}
	list, _ := items(sac)
	var auth *val
	subnet, group := false, false
	for _, conf := range list {
		if unk := unresolved(conf); unk != nil {
			s.unknown(name, "SourceAccessConfigurations of "+what+" is unresolved: "+unk.s, unk.loc)
			return
		}
		switch typ := walk(conf, "Type"); {
		case unresolved(typ) != nil:
			s.unknown(name, "a SourceAccessConfigurations Type of "+what+" is unresolved: "+typ.s, typ.loc)
			return
		case typ == nil || typ.k != kScalar:
		case typ.s == "VPC_SUBNET":
			subnet = true
		case typ.s == "VPC_SECURITY_GROUP":
			group = true
		case typ.s == "SASL_SCRAM_256_AUTH", typ.s == "SASL_SCRAM_512_AUTH", typ.s == "BASIC_AUTH", typ.s == "CLIENT_CERTIFICATE_TLS_AUTH":
			auth = walk(conf, "URI")
		}
	}
	var gs []grant
	if auth != nil {
		gs = append(gs, grant{"secretsmanager:GetSecretValue", auth})
	}
	if subnet && group {
		for _, a := range []string{"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
			"ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"} {
			gs = append(gs, grant{a, fc.t.scalar("*", at)})
		}
	}
	if k := walk(props, "SecretsManagerKmsKeyId"); k != nil {
		gs = append(gs, grant{"kms:Decrypt", s.kmsKey(k, at)})
	}
	if len(gs) == 0 {
		s.unknown(name, what+" needs SourceAccessConfigurations (SAM refuses it otherwise)", at)
		return
	}
	s.allowAll(name, at, gs...)
}
