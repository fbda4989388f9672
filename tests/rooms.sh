#!/bin/sh
# No circles between rooms: from the symbols each object file of libmotiflift defines and
# uses, every room (source file) may call rooms that never call it back, directly or
# through others. Prints each circle and exits 1.
set -u
lib="${MOTIFLIFT_LIB:-$(dirname "${MOTIFLIFT:-./motiflift}")/.libs/libmotiflift.a}"
[ -f "$lib" ] || { echo "rooms: $lib not found"; exit 99; }
nm -A "$lib" | awk '
	{ split($1, p, ":"); obj = p[2]; sub(/\.o$/, "", obj) }
	$(NF-1) == "U" { n_use++; use_obj[n_use] = obj; use_sym[n_use] = $NF; next }
	$(NF-1) ~ /^[TDBR]$/ { def[$NF] = obj; objs[obj] = 1 }
	END {
		for (i = 1; i <= n_use; i++) {
			d = def[use_sym[i]]
			if (d != "" && d != use_obj[i]) { edge[use_obj[i], d] = 1; why[use_obj[i], d] = use_sym[i] }
		}
		# reach[a, b]: a calls b, directly or through other rooms (Warshall)
		for (e in edge) reach[e] = 1
		for (k in objs) for (a in objs) if ((a, k) in reach) for (b in objs)
			if ((k, b) in reach) reach[a, b] = 1
		bad = 0
		for (a in objs) for (b in objs) if (a < b && (a, b) in reach && (b, a) in reach) {
			printf "rooms: %s and %s call each other (%s -> %s: %s; %s -> %s: %s)\n", a, b,
				a, b, ((a, b) in why ? why[a, b] : "through others"),
				b, a, ((b, a) in why ? why[b, a] : "through others")
			bad = 1
		}
		if (!bad) print "rooms: no circles"
		exit bad
	}'
