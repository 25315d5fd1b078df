package testkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// BrowserEnv names the variable that makes browser tests mandatory: with
// RATHAUS_TEST_BROWSER=1 a missing Chromium or axe-core fails them; without
// it they are skipped when either is missing.
const BrowserEnv = "RATHAUS_TEST_BROWSER"

// AxeTags are the rule sets every page must pass: WCAG 2.1 A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// stepTimeout bounds one browser step, so a hung page fails the test instead
// of the whole run.
const stepTimeout = 20 * time.Second

// Browser is a headless Chromium with one tab, for tests that look at pages
// as a person would and check them with axe-core.
type Browser struct {
	t   testing.TB
	ctx context.Context
	axe string
}

// NewBrowser starts Debian's Chromium with a fresh profile, stopped when the
// test ends. It skips the test when Chromium or node_modules/axe-core is
// missing, unless RATHAUS_TEST_BROWSER=1.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	required := os.Getenv(BrowserEnv) == "1"
	unavailable := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if required {
			t.Fatalf("%s (%s=1 makes browser tests mandatory)", msg, BrowserEnv)
		}
		t.Skipf("%s; set %s=1 to make this a failure", msg, BrowserEnv)
	}
	exe := chromiumPath()
	if exe == "" {
		unavailable("no Chromium found (apt-get install chromium)")
	}
	axePath, err := AxePath()
	if err != nil {
		unavailable("%v", err)
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		unavailable("read axe-core: %v", err)
	}
	profile := t.TempDir() // removed after the browser stops: cleanups run last-in first-out
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first call starts the browser; it gets no timeout, since the
	// browser lives as long as the context of this call.
	if err := chromedp.Do(ctx); err != nil {
		unavailable("start Chromium %s: %v", exe, err)
	}
	b := &Browser{t: t, ctx: ctx, axe: string(axe)}
	if err := b.preloadAxe(); err != nil {
		t.Fatal(err)
	}
	return b
}

// NewTab opens another tab with cookies of its own (a new browser context),
// for checking pages in parallel as other visitors. It closes when the test
// ends.
func (b *Browser) NewTab() (*Browser, error) {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		return nil, fmt.Errorf("open a tab: %w", err)
	}
	tab := &Browser{t: b.t, ctx: ctx, axe: b.axe}
	return tab, tab.preloadAxe()
}

// preloadAxe makes Chromium load axe-core into every new page of the tab
// itself: much faster than sending half a megabyte of script after each
// navigation.
func (b *Browser) preloadAxe() error {
	ctx, cancel := b.step()
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: b.axe}); err != nil {
		return fmt.Errorf("preload axe-core: %w", err)
	}
	return nil
}

func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// AxePath returns node_modules/axe-core/axe.min.js of the repository, which
// `npm ci` installs.
func AxePath() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("no axe-core at %s (run npm ci in %s)", p, root)
	}
	return p, nil
}

// RepoRoot returns the directory of go.mod above the working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// step returns a context for one browser step with its own timeout.
func (b *Browser) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// Do runs chromedp actions in the tab.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := b.step()
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// BrowserRun runs a chromedp action that returns a value, such as
// chromedp.Evaluate, in b's tab.
func BrowserRun[T any](b *Browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := b.step()
	defer cancel()
	return chromedp.Run(ctx, a)
}

// Open loads url and returns the response of the page after redirects.
func (b *Browser) Open(url string) (*network.Response, error) {
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", url, err)
	}
	return resp, nil
}

// Submit runs actions that send a form (such as a click on its button) and
// returns the response of the page the browser lands on.
func (b *Browser) Submit(actions ...chromedp.Action[chromedp.Void]) (*network.Response, error) {
	ctx, cancel := b.step()
	defer cancel()
	return chromedp.RunResponse(ctx, actions...)
}

// SetCookie gives the browser a cookie for the site at baseURL.
func (b *Browser) SetCookie(baseURL, name, value string) error {
	ctx, cancel := b.step()
	defer cancel()
	_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: baseURL, Path: "/"})
	return err
}

// DeleteCookie removes the cookie name of the site at baseURL.
func (b *Browser) DeleteCookie(baseURL, name string) error {
	ctx, cancel := b.step()
	defer cancel()
	_, err := chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: name, URL: baseURL})
	return err
}

// SetJavaScript turns the page's scripts on or off, to prove pages work
// without them.
func (b *Browser) SetJavaScript(enabled bool) error {
	ctx, cancel := b.step()
	defer cancel()
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !enabled})
	return err
}

// AxeViolation is one failed axe-core rule on a page.
type AxeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []AxeNode `json:"nodes"`
}

// AxeNode is an element that fails a rule.
type AxeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// Axe checks the loaded page with axe-core against AxeTags and returns the
// violations.
func (b *Browser) Axe() ([]AxeViolation, error) {
	ctx, cancel := b.step()
	defer cancel()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === "object"`))
	if err != nil {
		return nil, fmt.Errorf("look for axe-core: %w", err)
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	tags, _ := json.Marshal(AxeTags)
	script := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]}).then(r =>
		JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), html: n.html, summary: n.failureSummary || ""}))}))))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var v []AxeViolation
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		return nil, fmt.Errorf("read axe-core result: %w", err)
	}
	return v, nil
}

// FormatViolations lists violations readably: rule, impact, help, and each
// failing element.
func FormatViolations(vs []AxeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "  %s (%s): %s\n    %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    - %s\n      %s\n", n.Target, n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&b, "      %s\n", strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	return b.String()
}

// Screenshot returns a PNG of the visible part of the page.
func (b *Browser) Screenshot() ([]byte, error) {
	ctx, cancel := b.step()
	defer cancel()
	return chromedp.Run(ctx, chromedp.CaptureScreenshot())
}
