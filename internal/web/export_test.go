package web

// SetCacheMaxBytes sets the page cache's byte bound for a test and returns
// a function that restores it.
func SetCacheMaxBytes(n int) func() {
	old := cacheMaxBytes
	cacheMaxBytes = n
	return func() { cacheMaxBytes = old }
}
