#!/usr/bin/env bash
# Refreshes the subset of Bootstrap Italia embedded in the binary (so that
# `go run` needs neither Node nor the internet). Run from the repository root
# after changing the version below; commit the result. The JavaScript bundle
# is left out: no page uses its components, and it was most of a first visit
# (docs/DECISIONS.md, "The first visit on a phone"). The full stylesheet is
# kept outside the embedded tree, in scripts/bootstrap-italia/, and only the
# rules our pages use are embedded (scripts/purge-bootstrap-italia.sh, run at
# the end; needs `npm ci`).
set -euo pipefail
VERSION=2.18.3
dest=internal/web/static/vendor/bootstrap-italia
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap-italia@$VERSION" >/dev/null && tar xzf bootstrap-italia-*.tgz)
src="$tmp/package"
rm -rf "$dest" && mkdir -p "$dest"/{css,svg,fonts}
cp "$src/dist/css/bootstrap-italia.min.css" scripts/bootstrap-italia/
cp "$src/dist/svg/sprites.svg" "$dest/svg/"
for family in Titillium_Web Lora Roboto_Mono; do
  mkdir -p "$dest/fonts/$family"
  cp "$src/dist/fonts/$family/"*.woff2 "$dest/fonts/$family/"
  [ -f "$src/dist/fonts/$family/LICENSE.txt" ] && cp "$src/dist/fonts/$family/LICENSE.txt" "$dest/fonts/$family/" || true
done
cp "$src/LICENSE" "$dest/LICENSE"
echo "$VERSION" > "$dest/VERSION"
bash scripts/purge-bootstrap-italia.sh
du -sh "$dest"
