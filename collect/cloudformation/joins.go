package cloudformation

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/model/secretsmanager"
	"github.com/onus-sec/onus/model/sns"
	"github.com/onus-sec/onus/model/sqs"
	"github.com/onus-sec/onus/source"
)

// target finds the resource a joining property points to: by Ref/GetAtt
// to its logical id, or by a literal name that matches the name property.
func target[T any](b *builder, v *val, list []T, name func(T) source.Value[string]) (T, bool) {
	var zero T
	if v == nil || v.k == kUnknown {
		return zero, false
	}
	if v.ref != "" {
		x, ok := b.byID[v.ref].(T)
		return x, ok
	}
	s, ok := v.text()
	if !ok || s == "" {
		return zero, false
	}
	for _, e := range list {
		if n, ok := name(e).Get(); ok && (n == s || strings.HasSuffix(s, ":"+n) || strings.HasSuffix(s, "/"+n)) {
			return e, true
		}
	}
	return zero, false
}

// literalMiss: v is a literal that names none of list by a known name,
// while some of list are named by a value known only at deployment (a
// parameter without value, another stack's export; not a name
// CloudFormation generates, which no literal means): v may name them. It
// returns those and why.
func literalMiss[T any](c *rctx, prop string, v *val, list []T, name func(T) source.Value[string]) ([]T, string) {
	if v == nil || v.k != kScalar || v.ref != "" {
		return nil, ""
	}
	s, ok := v.text()
	if !ok || s == "" {
		return nil, ""
	}
	var out []T
	first, why := "", ""
	for _, e := range list {
		n := name(e)
		m, ok := any(e).(interface{ M() *base.Meta })
		if n.Known() || !ok || n.Prov().Loc == m.M().Loc {
			continue
		}
		if first == "" {
			first, why = m.M().Address, n.Reason()
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, ""
	}
	reason := fmt.Sprintf("%s %s may apply to it: its %s %q (%s) names no resource of this template by a known name, and may be the name of %s, unresolved (%s)", c.r.typ, c.r.id, prop, s, v.loc, first, why)
	if len(out) > 1 {
		reason += fmt.Sprintf(", or of %d more", len(out)-1)
	}
	return out, reason
}

// unresolved returns v when it is a value onus cannot resolve (an
// !ImportValue, a parameter without value, an !If on an unknown
// condition), nil otherwise.
// targetList is a join's list of targets and the first that cannot be
// resolved (the whole list, or one element), nil when all can.
func (c *rctx) targetList(key string) (list []*val, unk *val) {
	list, unk = c.items(key)
	for _, v := range list {
		if unk == nil {
			unk = unresolved(v)
		}
	}
	return list, unk
}

func unresolved(v *val) *val {
	if v != nil && v.k == kUnknown {
		return v
	}
	return nil
}

// mayApplyToAny records a join whose target could not be resolved: it may
// configure any resource of the kind it targets, and mark makes theirs
// unknown. An unresolved target is not taken for someone else's: a name or an ARN from
// another stack or a parameter can still be one of this template's
// (a literal bucket or queue name is known before deployment). Treating it
// as someone else's would judge those resources without it.
func (b *builder) mayApplyToAny(mark func()) {
	b.uncertain = append(b.uncertain, mark)
}

func uncertainReason(c *rctx, prop string, unk *val) string {
	return fmt.Sprintf("%s %s may apply to it: its %s is unresolved (%s)", c.r.typ, c.r.id, prop, unk.s)
}

func uncertainPolicy(c *rctx, prop string, unk *val) source.Value[*iampolicy.Policy] {
	return unknownAt[*iampolicy.Policy](c, uncertainReason(c, prop, unk), unk.loc)
}

func (b *builder) join(c *rctx) {
	e := b.est
	switch c.r.typ {
	case "AWS::S3::BucketPolicy":
		if unk := unresolved(c.get("Bucket")); unk != nil {
			ids := make([]string, len(e.S3Buckets))
			for i, x := range e.S3Buckets {
				ids[i] = x.Address
			}
			m := b.matchName(c, "Bucket", "AWS::S3::Bucket", "BucketName", ids)
			if m.same >= 0 {
				// The same expression as that bucket's BucketName: that
				// bucket, whatever the parameters are, and no other.
				e.S3Buckets[m.same].Policy = c.policy(c.get("PolicyDocument"))
				return
			}
			b.mayApplyToAny(func() {
				for _, x := range e.S3Buckets {
					if n, ok := x.Name.Get(); ok && !m.couldBe(n, !strings.Contains(n, "${")) {
						continue
					}
					x.Policy = uncertainPolicy(c, "Bucket", unk)
				}
			})
			return
		}
		bucketName := func(x *s3.Bucket) source.Value[string] { return x.Name }
		if bk, ok := target(b, c.get("Bucket"), e.S3Buckets, bucketName); ok {
			// Not resourcePolicy: a bucket policy governs the bucket and its
			// objects, so a self reference made "*" would stretch a Deny
			// written for the bucket alone over every object.
			bk.Policy = c.policy(c.get("PolicyDocument"))
		} else if cands, why := literalMiss(c, "Bucket", c.get("Bucket"), b.mayBeBucket(c.get("Bucket")), bucketName); len(cands) > 0 {
			b.mayApplyToAny(func() {
				for _, x := range cands {
					x.Policy = source.UnknownIn[*iampolicy.Policy](c.t.batch, why, c.prov())
				}
			})
		}
	case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
		egress := c.r.typ == "AWS::EC2::SecurityGroupEgress"
		ref := c.get("GroupId")
		if ref == nil {
			ref = c.get("GroupName")
		}
		if unk := unresolved(ref); unk != nil {
			b.mayApplyToAny(func() {
				for _, x := range e.SecurityGroups {
					if egress {
						x.Egress = unknownAt[[]ec2.Rule](c, uncertainReason(c, "GroupId", unk), unk.loc)
					} else {
						x.Ingress = unknownAt[[]ec2.Rule](c, uncertainReason(c, "GroupId", unk), unk.loc)
					}
				}
			})
		}
		sg, ok := target(b, ref, e.SecurityGroups, func(x *ec2.SecurityGroup) source.Value[string] { return x.Name })
		if !ok {
			return
		}
		if c.props == nil || c.props.k != kMap {
			return
		}
		rule := c.sgRule(c.props, egress)
		rule.Prov = c.site().PackedProv()
		l := &sg.Ingress
		if egress {
			l = &sg.Egress
		}
		if x, ok := l.Get(); ok {
			*l = source.Known(append(x, rule), l.Prov())
		}
	case "AWS::EC2::VolumeAttachment":
		vol, okV := target(b, c.get("VolumeId"), e.EBSVolumes, func(x *ec2.Volume) source.Value[string] { return x.VolumeID })
		in, okI := target(b, c.get("InstanceId"), e.EC2Instances, func(x *ec2.Instance) source.Value[string] { return x.InstanceID })
		if okV {
			vol.AttachedTo = appendStr(vol.AttachedTo, refOrText(c.get("InstanceId")))
		}
		if okI {
			in.Volumes = appendStr(in.Volumes, refOrText(c.get("VolumeId")))
		}
	case "AWS::IAM::Policy":
		b.joinIAMPolicy(c, false)
	case "AWS::IAM::ManagedPolicy":
		b.joinIAMPolicy(c, true)
	case "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy":
		b.joinSinglePolicy(c)
	case "AWS::IAM::UserToGroupAddition":
		g := b.groupByRef(refOf(c.get("GroupName")))
		users, _ := c.items("Users")
		for _, u := range users {
			usr, ok := b.byID[refOf(u)].(*iam.User)
			if !ok {
				usr = b.userByName(refOf(u))
			}
			if usr != nil {
				usr.Groups = appendStr(usr.Groups, refOf(c.get("GroupName")))
			}
			if g != nil {
				if usr != nil {
					g.Users = appendStr(g.Users, usr.Address)
				} else {
					g.Users = appendStr(g.Users, refOf(u))
				}
			}
		}
	case "AWS::IAM::AccessKey":
		u, ok := b.byID[refOf(c.get("UserName"))].(*iam.User)
		if !ok {
			u = b.userByName(refOf(c.get("UserName")))
		}
		if u == nil {
			return
		}
		status := c.strOr("Active", "Status")
		s, known := status.Get()
		if !known {
			u.AccessKeys = source.Unknown[[]iam.AccessKey](status.Reason(), status.Prov())
			return
		}
		if x, ok := u.AccessKeys.Get(); ok {
			u.AccessKeys = source.Known(append(x, iam.AccessKey{ID: c.r.id, Active: s == "Active", Prov: c.prov()}), u.AccessKeys.Prov())
		}
	case "AWS::Lambda::Permission":
		fnName := func(x *lambda.Function) source.Value[string] { return x.Name }
		f, ok := target(b, c.get("FunctionName"), e.LambdaFunctions, fnName)
		if unk := unresolved(c.get("FunctionName")); unk != nil {
			ids := make([]string, len(e.LambdaFunctions))
			for i, x := range e.LambdaFunctions {
				ids[i] = x.Address
			}
			// The same expression as a function's FunctionName is that
			// function, whatever the parameters are.
			m := b.matchName(c, "FunctionName", "AWS::Lambda::Function|AWS::Serverless::Function", "FunctionName", ids)
			if m.same >= 0 {
				f, ok = e.LambdaFunctions[m.same], true
			} else {
				// Not narrowed by the literal parts: the value may also be
				// an ARN or carry a version or alias.
				b.mayApplyToAny(func() {
					for _, x := range e.LambdaFunctions {
						x.Policy = uncertainPolicy(c, "FunctionName", unk)
					}
				})
			}
		}
		if !ok {
			if cands, why := literalMiss(c, "FunctionName", c.get("FunctionName"), e.LambdaFunctions, fnName); len(cands) > 0 {
				b.mayApplyToAny(func() {
					for _, x := range cands {
						x.Policy = source.UnknownIn[*iampolicy.Policy](c.t.batch, why, c.prov())
					}
				})
			}
			return
		}
		st, reason := b.permissionStatement(c)
		if reason != "" {
			f.Policy = source.UnknownIn[*iampolicy.Policy](c.t.batch, reason, c.prov())
			return
		}
		f.Policy = addStatement(f.Policy, st, c.prov())
	case "AWS::Lambda::Url":
		if unk := unresolved(c.get("TargetFunctionArn")); unk != nil {
			b.mayApplyToAny(func() {
				for _, x := range e.LambdaFunctions {
					x.URLAuthType = source.UnknownIn[string](c.t.batch, uncertainReason(c, "TargetFunctionArn", unk), c.prov())
				}
			})
		}
		fnName := func(x *lambda.Function) source.Value[string] { return x.Name }
		f, ok := target(b, c.get("TargetFunctionArn"), e.LambdaFunctions, fnName)
		if ok {
			f.URLAuthType = c.strOrUnknown("AuthType not set", "AuthType")
		} else if cands, why := literalMiss(c, "TargetFunctionArn", c.get("TargetFunctionArn"), e.LambdaFunctions, fnName); len(cands) > 0 {
			b.mayApplyToAny(func() {
				for _, x := range cands {
					x.URLAuthType = source.UnknownIn[string](c.t.batch, why, c.prov())
				}
			})
		}
	case "AWS::EC2::FlowLog":
		if rt := c.text(c.get("ResourceType")); rt != "VPC" {
			return
		}
		ids := []*val{c.get("ResourceId")}
		if l, _ := c.items("ResourceIds"); len(l) > 0 {
			ids = l
		}
		for _, id := range ids {
			v, ok := target(b, id, e.VPCs, func(x *ec2.VPC) source.Value[string] { return x.VPCID })
			if !ok {
				continue
			}
			fl := ec2.FlowLog{ID: c.r.id, Prov: c.prov()}
			fl.TrafficType, _ = c.strOr("ALL", "TrafficType").Get()
			fl.Destination = c.text(c.get("LogDestination"))
			if fl.Destination == "" {
				fl.Destination = c.text(c.get("LogGroupName"))
			}
			if x, ok := v.FlowLogs.Get(); ok {
				v.FlowLogs = source.Known(append(x, fl), v.FlowLogs.Prov())
			}
		}
	case "AWS::EC2::NetworkAclEntry":
		n, ok := target(b, c.get("NetworkAclId"), e.NetworkACLs, func(x *ec2.NetworkACL) source.Value[string] { return x.ACLID })
		if ok {
			if x, ok := n.Entries.Get(); ok {
				n.Entries = source.Known(append(x, c.aclEntry()), n.Entries.Prov())
			}
		}
	case "AWS::EC2::SubnetNetworkAclAssociation":
		n, ok := target(b, c.get("NetworkAclId"), e.NetworkACLs, func(x *ec2.NetworkACL) source.Value[string] { return x.ACLID })
		if ok {
			n.Subnets = appendStr(n.Subnets, refOrText(c.get("SubnetId")))
		}
	case "AWS::EC2::Route":
		if unk := unresolved(c.get("RouteTableId")); unk != nil {
			b.mayApplyToAny(func() {
				for _, x := range e.RouteTables {
					x.Routes = unknownAt[[]ec2.Route](c, uncertainReason(c, "RouteTableId", unk), unk.loc)
				}
			})
		}
		rt, ok := target(b, c.get("RouteTableId"), e.RouteTables, func(x *ec2.RouteTable) source.Value[string] { return x.RouteTableID })
		if ok {
			// The destination and the gateway decide whether the route
			// reaches the internet.
			for _, k := range []string{"DestinationCidrBlock", "DestinationIpv6CidrBlock", "GatewayId"} {
				if unk := unresolved(c.get(k)); unk != nil {
					rt.Routes = unknownAt[[]ec2.Route](c, "route "+c.r.id+" "+k+": "+unk.s, unk.loc)
					return
				}
			}
			if x, ok := rt.Routes.Get(); ok {
				rt.Routes = source.Known(append(x, c.route()), rt.Routes.Prov())
			}
		}
	case "AWS::EC2::SubnetRouteTableAssociation":
		b.routeAssociation(c)
	case "AWS::EFS::MountTarget":
		b.mountTarget(c)
	case "AWS::SNS::Subscription":
		t, ok := target(b, c.get("TopicArn"), e.SNSTopics, func(x *sns.Topic) source.Value[string] { return x.Name })
		if ok {
			if x, ok := t.Subscriptions.Get(); ok {
				sub := sns.Subscription{Protocol: c.text(c.get("Protocol")), Endpoint: refOrText(c.get("Endpoint")), Prov: c.site().PackedProv()}
				t.Subscriptions = source.Known(append(x, sub), t.Subscriptions.Prov())
			}
		}
	case "AWS::SNS::TopicPolicy":
		list, unk := c.targetList("Topics")
		if unk != nil {
			b.mayApplyToAny(func() {
				for _, x := range e.SNSTopics {
					x.Policy = uncertainPolicy(c, "Topics", unk)
				}
			})
		}
		nameOf := func(x *sns.Topic) source.Value[string] { return x.Name }
		for _, v := range list {
			if t, ok := target(b, v, e.SNSTopics, nameOf); ok {
				t.Policy = c.resourcePolicy(c.get("PolicyDocument"), t.Address)
			} else if cands, why := literalMiss(c, "Topics", v, e.SNSTopics, nameOf); len(cands) > 0 {
				b.mayApplyToAny(func() {
					for _, x := range cands {
						x.Policy = source.UnknownIn[*iampolicy.Policy](c.t.batch, why, c.prov())
					}
				})
			}
		}
	case "AWS::SQS::QueuePolicy":
		list, unk := c.targetList("Queues")
		if unk != nil {
			b.mayApplyToAny(func() {
				for _, x := range e.SQSQueues {
					x.Policy = uncertainPolicy(c, "Queues", unk)
				}
			})
		}
		nameOf := func(x *sqs.Queue) source.Value[string] { return x.Name }
		for _, v := range list {
			if q, ok := target(b, v, e.SQSQueues, nameOf); ok {
				q.Policy = c.resourcePolicy(c.get("PolicyDocument"), q.Address)
			} else if cands, why := literalMiss(c, "Queues", v, e.SQSQueues, nameOf); len(cands) > 0 {
				b.mayApplyToAny(func() {
					for _, x := range cands {
						x.Policy = source.UnknownIn[*iampolicy.Policy](c.t.batch, why, c.prov())
					}
				})
			}
		}
	case "AWS::SecretsManager::RotationSchedule":
		s, ok := target(b, c.get("SecretId"), e.Secrets, func(x *secretsmanager.Secret) source.Value[string] { return x.Name })
		if !ok {
			return
		}
		s.RotationEnabled = source.KnownAt(true, c.site())
		s.RotationDays = c.rotationDays()
	case "AWS::SecretsManager::ResourcePolicy":
		if unk := unresolved(c.get("SecretId")); unk != nil {
			b.mayApplyToAny(func() {
				for _, x := range e.Secrets {
					x.Policy = uncertainPolicy(c, "SecretId", unk)
				}
			})
		}
		secretName := func(x *secretsmanager.Secret) source.Value[string] { return x.Name }
		s, ok := target(b, c.get("SecretId"), e.Secrets, secretName)
		if ok {
			s.Policy = c.resourcePolicy(c.get("ResourcePolicy"), s.Address)
		} else if cands, why := literalMiss(c, "SecretId", c.get("SecretId"), e.Secrets, secretName); len(cands) > 0 {
			b.mayApplyToAny(func() {
				for _, x := range cands {
					x.Policy = source.UnknownIn[*iampolicy.Policy](c.t.batch, why, c.prov())
				}
			})
		}
	case "AWS::ElasticLoadBalancingV2::Listener":
		if unk := unresolved(c.get("LoadBalancerArn")); unk != nil {
			b.mayApplyToAny(func() {
				for _, x := range e.LoadBalancers {
					if t, _ := x.Type.Get(); t != "classic" {
						x.Listeners = source.UnknownIn[[]elb.Listener](c.t.batch, uncertainReason(c, "LoadBalancerArn", unk), c.prov())
					}
				}
			})
		}
		lb, ok := target(b, c.get("LoadBalancerArn"), e.LoadBalancers, func(x *elb.LoadBalancer) source.Value[string] { return x.Name })
		if !ok {
			return
		}
		l := elb.Listener{Prov: c.prov()}
		l.Port, _ = c.intOr(0, "Port").Get()
		l.Protocol = c.text(c.get("Protocol"))
		if p := c.str(c.get("Protocol")); c.has("Protocol") && !p.Known() {
			// The protocol decides whether the listener encrypts: this
			// one is modelled as of unknown protocol, the others keep
			// their verdicts.
			l.ProtocolUnknown = "Protocol of " + c.r.id + " is unresolved (" + p.Reason() + ") (" + p.Prov().Loc.String() + ")"
		}
		if !c.has("Protocol") {
			l.ProtocolUnknown = listenerNoProtocol(c, lb)
		}
		if l.Protocol == "HTTPS" || l.Protocol == "TLS" || l.ProtocolUnknown != "" {
			sp := c.get("SslPolicy")
			v := c.str(sp)
			switch t, _ := lb.Type.Get(); {
			case sp != nil && !v.Known():
				l.SSLPolicyUnknown = "SslPolicy: " + v.Reason()
			case sp != nil:
				l.SSLPolicy, _ = v.Get()
				l.SSLPolicyProv = v.Prov()
			case t == "application" && l.Protocol == "HTTPS":
				l.SetDefaultSSLPolicy(elb.ApplicationAPIDefaultSSLPolicy, c.prov())
			default:
				l.SSLPolicyUnknown = "SslPolicy is not set; AWS's default for this load balancer type is not assumed"
			}
		}
		acts, _ := c.items("DefaultActions")
		for _, a := range acts {
			if c.text(walk(a, "Type")) == "redirect" && strings.EqualFold(c.text(walk(a, "RedirectConfig", "Protocol")), "HTTPS") {
				l.RedirectsToHTTPS = true
			}
		}
		if x, ok := lb.Listeners.Get(); ok {
			lb.Listeners = source.Known(append(x, l), lb.Listeners.Prov())
		}
	case "AWS::WAFv2::WebACLAssociation", "AWS::WAFRegional::WebACLAssociation":
		lb, ok := target(b, c.get("ResourceArn"), e.LoadBalancers, func(x *elb.LoadBalancer) source.Value[string] { return x.Name })
		if !ok {
			b.wafStage(c)
		}
		if ok {
			acl := c.get("WebACLArn")
			if acl == nil {
				acl = c.get("WebACLId")
			}
			lb.WebACL = c.str(acl)
		}
	case "AWS::ApplicationAutoScaling::ScalableTarget":
		if c.text(c.get("ServiceNamespace")) != "dynamodb" {
			return
		}
		rid := c.get("ResourceId")
		s, ok := rid.text()
		if !ok {
			return
		}
		for _, t := range e.DynamoDBTables {
			name, _ := t.Name.Get()
			if strings.Contains(s, "${"+t.Address+"}") || name != "" && strings.HasPrefix(s, "table/"+name) {
				t.AutoScaling = source.KnownAt(true, c.site())
			}
		}
	default:
		b.joinNet(c)
	}
}

func refOrText(v *val) string {
	if v == nil {
		return ""
	}
	if v.ref != "" {
		return v.ref
	}
	s, _ := v.text()
	return s
}

var rateDays = regexp.MustCompile(`^rate\((\d+) days?\)$`)

func (c *rctx) rotationDays() source.Value[int] {
	if v := c.get("RotationRules", "AutomaticallyAfterDays"); v != nil {
		return c.integer(v)
	}
	if v := c.get("RotationRules", "ScheduleExpression"); v != nil {
		s := c.str(v)
		x, ok := s.Get()
		if !ok {
			return source.Unknown[int](s.Reason(), s.Prov())
		}
		if m := rateDays.FindStringSubmatch(strings.TrimSpace(x)); m != nil {
			n, _ := strconv.Atoi(m[1])
			return source.Known(n, s.Prov())
		}
		return source.Unknown[int](fmt.Sprintf("schedule %q is not a rate in days", x), s.Prov())
	}
	return source.UnknownIn[int](c.t.batch, "RotationRules not set", c.prov())
}

// permissionStatement turns an AWS::Lambda::Permission into the statement
// Lambda adds to the function's resource policy.
func (b *builder) permissionStatement(c *rctx) (iampolicy.Statement, string) {
	st := iampolicy.Statement{Sid: c.r.id, Effect: iampolicy.EffectAllow}
	polText := func(key string) (string, string) {
		v := c.get(key)
		switch {
		case v == nil:
			return "", ""
		case v.k == kUnknown:
			return "", key + ": " + v.s
		case v.k != kScalar:
			return "", key + ": " + c.typeErr(v, "a string")
		}
		return v.s, ""
	}
	action, why := polText("Action")
	if why != "" {
		return st, why
	}
	principal, why := polText("Principal")
	if why != "" {
		return st, why
	}
	st.Action = []string{action}
	// The statement governs the function it is attached to.
	st.Resource = []string{"*"}
	switch {
	case principal == "*":
		st.Principal = &iampolicy.Principals{All: true}
	case strings.HasSuffix(principal, ".amazonaws.com") || strings.HasSuffix(principal, ".amazonaws.com.cn"):
		st.Principal = &iampolicy.Principals{Service: []string{principal}}
	default:
		st.Principal = &iampolicy.Principals{AWS: []string{principal}}
	}
	for _, cond := range []struct{ prop, op, key string }{
		{"SourceArn", "ArnLike", "AWS:SourceArn"},
		{"SourceAccount", "StringEquals", "AWS:SourceAccount"},
		{"PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID"},
		{"FunctionUrlAuthType", "StringEquals", "lambda:FunctionUrlAuthType"},
		{"EventSourceToken", "StringEquals", "lambda:EventSourceToken"},
	} {
		s, why := polText(cond.prop)
		if why != "" {
			return st, why
		}
		if s == "" {
			continue
		}
		st.Condition = append(st.Condition, iampolicy.Condition{Operator: cond.op, Entries: []iampolicy.ConditionEntry{{Key: cond.key, Values: []string{s}}}})
	}
	return st, ""
}

// finish resolves what needs every resource mapped first.
func (b *builder) finish() {
	b.resolveManagedRefs()
	// A security group is in use when a resource other than a group or a
	// group rule refers to it.
	for _, v := range b.est.VPCs {
		v.InUse = source.Known(len(b.t.refBy[v.Address]) > 0, v.Prov())
		if len(b.t.refBy[v.Address]) == 0 {
			if typs := sortedKeys(b.t.maybeRefBy[v.Address]); len(typs) > 0 {
				v.InUse = source.Unknown[bool](maybeUsedReason(typs[0], b.t.maybeRefBy[v.Address][typs[0]]), v.Prov())
			}
		}
	}
	isRule := func(typ string) bool {
		switch typ {
		case "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
			return true
		}
		return false
	}
	for _, sg := range b.est.SecurityGroups {
		for typ := range b.t.refBy[sg.Address] {
			if !isRule(typ) {
				sg.InUse = source.Known(true, sg.Prov())
			}
		}
		if used, ok := sg.InUse.Get(); ok && used {
			continue
		}
		for _, typ := range sortedKeys(b.t.maybeRefBy[sg.Address]) {
			if !isRule(typ) {
				sg.InUse = source.Unknown[bool](maybeUsedReason(typ, b.t.maybeRefBy[sg.Address][typ]), sg.Prov())
				break
			}
		}
	}
}

func maybeUsedReason(typ, why string) string {
	return "an " + typ + " refers to it in an Fn::If branch whose condition is unknown (" + why + ")"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// listenerNoProtocol says why a listener without Protocol is of unknown
// protocol, or "" when it needs none. AWS sets no default: CreateListener
// takes no protocol for a gateway load balancer (its listeners carry
// GENEVE, which no control judges) and rejects a listener of an
// application or network load balancer without one ("A listener protocol
// must be specified"), so such a listener never serves plain or TLS
// traffic as written: it is not judged as either.
func listenerNoProtocol(c *rctx, lb *elb.LoadBalancer) string {
	t, ok := lb.Type.Get()
	switch {
	case ok && t == "gateway":
		return ""
	case ok:
		return fmt.Sprintf("Protocol of %s is not set, which AWS rejects for a listener of %s, a load balancer of type %s (CreateListener: a listener protocol must be specified) (%s)", c.r.id, lb.Address, t, c.r.loc)
	}
	return fmt.Sprintf("Protocol of %s is not set: only a gateway load balancer's listener takes none, and the type of %s is unknown (%s)", c.r.id, lb.Address, lb.Type.Reason())
}
