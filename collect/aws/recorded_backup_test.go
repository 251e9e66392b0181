package awscollect

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/backup"

	"github.com/onus-sec/onus/model"
	mbackup "github.com/onus-sec/onus/model/backup"
)

// TestRecordedBackupSelections: the emulator has no ListBackupSelections
// or GetBackupSelection, so their answers (API reference shapes) are
// recorded: plan p1 selects by ARN and tag, plan p2 narrows with
// Conditions, plan p3's selections are denied (a gap, not "no selection").
func TestRecordedBackupSelections(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		p := strings.TrimSuffix(r.URL.Path, "/")
		switch p {
		case "/backup/plans":
			fmt.Fprint(w, `{"BackupPlansList":[{"BackupPlanId":"p1","BackupPlanArn":"arn:aws:backup:us-east-1:123456789012:backup-plan:p1","BackupPlanName":"daily"},`+
				`{"BackupPlanId":"p2","BackupPlanArn":"arn:aws:backup:us-east-1:123456789012:backup-plan:p2","BackupPlanName":"tagged"},`+
				`{"BackupPlanId":"p3","BackupPlanArn":"arn:aws:backup:us-east-1:123456789012:backup-plan:p3","BackupPlanName":"secret"}]}`)
		case "/backup/plans/p1/selections":
			fmt.Fprint(w, `{"BackupSelectionsList":[{"SelectionId":"s1","SelectionName":"efs","BackupPlanId":"p1"}]}`)
		case "/backup/plans/p2/selections":
			fmt.Fprint(w, `{"BackupSelectionsList":[{"SelectionId":"s2","SelectionName":"cond","BackupPlanId":"p2"}]}`)
		case "/backup/plans/p3/selections":
			w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
			w.WriteHeader(403)
			fmt.Fprint(w, `{"Message":"denied"}`)
		case "/backup/plans/p1/selections/s1":
			fmt.Fprint(w, `{"BackupPlanId":"p1","SelectionId":"s1","BackupSelection":{"SelectionName":"efs","IamRoleArn":"arn:aws:iam::123456789012:role/b",`+
				`"Resources":["arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/*"],"ListOfTags":[{"ConditionType":"STRINGEQUALS","ConditionKey":"backup","ConditionValue":"daily"}]}}`)
		case "/backup/plans/p2/selections/s2":
			fmt.Fprint(w, `{"BackupPlanId":"p2","SelectionId":"s2","BackupSelection":{"SelectionName":"cond","IamRoleArn":"arn:aws:iam::123456789012:role/b",`+
				`"Resources":["*"],"Conditions":{"StringEquals":[{"ConditionKey":"aws:ResourceTag/team","ConditionValue":"data"}]}}}`)
		default:
			t.Errorf("unexpected call %s %s", r.Method, r.URL.Path)
			w.WriteHeader(404)
		}
	}))
	defer srv.Close()
	r := recordedRun(t, srv.URL)
	e := r.backupEstate(context.Background(), "us-east-1", backup.NewFromConfig(r.cfg))
	runChecks(t, e, []check{
		{"two selections", func(e *model.Estate) any { return len(e.BackupSelections) }, 2},
		{"s1", func(e *model.Estate) any {
			s := get(e.BackupSelections, "/selection/s1")
			return [3]any{val(s.Name), val(s.Resources), val(s.Tags)}
		}, [3]any{"efs", []string{"arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/*"}, []mbackup.TagCondition{{Key: "backup", Value: "daily"}}}},
		{"s2 narrowed", func(e *model.Estate) any { return val(get(e.BackupSelections, "/selection/s2").Resources) }, "UNKNOWN"},
		{"gap for p3", func(e *model.Estate) any {
			why, ok := e.ListingGap("AWS::Backup::BackupSelection", "us-east-1")
			return [2]any{ok, why}
		}, [2]any{true, "backup:ListBackupSelections: AccessDeniedException (permission denied)"}},
	})
}
