#!/bin/bash
# Build the Debian package with Debian's tools (dpkg-buildpackage,
# debhelper) from this tree, without writing outside build/:
# dpkg-buildpackage puts its results in the folder above the source tree,
# so the source tree is build/deb/src: a link to each part of the
# repository, build/ linked too, and dist/debian copied in as debian/ (the
# tools write into it). debian/rules runs make in the repository itself:
# the package takes the normal build's programs (compiled with Debian's
# flags, mk/common.mk), there is no second object tree. Prints the .deb's path; lintian's
# verdict goes to build/deb/lintian.txt.
#   usage: build_deb.sh
set -eu
TOP="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$TOP/build/deb"
SRC="$OUT/src"
mkdir -p "$OUT"
# Cache: the key hashes every file the package is made from (tracked or
# not); the same key reuses the .deb of the last build (~0.1 s instead of
# a minute of debhelper on a loaded machine).
cd "$TOP"
key=$( { git ls-files -co --exclude-standard -- Makefile mk host driver contrib docs dist/debian dist/man \
	dist/module.mk dist/pnsd.conf.example dist/build_deb.sh |
	sort | xargs sha256sum; dpkg-query -W debhelper dpkg-dev gcc; } | sha256sum | cut -c1-16)
if [ -f "$OUT/key" ] && [ "$(cat "$OUT/key")" = "$key" ] && ls "$OUT"/pnsd_*_*.deb > /dev/null 2>&1; then
	ls "$OUT"/pnsd_*_*.deb
	exit 0
fi
rm -f "$OUT/key"
rm -rf "$SRC"
mkdir "$SRC"
for e in "$TOP"/* "$TOP"/.gitignore; do
	case "$(basename "$e")" in build|debian) ;; *) ln -s "$e" "$SRC/$(basename "$e")" ;; esac
done
ln -s "$TOP/build" "$SRC/build"
cp -r "$TOP/dist/debian" "$SRC/debian"
# generated from the one source, not copied by hand
cp "$TOP/contrib/pnsd.sysusers" "$SRC/debian/pnsd.sysusers"
rm -f "$OUT"/pnsd_*.deb "$OUT"/pnsd-dbgsym_*.deb "$OUT"/pnsd_*.buildinfo "$OUT"/pnsd_*.changes
(cd "$SRC" && dpkg-buildpackage -b -us -uc --no-sign) > "$OUT/build.log" 2>&1 ||
	{ tail -n 40 "$OUT/build.log" >&2; exit 1; }
deb=$(ls "$OUT"/pnsd_*_*.deb)
# lintian on what was built (-I: informational tags too); its verdict is
# kept next to the .deb and printed by the test
lintian -I --tag-display-limit 0 "$OUT"/pnsd_*.changes > "$OUT/lintian.txt" 2>&1 || true
echo "$key" > "$OUT/key"
echo "$deb"
