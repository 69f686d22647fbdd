package pdz_test

import (
	"os"
	"regexp"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// publiccode.yml must satisfy the rules the Developers Italia catalogue's
// parser applies (publiccode.yml standard 0.5, with the upper-case IT
// section). The official parser cannot be fetched on these machines (the
// module proxy refuses it), so the rules it enforces are checked here; the
// vocabularies are copied from the standard's categories and scope lists.
func TestPubliccodeYML(t *testing.T) {
	b, err := os.ReadFile("publiccode.yml")
	if err != nil {
		t.Fatal(err)
	}
	var pc map[string]any
	if err := yaml.Unmarshal(b, &pc); err != nil {
		t.Fatalf("publiccode.yml is not YAML: %v", err)
	}
	str := func(m map[string]any, key string) string {
		s, _ := m[key].(string)
		return s
	}
	list := func(m map[string]any, key string) []string {
		var out []string
		items, _ := m[key].([]any)
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				t.Errorf("%s: %v is not a string", key, it)
			}
			out = append(out, s)
		}
		return out
	}
	section := func(m map[string]any, key string) map[string]any {
		s, ok := m[key].(map[string]any)
		if !ok {
			t.Errorf("section %s missing", key)
			return map[string]any{}
		}
		return s
	}

	if v := str(pc, "publiccodeYmlVersion"); !slices.Contains([]string{"0", "0.4", "0.4.0", "0.5", "0.5.0"}, v) {
		t.Errorf("publiccodeYmlVersion %q: not a current version of the standard", v)
	}
	for _, key := range []string{"name", "url", "developmentStatus", "softwareType"} {
		if str(pc, key) == "" {
			t.Errorf("%s missing", key)
		}
	}
	// Deprecated keys and the lower-case Italian section.
	for _, key := range []string{"it", "monochromeLogo", "inputTypes", "outputTypes"} {
		if _, ok := pc[key]; ok {
			t.Errorf("deprecated key %s present", key)
		}
	}
	if _, ok := pc["IT"]; !ok {
		t.Error("the Italian extension (IT) is missing")
	}
	if d := str(pc, "releaseDate"); d != "" {
		if _, err := time.Parse("2006-01-02", d); err != nil {
			t.Errorf("releaseDate %q is not YYYY-MM-DD", d)
		}
	}
	if !slices.Contains([]string{"concept", "development", "beta", "stable", "obsolete"}, str(pc, "developmentStatus")) {
		t.Errorf("developmentStatus %q not allowed", str(pc, "developmentStatus"))
	}
	if !slices.Contains([]string{"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
		"standalone/backend", "standalone/other", "addon", "library", "configurationFiles"}, str(pc, "softwareType")) {
		t.Errorf("softwareType %q not allowed", str(pc, "softwareType"))
	}
	if len(list(pc, "platforms")) == 0 {
		t.Error("platforms missing")
	}
	cats := list(pc, "categories")
	if len(cats) == 0 {
		t.Error("categories missing")
	}
	for _, c := range cats {
		if !slices.Contains(categories, c) {
			t.Errorf("category %q is not in the standard's list", c)
		}
	}
	audience := section(pc, "intendedAudience")
	for _, s := range list(audience, "scope") {
		if !slices.Contains(scopes, s) {
			t.Errorf("scope %q is not in the standard's list", s)
		}
	}
	for _, c := range list(audience, "countries") {
		if !regexp.MustCompile(`^[A-Za-z]{2}$`).MatchString(c) {
			t.Errorf("country %q is not ISO 3166-1 alpha-2", c)
		}
	}

	desc := section(pc, "description")
	if len(desc) == 0 {
		t.Fatal("description has no language")
	}
	for lang, v := range desc {
		d, _ := v.(map[string]any)
		if _, ok := d["genericName"]; ok {
			t.Errorf("description/%s/genericName is deprecated", lang)
		}
		if n := utf8.RuneCountInString(str(d, "shortDescription")); n == 0 || n > 150 {
			t.Errorf("description/%s/shortDescription: %d characters, want 1 to 150", lang, n)
		}
		if n := utf8.RuneCountInString(str(d, "longDescription")); n < 150 || n > 10000 {
			t.Errorf("description/%s/longDescription: %d characters, want 150 to 10000", lang, n)
		}
		if len(list(d, "features")) == 0 {
			t.Errorf("description/%s/features missing", lang)
		}
	}

	legal := section(pc, "legal")
	if str(legal, "license") != "EUPL-1.2" {
		t.Errorf("legal/license %q, want the project's licence EUPL-1.2", str(legal, "license"))
	}
	if _, ok := legal["authorsFile"]; ok {
		t.Error("legal/authorsFile is deprecated")
	}
	maint := section(pc, "maintenance")
	switch str(maint, "type") {
	case "internal", "community":
		if c, _ := maint["contacts"].([]any); len(c) == 0 {
			t.Error("maintenance/contacts required")
		}
	case "contract":
		if _, ok := maint["contractors"]; !ok {
			t.Error("maintenance/contractors required")
		}
	case "none":
	default:
		t.Errorf("maintenance/type %q not allowed", str(maint, "type"))
	}
	loc := section(pc, "localisation")
	if _, ok := loc["localisationReady"].(bool); !ok {
		t.Error("localisation/localisationReady missing")
	}
	if len(list(loc, "availableLanguages")) == 0 {
		t.Error("localisation/availableLanguages missing")
	}
	it := section(pc, "IT")
	if v := str(it, "countryExtensionVersion"); v != "0.2" && v != "1.0" {
		t.Errorf("IT/countryExtensionVersion %q, want 1.0", v)
	}
}

// From the standard's docs/standard/scope-list.rst.
var scopes = []string{"agriculture", "culture", "defence", "education", "emergency-services", "employment",
	"energy", "environment", "finance-and-economic-development", "foreign-affairs", "healthcare",
	"infrastructures", "justice", "local-authorities", "manufacturing", "research", "science-and-technology",
	"security", "society", "sport", "tourism", "transportation", "welfare"}

// From the standard's docs/standard/categories-list.rst.
var categories = []string{"accounting", "agile-project-management", "applicant-tracking",
	"application-development", "appointment-scheduling", "backup", "billing-and-invoicing", "blog", "budgeting",
	"business-intelligence", "business-process-management", "cad", "call-center-management", "cloud-management",
	"collaboration", "communications", "compliance-management", "contact-management", "content-management",
	"crm", "customer-service-and-support", "data-analytics", "data-collection", "data-visualization",
	"digital-asset-management", "digital-citizenship", "document-management", "donor-management", "e-commerce",
	"e-signature", "email-management", "email-marketing", "employee-management", "enterprise-project-management",
	"enterprise-social-networking", "erp", "event-management", "facility-management",
	"feedback-and-reviews-management", "financial-reporting", "fleet-management", "fundraising", "gamification",
	"geographic-information-systems", "grant-management", "graphic-design", "help-desk", "hr", "ide",
	"identity-management", "instant-messaging", "inventory-management", "it-asset-management", "it-development",
	"it-management", "it-security", "it-service-management", "knowledge-management",
	"learning-management-system", "marketing", "mind-mapping", "mobile-marketing", "mobile-payment",
	"network-management", "office", "online-booking", "online-community", "payment-gateway", "payroll",
	"predictive-analysis", "procurement", "productivity-suite", "project-collaboration", "project-management",
	"property-management", "real-estate-management", "remote-support", "resource-management",
	"sales-management", "seo", "service-desk", "social-media-management", "survey", "talent-management",
	"task-management", "taxes-management", "test-management", "time-management", "time-tracking", "translation",
	"video-conferencing", "video-editing", "visitor-management", "voip", "warehouse-management",
	"web-collaboration", "web-conferencing", "website-builder", "workflow-management"}
