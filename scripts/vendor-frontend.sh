#!/bin/sh
# vendor-frontend.sh copies the browser libraries the pages use from
# node_modules (installed by `npm ci` at the versions package-lock.json pins)
# into internal/web/static/vendor/, where the binary embeds them. The copies
# are committed so a Go build needs no npm; never edit them by hand: change
# the version in package.json, run `npm install`, then this script, and
# commit package-lock.json with the copies.
set -eu
cd "$(dirname "$0")/.."

src=node_modules/leaflet
dst=internal/web/static/vendor/leaflet
if [ ! -f "$src/dist/leaflet.js" ]; then
	echo "vendor-frontend: $src is missing; run npm ci first" >&2
	exit 1
fi
rm -rf "$dst"
mkdir -p "$dst/images"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$dst/"
cp "$src/dist/images/"*.png "$dst/images/"
cp "$src/LICENSE" "$dst/LICENSE.txt"
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$src/package.json")
printf 'leaflet %s from npm, copied by scripts/vendor-frontend.sh; do not edit.\n' "$version" >"$dst/VERSION.txt"
echo "vendor-frontend: leaflet $version -> $dst"
