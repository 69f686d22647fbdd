package web

// The layout checks run in the browser walk (TestBrowserAccessibilityAndValidity)
// on every page and screen: no horizontal overflow, no form label drawn over
// another element (as loaded, and once every field has a value), every table
// in a named, focusable scroll box. TestBrowserPhoneLayout checks what only
// some pages have: the compact header and its menu, the calendar cards, the
// size of the chart labels.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// layoutProbe measures the page as laid out now. Boxes come from
// getBoundingClientRect; an element counts when it is drawn (checkVisibility:
// not in a closed <details>, not hidden or transparent; not .visually-hidden).
const layoutProbe = `(() => {
	const iw = window.innerWidth, de = document.documentElement;
	const desc = e => {
		let d = e.tagName.toLowerCase();
		if (e.id) d += '#' + e.id;
		else if (typeof e.className === 'string' && e.className.trim()) d += '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.');
		if (e.htmlFor) d += '[for=' + e.htmlFor + ']';
		const tx = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
		return tx ? d + ' «' + tx + '»' : d;
	};
	const shown = e => {
		const r = e.getBoundingClientRect();
		if (r.width < 1 || r.height < 1 || e.closest('.visually-hidden')) return false;
		return e.checkVisibility({opacityProperty: true, visibilityProperty: true});
	};
	const out = {sw: de.scrollWidth, iw, wide: [], overlaps: [], regions: []};
	if (de.scrollWidth > iw) {
		const scrolls = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
		const all = [...document.body.querySelectorAll('*')].filter(e => { const r = e.getBoundingClientRect(); return r.right > iw + 0.5 && r.width > 0 && !scrolls(e); });
		out.wide = all.filter(e => !all.some(o => o !== e && e.contains(o))).slice(0, 5).map(e => desc(e) + ' right=' + Math.round(e.getBoundingClientRect().right));
	}
	const labels = [...document.querySelectorAll('main label, main legend')].filter(shown);
	const others = [...document.querySelectorAll('main :is(h1,h2,h3,h4,h5,h6,legend,label,p,.form-text,.invalid-feedback,.alert,input,select,textarea,button,summary,li,dt,dd)')].filter(shown);
	for (const l of labels) {
		const a = l.getBoundingClientRect();
		for (const o of others) {
			if (o === l || o.contains(l) || l.contains(o)) continue;
			if (l.control === o && (o.type === 'checkbox' || o.type === 'radio')) continue;
			const b = o.getBoundingClientRect();
			const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
			if (w > 1 && h > 1) out.overlaps.push(desc(l) + ' over ' + desc(o) + ' (' + Math.round(w) + '×' + Math.round(h) + ' px)');
		}
	}
	for (const d of document.querySelectorAll('.table-responsive')) {
		const ids = (d.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
		const name = (d.getAttribute('aria-label') || '').trim() || ids.map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent.trim()).join(' ');
		if (d.getAttribute('tabindex') !== '0' || d.getAttribute('role') !== 'region' || !name) out.regions.push(desc(d));
	}
	for (const t of document.querySelectorAll('main table')) {
		if (!t.closest('.table-responsive')) out.regions.push('table outside a scroll box: ' + desc(t));
	}
	return JSON.stringify(out);
})()`

// layoutResult is what layoutProbe returns.
type layoutResult struct {
	ScrollWidth int      `json:"sw"`
	InnerWidth  int      `json:"iw"`
	Wide        []string `json:"wide"`
	Overlaps    []string `json:"overlaps"`
	Regions     []string `json:"regions"`
}

// fillFields gives every empty field of the page a value, as a person
// would: focus, value, input and change events, blur. Bootstrap Italia's
// script marks a label .active once its field has a value; the label gets
// the class here too, so the check does not depend on that script being
// loaded.
const fillFields = `(() => {
	const vals = {email: 'prova@example.org', number: '3', date: '2026-06-30', time: '09:30', tel: '0833 123456', url: 'https://example.org', password: 'una password lunga', search: 'prova'};
	let n = 0;
	for (const e of document.querySelectorAll('main input, main textarea, main select')) {
		if (['hidden', 'checkbox', 'radio', 'file', 'submit', 'button'].includes(e.type) || e.disabled || e.readOnly) continue;
		e.focus();
		if (e.tagName === 'SELECT') { if (e.options.length > 1 && e.selectedIndex <= 0) e.selectedIndex = 1; }
		else if (!e.value) e.value = e.tagName === 'TEXTAREA' ? 'Testo di prova\nsu due righe' : (vals[e.type] || 'Testo di prova');
		e.dispatchEvent(new Event('input', {bubbles: true}));
		e.dispatchEvent(new Event('change', {bubbles: true}));
		e.blur();
		const l = e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]');
		if (l) l.classList.add('active');
		n++;
	}
	return n;
})()`

func probeLayout(ctx context.Context) (layoutResult, error) {
	var r layoutResult
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](layoutProbe))
	if err == nil {
		err = json.Unmarshal([]byte(out), &r)
	}
	return r, err
}

// checkPageOnScreens loads p once and checks it on every screen of
// viewports: axe-core, horizontal overflow, label overlaps and table scroll
// boxes as loaded; then label overlaps again with every field filled in.
// It returns one message per problem.
func checkPageOnScreens(tab context.Context, base, axeSource string, p checkedPage) []string {
	ctx, cancel := context.WithTimeout(tab, 3*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(viewports[0].width, viewports[0].height)); err != nil {
		return []string{err.Error()}
	}
	if err := loadPage(ctx, base, p); err != nil {
		return []string{err.Error()}
	}
	if err := injectAxe(ctx, axeSource); err != nil {
		return []string{err.Error()}
	}
	var msgs []string
	for _, vp := range viewports {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height)); err != nil {
			return append(msgs, err.Error())
		}
		vs, err := axeCheck(ctx)
		if err != nil {
			msgs = append(msgs, vp.name+": "+err.Error())
			continue
		}
		for _, v := range vs {
			msgs = append(msgs, fmt.Sprintf("%s: axe-core %s", vp.name, v))
		}
		l, err := probeLayout(ctx)
		if err != nil {
			msgs = append(msgs, vp.name+": "+err.Error())
			continue
		}
		if l.ScrollWidth > l.InnerWidth {
			msgs = append(msgs, fmt.Sprintf("%s: the page is %d px wide on a %d px screen (horizontal scroll); beyond the edge: %s", vp.name, l.ScrollWidth, l.InnerWidth, strings.Join(l.Wide, "; ")))
		}
		for _, o := range l.Overlaps {
			msgs = append(msgs, fmt.Sprintf("%s, as loaded: label %s", vp.name, o))
		}
		if vp == viewports[0] {
			for _, r := range l.Regions {
				msgs = append(msgs, "table scroll box not focusable, not a region or without a name: "+r)
			}
		}
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fillFields))
	if err != nil {
		return append(msgs, "fill in the fields: "+err.Error())
	}
	if n == 0 {
		return msgs
	}
	for _, vp := range viewports {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height)); err != nil {
			return append(msgs, err.Error())
		}
		l, err := probeLayout(ctx)
		if err != nil {
			msgs = append(msgs, vp.name+": "+err.Error())
			continue
		}
		for _, o := range l.Overlaps {
			msgs = append(msgs, fmt.Sprintf("%s, %d fields filled in: label %s", vp.name, n, o))
		}
	}
	return msgs
}

// evalJSON evaluates script (which returns JSON) into v.
func evalJSON(t *testing.T, ctx context.Context, script string, v any) {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
}

// TestBrowserPhoneLayout checks on a phone what only some pages have: a
// header that leaves the screen to the content, a menu behind a button that
// works with the keyboard (and is a plain bar on a desktop), calendar tables
// read as cards without scrolling sideways, chart labels of at least 12 px.
func TestBrowserPhoneLayout(t *testing.T) {
	needTools(t, false)
	hs := newHarness(t, true)
	ts := httptest.NewServer(hs.h)
	t.Cleanup(ts.Close)
	tab := newTab(t, newBrowser(t), ts.URL, nil)
	phone, desktop := viewports[1], viewports[0]
	if phone.width != 375 || desktop.width != 1280 {
		t.Fatalf("viewports %v: want the desktop first, the 375 px phone second", viewports)
	}
	open := func(vp viewport, path string) {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.EmulateViewport(vp.width, vp.height)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
	}
	const plan = "/ambiti/casarano/piani/pdz-2022-2024"

	// The header of a plan page (the longest menu) on a phone.
	open(phone, plan)
	var h struct {
		Header, Content float64
		Open            bool
		Summary, Link   float64
		Links           int
	}
	const measure = `JSON.stringify({header: document.querySelector('header').getBoundingClientRect().height,
		content: document.querySelector('h1').getBoundingClientRect().top,
		open: document.querySelector('details.pdz-menu').open,
		summary: (b => b.checkVisibility() ? b.getBoundingClientRect().height : 0)(document.getElementById('apri-menu')),
		link: (l => l.checkVisibility() ? l.getBoundingClientRect().height : 0)(document.querySelector('.pdz-menu .nav-link')),
		links: document.querySelectorAll('.pdz-menu .nav-link').length})`
	evalJSON(t, tab, measure, &h)
	phoneHeader := h.Header
	if h.Links < 4 {
		t.Fatalf("the plan page's menu has %d links", h.Links)
	}
	if h.Header > 0.2*float64(phone.height) || h.Content > 0.4*float64(phone.height) {
		t.Errorf("on a %d×%d phone the header is %.0f px high and the title starts at %.0f px: want at most 20%% and 40%% of the screen", phone.width, phone.height, h.Header, h.Content)
	}
	if h.Open || h.Summary == 0 || h.Link != 0 {
		t.Errorf("on a phone the menu should be folded behind its button: open %v, button %.0f px, first link %.0f px high", h.Open, h.Summary, h.Link)
	}
	// With the keyboard: Tab to the button, Enter opens, Tab reaches the
	// first link; Enter on the button again folds the menu.
	tabTo(t, tab, "apri-menu")
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	evalJSON(t, tab, measure, &h)
	if !h.Open || h.Link == 0 {
		t.Errorf("Enter on the menu button: open %v, first link %.0f px high", h.Open, h.Link)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	var first string
	evalJSON(t, tab, `JSON.stringify(document.activeElement === document.querySelector('.pdz-menu .nav-link') ? 'ok' : document.activeElement.outerHTML.slice(0, 120))`, &first)
	if first != "ok" {
		t.Errorf("Tab after opening the menu focuses %s, want its first link", first)
	}

	// On a desktop: no button, the links in a bar, reachable with Tab.
	open(desktop, plan)
	evalJSON(t, tab, measure, &h)
	if h.Summary != 0 || h.Link == 0 {
		t.Errorf("on a desktop the menu button is %.0f px high and the first link %.0f px: want no button and the links shown", h.Summary, h.Link)
	}
	evalJSON(t, tab, `(() => { const l = document.querySelector('.pdz-menu .nav-link'); l.focus(); return JSON.stringify(document.activeElement === l ? 'ok' : 'not focusable'); })()`, &first)
	if first != "ok" {
		t.Errorf("on a desktop the first menu link is %s", first)
	}

	// Calendar tables: cards on a phone, every cell inside the screen and
	// no sideways scroll in the box; a table on a desktop.
	for _, path := range []string{"/ambiti/casarano/percorsi/pdz-2026-2028", "/ambiti/casarano/percorsi/pdz-2026-2028/incontri"} {
		for _, vp := range []viewport{phone, viewports[2], desktop} {
			open(vp, path)
			var c struct {
				Cells, Outside, Scrolling int
				Display                   []string
				EndTimes                  int
			}
			evalJSON(t, tab, `(() => {
				const cells = [...document.querySelectorAll('.pdz-calendar td, .pdz-calendar th[scope=row]')].filter(c => c.textContent.trim());
				const iw = innerWidth;
				return JSON.stringify({cells: cells.length,
					outside: cells.filter(c => { const r = c.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > iw); }).length,
					scrolling: [...document.querySelectorAll('.table-responsive')].filter(b => b.querySelector('.pdz-calendar') && b.scrollWidth > b.clientWidth).length,
					display: [...new Set(cells.map(c => getComputedStyle(c).display))],
					endTimes: cells.filter(c => /^(Alle ore|Orario)$/.test(c.dataset.label || '') && c.textContent.trim() && c.getBoundingClientRect().width > 0).length});
			})()`, &c)
			if c.Cells == 0 || c.EndTimes == 0 {
				t.Fatalf("%s at %d px: %d calendar cells, %d times shown", path, vp.width, c.Cells, c.EndTimes)
			}
			want := "block"
			if vp == desktop {
				want = "table-cell"
			}
			if len(c.Display) != 1 || c.Display[0] != want {
				t.Errorf("%s at %d px: calendar cells display %v, want %s", path, vp.width, c.Display, want)
			}
			if vp != desktop && (c.Outside > 0 || c.Scrolling > 0) {
				t.Errorf("%s at %d px: %d of %d calendar cells beyond the screen, %d calendar boxes scroll sideways", path, vp.width, c.Outside, c.Cells, c.Scrolling)
			}
		}
	}

	// Chart labels: the font size times the scale the SVG is drawn at.
	open(phone, plan+"/profilo")
	var sizes []float64
	evalJSON(t, tab, `JSON.stringify([...document.querySelectorAll('svg.pdz-chart text')].map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))`, &sizes)
	if len(sizes) < 10 {
		t.Fatalf("%d chart labels on the profile page", len(sizes))
	}
	smallest := sizes[0]
	for _, s := range sizes {
		smallest = min(smallest, s)
	}
	if smallest < 12 {
		t.Errorf("on a %d px phone the smallest chart label is %.1f px, want at least 12", phone.width, smallest)
	}
	t.Logf("on a %d px phone: header %.0f px of %d, chart labels from %.1f px", phone.width, phoneHeader, phone.height, smallest)
}
