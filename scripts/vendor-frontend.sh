#!/bin/sh
# vendor-frontend.sh copies the browser libraries the pages use from
# node_modules (installed by `npm ci` at the versions package-lock.json pins)
# into internal/web/static/vendor/, and the receipt font into
# internal/cases/fonts/, where the binary embeds them. The copies
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

# DejaVu Sans for the PDF receipts (internal/cases/receipt_font.go): a
# free font with Latin Extended, Greek and Cyrillic, so names print as
# typed. Regular and bold only; fpdf embeds a subset in each PDF.
src=node_modules/dejavu-fonts-ttf
dst=internal/cases/fonts
if [ ! -f "$src/ttf/DejaVuSans.ttf" ]; then
	echo "vendor-frontend: $src is missing; run npm ci first" >&2
	exit 1
fi
rm -rf "$dst"
mkdir -p "$dst"
cp "$src/ttf/DejaVuSans.ttf" "$src/ttf/DejaVuSans-Bold.ttf" "$dst/"
cp "$src/LICENSE" "$dst/LICENSE.txt"
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$src/package.json")
cat >"$dst/README.md" <<EOT
# Receipt font

DejaVuSans.ttf and DejaVuSans-Bold.ttf from the npm package
dejavu-fonts-ttf $version (DejaVu Fonts, https://dejavu-fonts.github.io/),
copied by scripts/vendor-frontend.sh; do not edit. Licence: the DejaVu
fonts licence (Bitstream Vera and Arev fonts licence, free to embed and
redistribute), in LICENSE.txt.

The PDF receipts of cases (receipt_font.go) embed a subset of these
fonts. To update: change the version in package.json, run npm install,
then this script, and commit package-lock.json with the copies.
EOT
echo "vendor-frontend: dejavu-fonts-ttf $version -> $dst"
