package mail

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// FileSender writes each message as an .eml file (RFC 5322, opens in any
// mail program) instead of sending it: for the demo and for development
// without a mail server.
type FileSender struct {
	Dir    string
	Logger *slog.Logger
}

// Send writes m to Dir/<date>-<id>.eml. The file appears complete or not at
// all (written under a temporary name, then renamed).
func (f *FileSender) Send(ctx context.Context, m Outgoing) error {
	msg, err := compose(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return fmt.Errorf("mail directory: %w", err)
	}
	tmp, err := os.CreateTemp(f.Dir, ".writing-*")
	if err != nil {
		return fmt.Errorf("mail file: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := msg.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write mail file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write mail file: %w", err)
	}
	name := filepath.Join(f.Dir, fmt.Sprintf("%s-%06d.eml", m.Date.UTC().Format("20060102T150405Z"), m.ID))
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write mail file: %w", err)
	}
	if f.Logger != nil {
		f.Logger.Info("mail written to file", "mail", m.ID, "file", name)
	}
	return nil
}
