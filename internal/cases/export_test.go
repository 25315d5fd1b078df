package cases

// SetReferenceSource makes s take references from next, for tests of
// collisions.
func SetReferenceSource(s *Service, next func() string) { s.refSource = next }
