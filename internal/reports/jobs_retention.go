package reports

import (
	"context"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/jobs"
)

// RetentionKind is the daily job that erases expired personal data.
const RetentionKind = "reports.retention"

// BlobSweepKind is the hourly job that deletes photo files no report took
// (SweepBlobs): a draft's photos go between OrphanAge and an hour later.
const BlobSweepKind = "reports.blob_sweep"

// RegisterJobs registers the Mängelmelder's periodic jobs on r: the daily
// retention run (EraseExpired) and the hourly sweep of orphaned photo
// files (SweepBlobs). Overdue marks need no job: they are derived from the
// deadlines whenever reports are read.
func (s *Service) RegisterJobs(r *jobs.Runner) {
	r.Register(RetentionKind, func(ctx context.Context, _ []byte) error {
		n, err := s.EraseExpired(ctx)
		if n > 0 {
			s.deps.Logger.Info("reports: personal data of closed reports erased", "reports", n)
		}
		return err
	})
	r.Every(RetentionKind, 24*time.Hour)
	r.Register(BlobSweepKind, func(ctx context.Context, _ []byte) error {
		n, err := s.SweepBlobs(ctx)
		if n > 0 {
			s.deps.Logger.Info("reports: orphaned photo files deleted", "files", n)
		}
		return err
	})
	r.Every(BlobSweepKind, time.Hour)
}
