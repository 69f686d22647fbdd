package web

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
)

// The error summary lists the messages in the order of the fields on the
// page, each linked to its field; it was sorted by the fields' internal
// names (address before name on the sign-up form).
func TestErrorSummaryFollowsThePage(t *testing.T) {
	hs := newHarness(t, true)
	token, _ := hs.get(join2026+"?tipo=organizzazione", nil).doc(t).Find("input[name=token]").Attr("value")
	r := hs.post(join2026, url.Values{"token": {token}, "kind": {"organizzazione"}, "tax_code": {"123"}, "email": {"non-una-mail"}}, nil)
	d := r.doc(t)
	var linked []string
	d.Find("#errori li a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		linked = append(linked, strings.TrimPrefix(href, "#"))
	})
	if len(linked) < 4 {
		t.Fatalf("summary links: %v\n%s", linked, d.Find("#errori").Text())
	}
	// The order of the same ids in the document, and their names' order.
	var onPage []string
	d.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		if id, _ := s.Attr("id"); slices.Contains(linked, id) {
			onPage = append(onPage, id)
		}
	})
	if !slices.Equal(linked, onPage) {
		t.Errorf("summary order %v, page order %v", linked, onPage)
	}
	if byName := slices.Sorted(slices.Values(linked)); slices.Equal(byName, onPage) {
		t.Fatalf("page order equals name order here (%v): the test proves nothing", onPage)
	}
	if n := d.Find("#errori li").Length(); n != len(linked) {
		t.Errorf("%d messages, %d linked: every field of this form is on the page", n, len(linked))
	}
}

// A message for a field the page does not show comes last, unlinked.
func TestErrorListPutsUnplacedFieldsLast(t *testing.T) {
	f := newForm(nil)
	f.Errors = map[string]string{"zeta": "Z", "alfa": "A", "fuori": "F"}
	placeFields(View{"Form": f}, []byte(`<input id="f-zeta"><input id="f-alfa">`))
	got := f.ErrorList()
	want := []FieldError{{"f-zeta", "Z"}, {"f-alfa", "A"}, {"", "F"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// In Chromium, after a failed submission the summary has the focus and
// its links follow the fields in DOM order.
func TestErrorSummaryFocusInBrowser(t *testing.T) {
	needTools(t, false)
	hs := newHarness(t, true)
	ts := httptest.NewServer(hs.h)
	defer ts.Close()
	tab := newTab(t, newBrowser(t), ts.URL, nil)
	if err := chromedp.Do(tab, chromedp.Navigate(ts.URL+join2026+"?tipo=cittadino")); err != nil {
		t.Fatal(err)
	}
	res, err := chromedp.RunResponse(tab, chromedp.Evaluate[chromedp.Void](`document.getElementById('f-email').value = 'non-una-mail';
		document.querySelector('form[enctype]').requestSubmit()`))
	if err != nil || res.Status != 400 {
		t.Fatalf("failed submission: %v %v", res, err)
	}
	var focused string
	for range 40 {
		focused, _ = chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ''`))
		if focused == "errori" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if focused != "errori" {
		t.Errorf("focus on %q after the failed submission, not on the summary", focused)
	}
	// Each link's target follows the previous one's in the document.
	inOrder, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
		const ts = [...document.querySelectorAll('#errori li a')].map(a => document.getElementById(a.getAttribute('href').slice(1)));
		if (ts.length < 3) return 'only ' + ts.length + ' links';
		if (ts.some(t => !t)) return 'a link without its field';
		for (let i = 1; i < ts.length; i++)
			if (!(ts[i-1].compareDocumentPosition(ts[i]) & Node.DOCUMENT_POSITION_FOLLOWING)) return ts[i-1].id + ' after ' + ts[i].id;
		return 'ok';
	})()`))
	if err != nil || inOrder != "ok" {
		t.Errorf("summary order in the browser: %q %v", inOrder, err)
	}
}
