package awscollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"

	"github.com/onus-sec/onus/model"
	mecs "github.com/onus-sec/onus/model/ecs"
	mefs "github.com/onus-sec/onus/model/efs"
	"github.com/onus-sec/onus/source"
)

// ecsAPI is the read-only part of the ECS client onus uses.
type ecsAPI interface {
	ecs.ListClustersAPIClient
	ecs.ListServicesAPIClient
	ecs.ListTaskDefinitionsAPIClient
	DescribeClusters(context.Context, *ecs.DescribeClustersInput, ...func(*ecs.Options)) (*ecs.DescribeClustersOutput, error)
	DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
	DescribeTaskDefinition(context.Context, *ecs.DescribeTaskDefinitionInput, ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error)
}

func (r *run) collectECS(ctx context.Context, region string) *model.Estate {
	return r.ecsEstate(ctx, region, ecs.NewFromConfig(r.cfg, func(o *ecs.Options) { o.Region = region }))
}

func (r *run) ecsEstate(ctx context.Context, region string, cl ecsAPI) *model.Estate {
	e, e1, e2 := &model.Estate{}, &model.Estate{}, &model.Estate{}
	parallel(
		func() {
			p := ecs.NewListClustersPaginator(cl, &ecs.ListClustersInput{})
			arns := paginate(ctx, r, r.origin("ecs:ListClusters", region, ""), p.HasMorePages, func(ctx context.Context) (*ecs.ListClustersOutput, error) { return p.NextPage(ctx) },
				func(o *ecs.ListClustersOutput) []string { return o.ClusterArns })
			if why := r.listErr(e1, "AWS::ECS::Cluster", arns.o, arns.err); why != "" {
				// The task sets of clusters not listed were not seen.
				e1.Gaps = append(e1.Gaps, model.Gap{Type: "AWS::ECS::TaskSet", Region: region, Account: r.account, APICall: arns.o.APICall, Reason: why})
			}
			for start := 0; start < len(arns.items); start += 100 {
				batch := arns.items[start:min(start+100, len(arns.items))]
				o := r.origin("ecs:DescribeClusters", region, "")
				out, err := call(ctx, r, func(ctx context.Context) (*ecs.DescribeClustersOutput, error) {
					return cl.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: batch, Include: []ecstypes.ClusterField{ecstypes.ClusterFieldSettings}})
				})
				byARN := map[string]ecstypes.Cluster{}
				why := ""
				if err != nil {
					why = r.fail(o.APICall, region, err)
				} else {
					for _, c := range out.Clusters {
						byARN[aws.ToString(c.ClusterArn)] = c
					}
				}
				for _, arn := range batch {
					lo := r.origin("ecs:ListClusters", region, arn)
					do := r.origin("ecs:DescribeClusters", region, arn)
					x := &mecs.Cluster{Meta: r.meta("AWS::ECS::Cluster", region, arn, lo)}
					c, ok := byARN[arn]
					switch {
					case why != "":
						x.Name = source.Unknown[string](why, source.From(do))
						x.ContainerInsights = source.Unknown[bool](why, source.From(do))
					case !ok:
						x.Name = source.Unknown[string]("cluster not returned by ecs:DescribeClusters", source.From(do))
						x.ContainerInsights = source.Unknown[bool](x.Name.Reason(), source.From(do))
					default:
						x.Name = known(aws.ToString(c.ClusterName), do)
						ci := false
						for _, s := range c.Settings {
							if s.Name == ecstypes.ClusterSettingNameContainerInsights && (aws.ToString(s.Value) == "enabled" || aws.ToString(s.Value) == "enhanced") {
								ci = true
							}
						}
						x.ContainerInsights = known(ci, do)
					}
					e1.ECSClusters = append(e1.ECSClusters, x)
				}
			}
			// Services per cluster.
			each(arns.items, func(_ int, cluster string) {
				p := ecs.NewListServicesPaginator(cl, &ecs.ListServicesInput{Cluster: aws.String(cluster)})
				sv := paginate(ctx, r, r.origin("ecs:ListServices", region, cluster), p.HasMorePages, func(ctx context.Context) (*ecs.ListServicesOutput, error) { return p.NextPage(ctx) },
					func(o *ecs.ListServicesOutput) []string { return o.ServiceArns })
				var found []*mecs.Service
				var sets []*mecs.TaskSet
				for start := 0; start < len(sv.items); start += 10 {
					batch := sv.items[start:min(start+10, len(sv.items))]
					do := r.origin("ecs:DescribeServices", region, cluster)
					out, err := call(ctx, r, func(ctx context.Context) (*ecs.DescribeServicesOutput, error) {
						return cl.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: batch})
					})
					if err != nil {
						why := r.fail(do.APICall, region, err)
						// The task sets of these services were not seen.
						r.mu.Lock()
						e1.Gaps = append(e1.Gaps, model.Gap{Type: "AWS::ECS::TaskSet", Region: region, Account: r.account, APICall: do.APICall, Reason: why})
						r.mu.Unlock()
						for _, arn := range batch {
							o := r.origin(do.APICall, region, arn)
							found = append(found, &mecs.Service{Meta: r.meta("AWS::ECS::Service", region, arn, o), Name: source.Unknown[string](why, source.From(o)), AssignPublicIP: source.Unknown[bool](why, source.From(o)),
								Fargate: source.Unknown[bool](why, source.From(o)), PlatformVersion: source.Unknown[string](why, source.From(o))})
						}
						continue
					}
					for _, s := range out.Services {
						arn := aws.ToString(s.ServiceArn)
						o := r.origin(do.APICall, region, arn)
						pub := false
						if s.NetworkConfiguration != nil && s.NetworkConfiguration.AwsvpcConfiguration != nil {
							pub = s.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp == ecstypes.AssignPublicIpEnabled
						}
						fargate := s.LaunchType == ecstypes.LaunchTypeFargate
						for _, st := range s.CapacityProviderStrategy {
							if p := aws.ToString(st.CapacityProvider); p == "FARGATE" || p == "FARGATE_SPOT" {
								fargate = true
							}
						}
						found = append(found, &mecs.Service{Meta: r.meta("AWS::ECS::Service", region, arn, o), Name: known(aws.ToString(s.ServiceName), o), AssignPublicIP: known(pub, o),
							Fargate: known(fargate, o), PlatformVersion: known(aws.ToString(s.PlatformVersion), o)})
						// DescribeServices returns the task sets of EXTERNAL and
						// CODE_DEPLOY services in full (DescribeTaskSets adds
						// nothing onus judges, and refuses CODE_DEPLOY services).
						for _, ts := range s.TaskSets {
							tarn := aws.ToString(ts.TaskSetArn)
							to := r.origin(do.APICall, region, tarn)
							tpub := false
							if ts.NetworkConfiguration != nil && ts.NetworkConfiguration.AwsvpcConfiguration != nil {
								tpub = ts.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp == ecstypes.AssignPublicIpEnabled
							}
							sets = append(sets, &mecs.TaskSet{Meta: r.meta("AWS::ECS::TaskSet", region, tarn, to), Service: known(arn, to), AssignPublicIP: known(tpub, to)})
						}
					}
				}
				r.mu.Lock()
				if sv.err != nil {
					e1.Gaps = append(e1.Gaps, model.Gap{Type: "AWS::ECS::Service", Region: region, Account: r.account, APICall: sv.o.APICall, Reason: reason(sv.o.APICall, sv.err)},
						model.Gap{Type: "AWS::ECS::TaskSet", Region: region, Account: r.account, APICall: sv.o.APICall, Reason: reason(sv.o.APICall, sv.err)})
				}
				e1.ECSServices = append(e1.ECSServices, found...)
				e1.ECSTaskSets = append(e1.ECSTaskSets, sets...)
				r.mu.Unlock()
				if sv.err != nil {
					r.fail(sv.o.APICall, region, sv.err)
				}
			})
		},
		func() {
			p := ecs.NewListTaskDefinitionsPaginator(cl, &ecs.ListTaskDefinitionsInput{Status: ecstypes.TaskDefinitionStatusActive})
			arns := paginate(ctx, r, r.origin("ecs:ListTaskDefinitions", region, ""), p.HasMorePages, func(ctx context.Context) (*ecs.ListTaskDefinitionsOutput, error) { return p.NextPage(ctx) },
				func(o *ecs.ListTaskDefinitionsOutput) []string { return o.TaskDefinitionArns })
			if arns.err != nil {
				r.gap(e2, "AWS::ECS::TaskDefinition", arns.o, arns.err)
			}
			tds := make([]*mecs.TaskDefinition, len(arns.items))
			each(arns.items, func(i int, arn string) {
				o := r.origin("ecs:DescribeTaskDefinition", region, arn)
				x := &mecs.TaskDefinition{Meta: r.meta("AWS::ECS::TaskDefinition", region, arn, o)}
				out, err := call(ctx, r, func(ctx context.Context) (*ecs.DescribeTaskDefinitionOutput, error) {
					return cl.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn)})
				})
				if err != nil {
					why := r.fail(o.APICall, region, err)
					u := source.Unknown[string](why, source.From(o))
					x.Family, x.NetworkMode, x.PIDMode, x.TaskRole, x.ExecutionRole = u, u, u, u, u
					x.Containers = source.Unknown[[]mecs.Container](why, source.From(o))
					tds[i] = x
					return
				}
				td := out.TaskDefinition
				x.Family = known(aws.ToString(td.Family), o)
				x.NetworkMode = known(string(td.NetworkMode), o)
				x.PIDMode = known(string(td.PidMode), o)
				x.TaskRole = known(aws.ToString(td.TaskRoleArn), o)
				x.ExecutionRole = known(aws.ToString(td.ExecutionRoleArn), o)
				cs := []mecs.Container{}
				for _, c := range td.ContainerDefinitions {
					ct := mecs.Container{
						Name: aws.ToString(c.Name), Image: aws.ToString(c.Image), Privileged: aws.ToBool(c.Privileged),
						User: aws.ToString(c.User), ReadonlyRootFilesystem: aws.ToBool(c.ReadonlyRootFilesystem), Prov: source.From(o),
					}
					for _, kv := range c.Environment {
						ct.Environment = append(ct.Environment, mecs.EnvVar{Name: aws.ToString(kv.Name), Value: aws.ToString(kv.Value), Prov: source.From(o)})
					}
					for _, s := range c.Secrets {
						ct.Secrets = append(ct.Secrets, aws.ToString(s.Name))
					}
					if c.LogConfiguration != nil {
						ct.LogDriver = string(c.LogConfiguration.LogDriver)
					}
					cs = append(cs, ct)
				}
				x.Containers = known(cs, o)
				tds[i] = x
			})
			r.mu.Lock()
			e2.ECSTaskDefinitions = tds
			r.mu.Unlock()
		},
	)
	e.Merge(e1)
	e.Merge(e2)
	sortByAddress(e.ECSClusters)
	sortByAddress(e.ECSServices)
	sortByAddress(e.ECSTaskSets)
	sortByAddress(e.ECSTaskDefinitions)
	return e
}

// efsAPI is the read-only part of the EFS client onus uses.
type efsAPI interface {
	efs.DescribeFileSystemsAPIClient
	DescribeBackupPolicy(context.Context, *efs.DescribeBackupPolicyInput, ...func(*efs.Options)) (*efs.DescribeBackupPolicyOutput, error)
	efsExtraAPI
}

func (r *run) collectEFS(ctx context.Context, region string) *model.Estate {
	return r.efsEstate(ctx, region, efs.NewFromConfig(r.cfg, func(o *efs.Options) { o.Region = region }))
}

func (r *run) efsEstate(ctx context.Context, region string, cl efsAPI) *model.Estate {
	e := &model.Estate{}
	p := efs.NewDescribeFileSystemsPaginator(cl, &efs.DescribeFileSystemsInput{})
	fss := paginate(ctx, r, r.origin("elasticfilesystem:DescribeFileSystems", region, ""), p.HasMorePages, func(ctx context.Context) (*efs.DescribeFileSystemsOutput, error) { return p.NextPage(ctx) },
		func(o *efs.DescribeFileSystemsOutput) []efstypes.FileSystemDescription { return o.FileSystems })
	r.listErr(e, "AWS::EFS::FileSystem", fss.o, fss.err)
	e.EFSFileSystems = make([]*mefs.FileSystem, len(fss.items))
	each(fss.items, func(i int, f efstypes.FileSystemDescription) {
		id := aws.ToString(f.FileSystemId)
		arn := aws.ToString(f.FileSystemArn)
		if arn == "" {
			arn = r.arn("elasticfilesystem", region, "file-system/"+id)
		}
		o := r.origin("elasticfilesystem:DescribeFileSystems", region, arn)
		meta := r.meta("AWS::EFS::FileSystem", region, arn, o)
		meta.Tags = known(tagMap(f.Tags, func(t efstypes.Tag) (*string, *string) { return t.Key, t.Value }), o)
		x := &mefs.FileSystem{Meta: meta, ID: known(id, o), Encrypted: known(aws.ToBool(f.Encrypted), o), KMSKeyID: known(aws.ToString(f.KmsKeyId), o)}
		bo := r.origin("elasticfilesystem:DescribeBackupPolicy", region, arn)
		out, err := call(ctx, r, func(ctx context.Context) (*efs.DescribeBackupPolicyOutput, error) {
			return cl.DescribeBackupPolicy(ctx, &efs.DescribeBackupPolicyInput{FileSystemId: aws.String(id)})
		})
		switch {
		case err == nil:
			x.Backup = known(out.BackupPolicy != nil && out.BackupPolicy.Status == efstypes.StatusEnabled, bo)
		case hasCode(err, "PolicyNotFound"):
			x.Backup = known(false, bo)
		default:
			x.Backup = unknownErr[bool](r, bo, err)
		}
		e.EFSFileSystems[i] = x
	})
	sortByAddress(e.EFSFileSystems)
	r.efsExtra(ctx, region, cl, e)
	return e
}
