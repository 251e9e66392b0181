package cloudformation

import (
	"fmt"
	"strconv"
	"time"

	"strings"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/awsconfig"
	"github.com/onus-sec/onus/model/cloudtrail"
	"github.com/onus-sec/onus/model/cloudwatch"
	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/model/kms"
	"github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/model/secretsmanager"
	"github.com/onus-sec/onus/model/sns"
	"github.com/onus-sec/onus/model/sqs"
	"github.com/onus-sec/onus/source"
)

func (b *builder) function(c *rctx) {
	sam := c.r.typ == "AWS::Serverless::Function"
	f := &lambda.Function{Meta: c.meta}
	f.Name = c.strOrUnknown("FunctionName not set: CloudFormation generates it at deploy time", "FunctionName")
	f.PackageType = c.strOr("Zip", "PackageType")
	if sam && !c.has("PackageType") && c.has("ImageUri") {
		f.PackageType = known(c, "Image", c.get("ImageUri").loc)
	}
	if pt, _ := f.PackageType.Get(); pt == "Image" && !c.has("Runtime") {
		f.Runtime = source.KnownAt("", c.site())
	} else {
		f.Runtime = c.strOrUnknown("Runtime not set", "Runtime")
	}
	switch vars := c.get("Environment", "Variables"); {
	case vars == nil:
		f.Environment = source.KnownAt[[]lambda.EnvVar](nil, c.site())
	case vars.k == kUnknown:
		f.Environment = unknownAt[[]lambda.EnvVar](c, vars.s, vars.loc)
	case vars.k != kMap:
		f.Environment = unknownAt[[]lambda.EnvVar](c, c.typeErr(vars, "a mapping of variables"), vars.loc)
	default:
		env := make([]lambda.EnvVar, 0, len(vars.keys))
		for i, k := range vars.keys {
			v := vars.vals[i]
			env = append(env, lambda.EnvVar{Name: k, Value: c.value(v), Prov: c.t.batch.Pack(source.At(v.loc))})
		}
		f.Environment = known(c, env, vars.loc)
	}
	switch vc := c.get("VpcConfig"); {
	case vc == nil:
		f.VPC = source.KnownAt[*lambda.VPCConfig](nil, c.site())
	case vc.k == kUnknown:
		f.VPC = unknownAt[*lambda.VPCConfig](c, vc.s, vc.loc)
	default:
		subs := c.strs(walk(vc, "SubnetIds"))
		sgs := c.strs(walk(vc, "SecurityGroupIds"))
		s1, ok1 := subs.Get()
		s2, ok2 := sgs.Get()
		switch {
		case !ok1:
			f.VPC = source.Unknown[*lambda.VPCConfig](subs.Reason(), subs.Prov())
		case !ok2:
			f.VPC = source.Unknown[*lambda.VPCConfig](sgs.Reason(), sgs.Prov())
		case len(s1) == 0:
			f.VPC = known[*lambda.VPCConfig](c, nil, vc.loc)
		default:
			f.VPC = known(c, &lambda.VPCConfig{SubnetIDs: s1, SecurityGroupIDs: s2}, vc.loc)
		}
	}
	if sam && !c.has("Role") {
		// SAM creates <Function>Role (samRole models it).
		f.Role = source.KnownAt(c.r.id+"Role", c.site())
		b.samRole(c)
	} else {
		f.Role = c.strOrUnknown("Role not set", "Role")
	}
	f.Policy = source.KnownAt[*iampolicy.Policy](nil, c.site())
	f.URLAuthType = source.KnownAt("", c.site())
	if sam && c.has("FunctionUrlConfig") {
		f.URLAuthType = c.strOrUnknown("FunctionUrlConfig.AuthType not set", "FunctionUrlConfig", "AuthType")
	}
	if auth, ok := f.URLAuthType.Get(); !ok && sam {
		// SAM's public invoke permission depends on the AuthType.
		f.Policy = source.Unknown[*iampolicy.Policy]("FunctionUrlConfig.AuthType is unknown (SAM adds a public invoke permission when it is NONE): "+f.URLAuthType.Reason(), f.URLAuthType.Prov())
	} else if ok && sam && auth == "NONE" {
		// SAM grants everyone InvokeFunctionUrl for an unauthenticated URL.
		f.Policy = addStatement(f.Policy, iampolicy.Statement{
			Sid: c.r.id + "UrlPublicPermissions", Effect: iampolicy.EffectAllow,
			Principal: &iampolicy.Principals{All: true}, Action: []string{"lambda:InvokeFunctionUrl"},
			Resource:  []string{"*"},
			Condition: iampolicy.Conditions{{Operator: "StringEquals", Entries: []iampolicy.ConditionEntry{{Key: "lambda:FunctionUrlAuthType", Values: []string{"NONE"}}}}},
		}, f.URLAuthType.Prov())
	}
	f.KMSKeyARN = c.strOr("", "KmsKeyArn")
	if sam {
		f.TracingMode = c.strOr("PassThrough", "Tracing")
		f.DeadLetter = presence(c, "DeadLetterQueue")
	} else {
		f.TracingMode = c.strOr("PassThrough", "TracingConfig", "Mode")
		f.DeadLetter = presence(c, "DeadLetterConfig", "TargetArn")
	}
	f.ReservedConcurrency = c.intOr(-1, "ReservedConcurrentExecutions")
	if sam {
		b.samEvents(c, f)
	}
	b.est.LambdaFunctions = append(b.est.LambdaFunctions, f)
	b.byID[c.r.id] = f
}

// samEvents adds the permissions SAM creates for API and service events
// (the function's resource policy). Events, an event or its Type that
// cannot be resolved may add any of them: the policy is then unknown. It
// also notes, for the implicit REST API, whether an Api event without
// RestApiId makes it or an unresolved event might.
func (b *builder) samEvents(c *rctx, f *lambda.Function) {
	ev := c.get("Events")
	unknownEvents := func(what string, unk *val) {
		reason := fmt.Sprintf("%s of %s is unresolved (%s)", what, c.r.id, unk.s)
		if _, ok := f.Policy.Get(); ok {
			f.Policy = unknownAt[*iampolicy.Policy](c, "SAM adds an invoke permission for each event, and "+reason, unk.loc)
		}
		b.samRest.mayBeMade(reason, unk.loc)
	}
	if unk := unresolved(ev); unk != nil {
		unknownEvents("Events", unk)
		return
	}
	if ev == nil || ev.k != kMap {
		return
	}
	for i, name := range ev.keys {
		e := ev.vals[i]
		if unk := unresolved(e); unk != nil {
			unknownEvents("event "+name, unk)
			continue
		}
		if unk := unresolved(walk(e, "Type")); unk != nil {
			unknownEvents("the Type of event "+name, unk)
			continue
		}
		typ := c.text(walk(e, "Type"))
		if typ == "Api" {
			props := walk(e, "Properties")
			if unk := unresolved(props); unk != nil {
				b.samRest.mayBeMade(fmt.Sprintf("the Properties of Api event %s of %s are unresolved (%s)", name, c.r.id, unk.s), unk.loc)
			} else if walk(props, "RestApiId") == nil {
				b.samRest.made = true
			}
		}
		principal := map[string]string{
			"Api": "apigateway.amazonaws.com", "HttpApi": "apigateway.amazonaws.com", "S3": "s3.amazonaws.com",
			"SNS": "sns.amazonaws.com", "Schedule": "events.amazonaws.com", "CloudWatchEvent": "events.amazonaws.com",
			"EventBridgeRule": "events.amazonaws.com", "IoTRule": "iot.amazonaws.com", "CloudWatchLogs": "logs.amazonaws.com",
		}[typ]
		if principal == "" {
			continue
		}
		st := iampolicy.Statement{
			Sid: c.r.id + name + "Permission", Effect: iampolicy.EffectAllow,
			Principal: &iampolicy.Principals{Service: []string{principal}},
			Action:    []string{"lambda:InvokeFunction"}, Resource: []string{"*"},
		}
		f.Policy = addStatement(f.Policy, st, source.At(e.loc))
	}
}

func (s *samImplicit) mayBeMade(reason string, at source.Loc) {
	if s.unknown == "" {
		s.unknown = fmt.Sprintf("%s (%s)", reason, at)
	}
}

// addStatement appends a statement to a resource policy built from
// separate permission resources.
func addStatement(p source.Value[*iampolicy.Policy], st iampolicy.Statement, at source.Prov) source.Value[*iampolicy.Policy] {
	cur, ok := p.Get()
	if !ok {
		return p
	}
	np := &iampolicy.Policy{Version: iampolicy.Version2012}
	if cur != nil {
		np.Statements = append(np.Statements, cur.Statements...)
	}
	st.Path = "Statement[" + strconv.Itoa(len(np.Statements)) + "]"
	np.Statements = append(np.Statements, st)
	if cur == nil {
		return source.Known(np, at)
	}
	return source.Known(np, p.Prov())
}

func (b *builder) kmsKey(c *rctx) {
	k := &kms.Key{Meta: c.meta}
	k.KeyID = source.UnknownIn[string](c.t.batch, "key id is assigned at deploy time", c.prov())
	k.KeySpec = c.strOr("SYMMETRIC_DEFAULT", "KeySpec")
	k.KeyUsage = c.strOr("ENCRYPT_DECRYPT", "KeyUsage")
	k.RotationEnabled = c.boolOr(false, "EnableKeyRotation")
	if kp := c.get("KeyPolicy"); kp != nil {
		k.Policy = c.resourcePolicy(kp, c.r.id)
	} else {
		// KMS's default key policy: the account (root) may use the key,
		// which delegates access to IAM policies.
		k.Policy = source.KnownAt(&iampolicy.Policy{Version: iampolicy.Version2012, Statements: []iampolicy.Statement{{
			Sid: "Enable IAM User Permissions", Effect: iampolicy.EffectAllow,
			Principal: &iampolicy.Principals{AWS: []string{"arn:aws:iam::${AWS::AccountId}:root"}},
			Action:    []string{"kms:*"}, Resource: []string{"*"}, Path: "Statement[0]",
		}}}, c.site())
	}
	k.Enabled = c.boolOr(true, "Enabled")
	k.Manager = source.KnownAt("CUSTOMER", c.site())
	k.State = source.Map(k.Enabled, func(on bool) string {
		if on {
			return "Enabled"
		}
		return "Disabled"
	})
	k.MultiRegion = c.boolOr(false, "MultiRegion")
	b.est.KMSKeys = append(b.est.KMSKeys, k)
	b.byID[c.r.id] = k
}

func (b *builder) trail(c *rctx) {
	t := &cloudtrail.Trail{Meta: c.meta}
	t.Name = c.strOrUnknown("TrailName not set: CloudFormation generates it at deploy time", "TrailName")
	if r, ok := b.t.opts.params["AWS::Region"]; ok {
		t.HomeRegion = source.KnownAt(r, c.site())
	} else {
		t.HomeRegion = source.UnknownIn[string](c.t.batch, "the stack's region is known only at deploy time (--param AWS::Region=...)", c.prov())
	}
	t.MultiRegion = c.boolOr(false, "IsMultiRegionTrail")
	t.OrganizationTrail = c.boolOr(false, "IsOrganizationTrail")
	t.LogFileValidation = c.boolOr(false, "EnableLogFileValidation")
	t.KMSKeyID = c.strOr("", "KMSKeyId")
	t.GlobalServiceEvents = c.boolOr(true, "IncludeGlobalServiceEvents")
	t.CloudWatchLogsGroup = c.strOr("", "CloudWatchLogsLogGroupArn")
	t.S3Bucket = c.strOrUnknown("S3BucketName not set", "S3BucketName")
	t.Logging = c.boolOr(false, "IsLogging")
	t.EventSelectors = c.eventSelectors()
	b.est.Trails = append(b.est.Trails, t)
	b.byID[c.r.id] = t
}

func (c *rctx) eventSelectors() source.Value[[]cloudtrail.EventSelector] {
	basic, unk := c.items("EventSelectors")
	if unk != nil {
		return unknownAt[[]cloudtrail.EventSelector](c, unk.s, unk.loc)
	}
	adv, unk := c.items("AdvancedEventSelectors")
	if unk != nil {
		return unknownAt[[]cloudtrail.EventSelector](c, unk.s, unk.loc)
	}
	if len(basic) == 0 && len(adv) == 0 {
		// Without selectors a trail logs all management events.
		return source.KnownAt([]cloudtrail.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true, Prov: c.prov()}}, c.site())
	}
	var out []cloudtrail.EventSelector
	for _, s := range basic {
		if u := s.firstUnknown(); u != nil {
			return unknownAt[[]cloudtrail.EventSelector](c, u.s, u.loc)
		}
		es := cloudtrail.EventSelector{ReadWriteType: "All", IncludeManagementEvents: true, Prov: source.At(s.loc)}
		if v := walk(s, "ReadWriteType"); v != nil {
			es.ReadWriteType = c.text(v)
		}
		if v := walk(s, "IncludeManagementEvents"); v != nil {
			es.IncludeManagementEvents, _ = c.boolean(v).Get()
		}
		drs, _ := items(walk(s, "DataResources"))
		for _, dr := range drs {
			vals, _ := c.strs(walk(dr, "Values")).Get()
			es.DataResources = append(es.DataResources, cloudtrail.DataResource{Type: c.text(walk(dr, "Type")), Values: vals})
		}
		out = append(out, es)
	}
	for _, s := range adv {
		if u := s.firstUnknown(); u != nil {
			return unknownAt[[]cloudtrail.EventSelector](c, u.s, u.loc)
		}
		es := cloudtrail.EventSelector{Prov: source.At(s.loc)}
		fs, _ := items(walk(s, "FieldSelectors"))
		for _, f := range fs {
			af := cloudtrail.AdvancedField{Field: c.text(walk(f, "Field"))}
			af.Equals, _ = c.strs(walk(f, "Equals")).Get()
			af.NotEquals, _ = c.strs(walk(f, "NotEquals")).Get()
			af.StartsWith, _ = c.strs(walk(f, "StartsWith")).Get()
			es.Advanced = append(es.Advanced, af)
			if af.Field == "eventCategory" && contains(af.Equals, "Management") {
				es.IncludeManagementEvents = true
			}
			if af.Field == "readOnly" {
				switch {
				case contains(af.Equals, "true"):
					es.ReadWriteType = "ReadOnly"
				case contains(af.Equals, "false"):
					es.ReadWriteType = "WriteOnly"
				}
			}
		}
		if es.ReadWriteType == "" {
			es.ReadWriteType = "All"
		}
		out = append(out, es)
	}
	return source.KnownAt(out, c.site())
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

func (b *builder) recorder(c *rctx) {
	r := &awsconfig.Recorder{Meta: c.meta}
	r.Name = c.strOr("default", "Name")
	if c.has("RecordingGroup") {
		r.AllSupported = c.boolOr(false, "RecordingGroup", "AllSupported")
		r.IncludeGlobalResourceTypes = c.boolOr(false, "RecordingGroup", "IncludeGlobalResourceTypes")
	} else {
		r.AllSupported = source.KnownAt(true, c.site())
		r.IncludeGlobalResourceTypes = source.KnownAt(false, c.site())
	}
	// CloudFormation starts the recorder once a delivery channel exists.
	if b.deliveryChannel {
		r.Recording = source.KnownAt(true, c.site())
	} else {
		r.Recording = source.UnknownIn[bool](c.t.batch, "no delivery channel in this template: the recorder starts only when one exists", c.prov())
	}
	r.RoleARN = c.strOrUnknown("RoleARN not set", "RoleARN")
	r.LastStatus = source.UnknownIn[string](c.t.batch, "known only for a live account", c.prov())
	b.est.ConfigRecorders = append(b.est.ConfigRecorders, r)
	b.byID[c.r.id] = r
}

func (b *builder) deliveryChan(c *rctx) {
	d := &awsconfig.DeliveryChannel{Meta: c.meta}
	d.Name = c.strOr("default", "Name")
	d.S3Bucket = c.strOrUnknown("S3BucketName not set", "S3BucketName")
	b.est.ConfigDeliveryChannels = append(b.est.ConfigDeliveryChannels, d)
	b.byID[c.r.id] = d
}

func (b *builder) configRule(c *rctx) {
	r := &awsconfig.Rule{Meta: c.meta}
	r.Name = c.strOrUnknown("ConfigRuleName not set: CloudFormation generates it at deploy time", "ConfigRuleName")
	r.SourceIdentifier = c.strOr("", "Source", "SourceIdentifier")
	r.Owner = c.strOrUnknown("Source.Owner not set", "Source", "Owner")
	b.est.ConfigRules = append(b.est.ConfigRules, r)
	b.byID[c.r.id] = r
}

func (b *builder) conformancePack(c *rctx) {
	p := &awsconfig.ConformancePack{Meta: c.meta}
	p.Name = c.strOrUnknown("ConformancePackName not set", "ConformancePackName")
	b.est.ConformancePacks = append(b.est.ConformancePacks, p)
	b.byID[c.r.id] = p
}

func (b *builder) alarm(c *rctx) {
	a := &cloudwatch.Alarm{Meta: c.meta}
	a.Name = c.strOrUnknown("AlarmName not set: CloudFormation generates it at deploy time", "AlarmName")
	a.MetricName = c.strOr("", "MetricName")
	a.Namespace = c.strOr("", "Namespace")
	a.AlarmActions = c.strsOr(nil, "AlarmActions")
	a.ActionsEnabled = c.boolOr(true, "ActionsEnabled")
	b.est.Alarms = append(b.est.Alarms, a)
	b.byID[c.r.id] = a
}

func (b *builder) metricFilter(c *rctx) {
	m := &cloudwatch.MetricFilter{Meta: c.meta}
	m.Name = c.strOrUnknown("FilterName not set: CloudFormation generates it at deploy time", "FilterName")
	m.LogGroupName = c.strOrUnknown("LogGroupName not set", "LogGroupName")
	m.Pattern = c.strOrUnknown("FilterPattern not set", "FilterPattern")
	m.MetricName = c.strOrUnknown("MetricTransformations not set", "MetricTransformations", 0, "MetricName")
	m.Namespace = c.strOrUnknown("MetricTransformations not set", "MetricTransformations", 0, "MetricNamespace")
	b.est.MetricFilters = append(b.est.MetricFilters, m)
	b.byID[c.r.id] = m
}

func (b *builder) logGroup(c *rctx) {
	g := &cloudwatch.LogGroup{Meta: c.meta}
	g.Name = c.strOrUnknown("LogGroupName not set: CloudFormation generates it at deploy time", "LogGroupName")
	g.RetentionDays = c.intOr(0, "RetentionInDays")
	g.KMSKeyID = c.strOr("", "KmsKeyId")
	b.est.LogGroups = append(b.est.LogGroups, g)
	b.byID[c.r.id] = g
}

func (b *builder) topic(c *rctx) {
	t := &sns.Topic{Meta: c.meta}
	t.Name = c.strOrUnknown("TopicName not set: CloudFormation generates it at deploy time", "TopicName")
	t.KMSKeyID = c.strOr("", "KmsMasterKeyId")
	t.Policy = source.KnownAt[*iampolicy.Policy](nil, c.site())
	subs, unk := c.items("Subscription")
	if unk != nil {
		t.Subscriptions = unknownAt[[]sns.Subscription](c, unk.s, unk.loc)
	} else {
		var out []sns.Subscription
		for _, s := range subs {
			out = append(out, sns.Subscription{Protocol: c.text(walk(s, "Protocol")), Endpoint: c.text(walk(s, "Endpoint")), Prov: c.t.batch.Pack(source.At(s.loc))})
		}
		t.Subscriptions = source.KnownAt(out, c.site())
	}
	b.est.SNSTopics = append(b.est.SNSTopics, t)
	b.byID[c.r.id] = t
}

func (b *builder) queue(c *rctx) {
	q := &sqs.Queue{Meta: c.meta}
	q.Name = c.strOrUnknown("QueueName not set: CloudFormation generates it at deploy time", "QueueName")
	q.KMSKeyID = c.strOr("", "KmsMasterKeyId")
	// SQS-managed SSE is on by default for new queues unless a KMS key is set.
	q.SQSManagedSSE = c.boolOr(!c.has("KmsMasterKeyId"), "SqsManagedSseEnabled")
	q.Policy = source.KnownAt[*iampolicy.Policy](nil, c.site())
	b.est.SQSQueues = append(b.est.SQSQueues, q)
	b.byID[c.r.id] = q
}

func (b *builder) secret(c *rctx) {
	s := &secretsmanager.Secret{Meta: c.meta}
	s.Name = c.strOrUnknown("Name not set: CloudFormation generates it at deploy time", "Name")
	s.KMSKeyID = c.strOr("", "KmsKeyId")
	s.RotationEnabled = source.KnownAt(false, c.site())
	s.RotationDays = source.KnownAt(0, c.site())
	s.Policy = source.KnownAt[*iampolicy.Policy](nil, c.site())
	s.LastAccessed = source.UnknownIn[*time.Time](c.t.batch, "known only for a live account", c.prov())
	s.LastRotated = source.UnknownIn[*time.Time](c.t.batch, "known only for a live account", c.prov())
	b.est.Secrets = append(b.est.Secrets, s)
	b.byID[c.r.id] = s
}

func (b *builder) taskDef(c *rctx) {
	td := &ecs.TaskDefinition{Meta: c.meta}
	td.Family = c.strOrUnknown("Family not set: CloudFormation generates it at deploy time", "Family")
	td.NetworkMode = c.strOr("bridge", "NetworkMode")
	td.PIDMode = c.strOr("", "PidMode")
	td.TaskRole = c.strOr("", "TaskRoleArn")
	td.ExecutionRole = c.strOr("", "ExecutionRoleArn")
	list, unk := c.items("ContainerDefinitions")
	if unk != nil {
		td.Containers = unknownAt[[]ecs.Container](c, unk.s, unk.loc)
	} else {
		var out []ecs.Container
		for _, cd := range list {
			ct := ecs.Container{Name: c.text(walk(cd, "Name")), Image: c.text(walk(cd, "Image")),
				User: c.text(walk(cd, "User")), Prov: source.At(cd.loc)}
			for _, flag := range []struct {
				key string
				dst *bool
			}{{"Privileged", &ct.Privileged}, {"ReadonlyRootFilesystem", &ct.ReadonlyRootFilesystem}} {
				if v := walk(cd, flag.key); v != nil {
					x, ok := c.boolean(v).Get()
					if !ok {
						td.Containers = unknownAt[[]ecs.Container](c, flag.key+": "+c.boolean(v).Reason(), v.loc)
						goto done
					}
					*flag.dst = x
				}
			}
			// The user and the log driver are judged per container too.
			for _, key := range [][]any{{"User"}, {"LogConfiguration", "LogDriver"}} {
				if unk := unresolved(walk(cd, key...)); unk != nil {
					td.Containers = unknownAt[[]ecs.Container](c, pathName(key)+": "+unk.s, unk.loc)
					goto done
				}
			}
			{
				envs, unk := items(walk(cd, "Environment"))
				if unk != nil {
					ct.Environment = append(ct.Environment, ecs.EnvVar{Unknown: "Environment: " + unk.s, Prov: source.At(unk.loc)})
				}
				for _, e := range envs {
					ev := ecs.EnvVar{Name: c.text(walk(e, "Name")), Prov: source.At(e.loc)}
					if n := unresolved(walk(e, "Name")); n != nil {
						// Any name, a credential-like one too, may hold the value.
						ev.Name, ev.Unknown = "", "Name: "+n.s
						ct.Environment = append(ct.Environment, ev)
						continue
					}
					if v := walk(e, "Value"); v != nil {
						x := c.value(v)
						ev.Value, _ = x.Get()
						if !x.Known() {
							ev.Unknown = x.Reason()
						}
					}
					ct.Environment = append(ct.Environment, ev)
				}
				secs, _ := items(walk(cd, "Secrets"))
				for _, s := range secs {
					ct.Secrets = append(ct.Secrets, c.text(walk(s, "Name")))
				}
				ct.LogDriver = c.text(walk(cd, "LogConfiguration", "LogDriver"))
				out = append(out, ct)
			}
		}
		td.Containers = source.KnownAt(out, c.site())
	done:
	}
	b.est.ECSTaskDefinitions = append(b.est.ECSTaskDefinitions, td)
	b.byID[c.r.id] = td
}

func (b *builder) ecsCluster(c *rctx) {
	cl := &ecs.Cluster{Meta: c.meta}
	cl.Name = c.strOrUnknown("ClusterName not set: CloudFormation generates it at deploy time", "ClusterName")
	cl.ContainerInsights = source.KnownAt(false, c.site())
	list, unk := c.items("ClusterSettings")
	if unk != nil {
		cl.ContainerInsights = unknownAt[bool](c, unk.s, unk.loc)
	}
	for _, s := range list {
		if c.text(walk(s, "Name")) == "containerInsights" {
			v := c.str(walk(s, "Value"))
			cl.ContainerInsights = source.Map(v, func(x string) bool { return x == "enabled" || x == "enhanced" })
		}
	}
	b.est.ECSClusters = append(b.est.ECSClusters, cl)
	b.byID[c.r.id] = cl
}

func (b *builder) ecsService(c *rctx) {
	s := &ecs.Service{Meta: c.meta}
	s.Name = c.strOrUnknown("ServiceName not set: CloudFormation generates it at deploy time", "ServiceName")
	v := c.strOr("DISABLED", "NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp")
	s.AssignPublicIP = source.Map(v, func(x string) bool { return strings.EqualFold(x, "ENABLED") })
	s.Fargate, s.PlatformVersion = ecsServiceFargate(c), c.strOr("LATEST", "PlatformVersion")
	b.est.ECSServices = append(b.est.ECSServices, s)
	b.byID[c.r.id] = s
}

func (b *builder) loadBalancer(c *rctx) {
	lb := &elb.LoadBalancer{Meta: c.meta}
	lb.Name = c.strOrUnknown("Name not set: CloudFormation generates it at deploy time", "Name")
	lb.Type = c.strOr("application", "Type")
	lb.Scheme = c.strOr("internet-facing", "Scheme")
	attrs, unk := c.items("LoadBalancerAttributes")
	attr := func(key string) source.Value[bool] {
		if unk != nil {
			return unknownAt[bool](c, unk.s, unk.loc)
		}
		for _, a := range attrs {
			if c.text(walk(a, "Key")) == key {
				return c.boolean(walk(a, "Value"))
			}
		}
		return source.KnownAt(false, c.site())
	}
	lb.AccessLogs = attr("access_logs.s3.enabled")
	lb.DeletionProtection = attr("deletion_protection.enabled")
	lb.DropInvalidHeaders = attr("routing.http.drop_invalid_header_fields.enabled")
	lb.DesyncMode = source.KnownAt("defensive", c.site())
	if unk != nil {
		lb.DesyncMode = unknownAt[string](c, unk.s, unk.loc)
	}
	for _, a := range attrs {
		if c.text(walk(a, "Key")) == "routing.http.desync_mitigation_mode" {
			lb.DesyncMode = c.str(walk(a, "Value"))
		}
	}
	if t, _ := lb.Type.Get(); t == "application" {
		lb.CrossZone = source.KnownAt(true, c.site()) // always on for ALBs
	} else {
		lb.CrossZone = attr("load_balancing.cross_zone.enabled")
	}
	lb.Zones = func() source.Value[[]string] {
		if v := c.get("Subnets"); v != nil {
			return c.strs(v)
		}
		ms, mu := c.items("SubnetMappings")
		if mu != nil {
			return unknownAt[[]string](c, mu.s, mu.loc)
		}
		if len(ms) == 0 {
			return source.UnknownIn[[]string](c.t.batch, "neither Subnets nor SubnetMappings is set", c.prov())
		}
		out := []string{}
		for _, m := range ms {
			v := c.str(walk(m, "SubnetId"))
			id, ok := v.Get()
			if !ok {
				return source.Unknown[[]string]("SubnetMappings.SubnetId: "+v.Reason(), v.Prov())
			}
			out = append(out, id)
		}
		return source.KnownAt(out, c.site())
	}()
	lb.WebACL = source.KnownAt("", c.site())
	lb.Listeners = source.KnownAt[[]elb.Listener](nil, c.site())
	b.est.LoadBalancers = append(b.est.LoadBalancers, lb)
	b.byID[c.r.id] = lb
}

// ecsServiceFargate tells whether a service runs on Fargate: LaunchType,
// else CapacityProviderStrategy; with neither, the cluster's default
// capacity provider strategy decides, which onus does not follow.
func ecsServiceFargate(c *rctx) source.Value[bool] {
	if c.has("LaunchType") {
		return source.Map(c.str(c.get("LaunchType")), func(t string) bool { return t == "FARGATE" })
	}
	list, unk := c.items("CapacityProviderStrategy")
	if unk != nil {
		return unknownAt[bool](c, unk.s, unk.loc)
	}
	if len(list) == 0 {
		return source.UnknownIn[bool](c.t.batch, "neither LaunchType nor CapacityProviderStrategy is set: the cluster's default capacity provider strategy decides", c.prov())
	}
	for _, it := range list {
		p := c.str(walk(it, "CapacityProvider"))
		name, ok := p.Get()
		if !ok {
			return source.Unknown[bool]("capacity provider: "+p.Reason(), p.Prov())
		}
		if name == "FARGATE" || name == "FARGATE_SPOT" {
			return source.Known(true, p.Prov())
		}
	}
	return source.KnownAt(false, c.site())
}
