#!/bin/sh
# The folders of src/ form layers: a folder includes only its own headers and those of
# the folders it is allowed to use (doc/ARCHITECTURE.md), and every project include names
# its folder. Exits 1 with one line per offending include.
set -u
src="${TESTS_SRCDIR:-$(dirname "$0")}/../src"
allowed() {
	case "$1" in
	base) echo "base" ;;
	io) echo "base io" ;;
	model) echo "base io model" ;;
	explain) echo "base io model explain" ;;
	motif) echo "base io motif" ;;
	sim) echo "base io motif sim" ;;
	discover) echo "base io motif discover" ;;
	cli) echo "base io model explain motif sim cli discover" ;;
	*) echo "" ;;
	esac
}
bad=0
for dir in "$src"/*/; do
	folder=$(basename "$dir")
	ok=$(allowed "$folder")
	if [ -z "$ok" ]; then
		echo "layers: src/$folder has no place in the layer order (tests/layers.sh, doc/ARCHITECTURE.md)"
		bad=1
		continue
	fi
	for f in "$dir"*.c "$dir"*.h; do
		[ -e "$f" ] || continue
		grep -n '^#include "' "$f" | while IFS= read -r line; do
			inc=$(printf '%s\n' "$line" | sed 's/.*#include "\([^"]*\)".*/\1/')
			[ "$inc" = config.h ] && continue
			case "$inc" in
			*/*) target=${inc%%/*} ;;
			*) echo "layers: src/$folder/$(basename "$f"):${line%%:*}: \"$inc\" does not name its folder"; echo x; continue ;;
			esac
			case " $ok " in
			*" $target "*) ;;
			*) echo "layers: src/$folder/$(basename "$f"):${line%%:*}: includes $inc, but $folder may use only: $ok"; echo x ;;
			esac
		done
	done
done >"${TMPDIR:-/tmp}/layers.$$"
if grep -q '^layers:' "${TMPDIR:-/tmp}/layers.$$" || [ "$bad" = 1 ]; then
	grep '^layers:' "${TMPDIR:-/tmp}/layers.$$"
	rm -f "${TMPDIR:-/tmp}/layers.$$"
	exit 1
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"
echo "layers: ok"
