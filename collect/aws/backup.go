package awscollect

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	bktypes "github.com/aws/aws-sdk-go-v2/service/backup/types"

	"github.com/onus-sec/onus/model"
	mbackup "github.com/onus-sec/onus/model/backup"
	"github.com/onus-sec/onus/source"
)

// backupAPI is the read-only part of the AWS Backup client onus uses.
type backupAPI interface {
	backup.ListBackupPlansAPIClient
	backup.ListBackupSelectionsAPIClient
	GetBackupSelection(context.Context, *backup.GetBackupSelectionInput, ...func(*backup.Options)) (*backup.GetBackupSelectionOutput, error)
}

func (r *run) collectBackup(ctx context.Context, region string) *model.Estate {
	return r.backupEstate(ctx, region, backup.NewFromConfig(r.cfg, func(o *backup.Options) { o.Region = region }))
}

// backupEstate reads every backup selection of every plan in region. A
// listing that fails is a gap: a selection it would have shown may cover
// a resource that otherwise looks unprotected.
func (r *run) backupEstate(ctx context.Context, region string, cl backupAPI) *model.Estate {
	e := &model.Estate{}
	const typ = "AWS::Backup::BackupSelection"
	p := backup.NewListBackupPlansPaginator(cl, &backup.ListBackupPlansInput{})
	plans := paginate(ctx, r, r.origin("backup:ListBackupPlans", region, ""), p.HasMorePages, func(ctx context.Context) (*backup.ListBackupPlansOutput, error) { return p.NextPage(ctx) },
		func(o *backup.ListBackupPlansOutput) []bktypes.BackupPlansListMember { return o.BackupPlansList })
	r.listErr(e, typ, plans.o, plans.err)
	var mu sync.Mutex
	each(plans.items, func(_ int, pl bktypes.BackupPlansListMember) {
		id := aws.ToString(pl.BackupPlanId)
		sp := backup.NewListBackupSelectionsPaginator(cl, &backup.ListBackupSelectionsInput{BackupPlanId: aws.String(id)})
		sels := paginate(ctx, r, r.origin("backup:ListBackupSelections", region, aws.ToString(pl.BackupPlanArn)), sp.HasMorePages,
			func(ctx context.Context) (*backup.ListBackupSelectionsOutput, error) { return sp.NextPage(ctx) },
			func(o *backup.ListBackupSelectionsOutput) []bktypes.BackupSelectionsListMember {
				return o.BackupSelectionsList
			})
		mu.Lock()
		r.listErr(e, typ, sels.o, sels.err)
		mu.Unlock()
		each(sels.items, func(_ int, s bktypes.BackupSelectionsListMember) {
			x := r.backupSelection(ctx, region, cl, pl, s)
			mu.Lock()
			e.BackupSelections = append(e.BackupSelections, x)
			mu.Unlock()
		})
	})
	sortByAddress(e.BackupSelections)
	return e
}

func (r *run) backupSelection(ctx context.Context, region string, cl backupAPI, pl bktypes.BackupPlansListMember, s bktypes.BackupSelectionsListMember) *mbackup.Selection {
	addr := aws.ToString(pl.BackupPlanArn) + "/selection/" + aws.ToString(s.SelectionId)
	lo := r.origin("backup:ListBackupSelections", region, addr)
	x := &mbackup.Selection{Meta: r.meta("AWS::Backup::BackupSelection", region, addr, lo),
		Name: known(aws.ToString(s.SelectionName), lo), Plan: known(aws.ToString(pl.BackupPlanId), lo)}
	x.ARN = ""
	o := r.origin("backup:GetBackupSelection", region, addr)
	out, err := call(ctx, r, func(ctx context.Context) (*backup.GetBackupSelectionOutput, error) {
		return cl.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: pl.BackupPlanId, SelectionId: s.SelectionId})
	})
	if err != nil {
		x.Resources = unknownErr[[]string](r, o, err)
		x.NotResources = source.Unknown[[]string](x.Resources.Reason(), source.From(o))
		x.Tags = source.Unknown[[]mbackup.TagCondition](x.Resources.Reason(), source.From(o))
		return x
	}
	sel := out.BackupSelection
	if sel == nil {
		sel = &bktypes.BackupSelection{}
	}
	x.Resources = known(append([]string{}, sel.Resources...), o)
	x.NotResources = known(append([]string{}, sel.NotResources...), o)
	tags := []mbackup.TagCondition{}
	for _, c := range sel.ListOfTags {
		if strings.EqualFold(string(c.ConditionType), "STRINGEQUALS") {
			tags = append(tags, mbackup.TagCondition{Key: aws.ToString(c.ConditionKey), Value: aws.ToString(c.ConditionValue)})
		}
	}
	x.Tags = known(tags, o)
	if c := sel.Conditions; c != nil && len(c.StringEquals)+len(c.StringLike)+len(c.StringNotEquals)+len(c.StringNotLike) > 0 {
		why := "the selection has Conditions that narrow it, which onus does not evaluate"
		x.Resources = source.Unknown[[]string](why, source.From(o))
		x.Tags = source.Unknown[[]mbackup.TagCondition](why, source.From(o))
	}
	return x
}
