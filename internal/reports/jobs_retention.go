package reports

import (
	"context"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/jobs"
)

// RetentionKind is the daily job that erases expired personal data.
const RetentionKind = "reports.retention"

// RegisterJobs registers the Mängelmelder's periodic jobs on r: the daily
// retention run (EraseExpired). Overdue marks need no job: they are
// derived from the deadlines whenever reports are read.
func (s *Service) RegisterJobs(r *jobs.Runner) {
	r.Register(RetentionKind, func(ctx context.Context, _ []byte) error {
		n, err := s.EraseExpired(ctx)
		if n > 0 {
			s.deps.Logger.Info("reports: personal data of closed reports erased", "reports", n)
		}
		return err
	})
	r.Every(RetentionKind, 24*time.Hour)
}
