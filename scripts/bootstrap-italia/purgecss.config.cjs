// PurgeCSS settings for the Bootstrap Italia stylesheet the pages load
// (scripts/purge-bootstrap-italia.sh). A rule is kept when every class, id,
// element and attribute of its selector occurs as a word in the templates,
// the Go sources (class names built in Go, e.g. badge colours) or our
// JavaScript. @font-face rules and keyframes go when no kept rule names
// them (our text fonts are declared in pdz.css); custom properties are all
// kept, as pdz.css may use them.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "../..");
const files = [];
function walk(dir, keep) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "testdata" && e.name !== "vendor") walk(p, keep);
    } else if (keep(e.name)) {
      files.push(p);
    }
  }
}
walk(path.join(root, "internal"), (n) => n.endsWith(".html") || (n.endsWith(".go") && !n.endsWith("_test.go")));
walk(path.join(root, "internal/web/static"), (n) => n.endsWith(".js"));

module.exports = {
  css: [path.join(__dirname, "bootstrap-italia.min.css")],
  content: files,
  // Words: runs of letters, digits, "-" and "_" (PurgeCSS's default, made explicit).
  defaultExtractor: (content) => content.match(/[A-Za-z0-9_-]+/g) || [],
  fontFace: true,
  keyframes: true,
  // Classes that no page writes but the browser or Bootstrap's own rules apply.
  safelist: { standard: [/^visually-hidden/] },
};
