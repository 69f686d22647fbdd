#!/usr/bin/env bash
# Writes the part of Bootstrap Italia's stylesheet that our pages use
# (internal/web/static/vendor/bootstrap-italia/css/bootstrap-italia.pdz.min.css)
# from the full one kept in scripts/bootstrap-italia/. Run from the repository
# root after `npm ci` whenever a template, a Go file or our JavaScript starts
# using a Bootstrap Italia class the stylesheet lacks; commit the result.
# TestBootstrapItaliaPurged fails when the committed file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
out=internal/web/static/vendor/bootstrap-italia/css/bootstrap-italia.pdz.min.css
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node_modules/.bin/purgecss --config scripts/bootstrap-italia/purgecss.config.cjs --output "$tmp"
cp "$tmp/bootstrap-italia.min.css" "$out"
wc -c "$out"
