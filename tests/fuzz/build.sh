#!/bin/sh
# Builds the libFuzzer harnesses (tests/fuzz/fuzz_*.c) with clang against the library's
# sources, instrumented for coverage and with ASan + UBSan (float-cast-overflow included,
# every report fatal). 'make fuzz' calls it as:
#   build.sh SRCDIR OUTDIR "CPPFLAGS" "LIBS"
# Objects are rebuilt only when their source is newer. FUZZ_CC overrides the compiler.
set -eu
src=$1 out=$2 cppflags=$3 libs=$4
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
SAN="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all"
CFLAGS="-g -O1 -std=gnu11 -fno-omit-frame-pointer -Wno-unknown-pragmas $SAN"
mkdir -p "$out/obj"
objs=""
# every library folder (not the CLI): new modules are picked up by themselves; and the C
# generated at build time in the build tree (src/model/gen/: the ONNX protobuf code)
for c in "$src"/src/*/*.c src/*/gen/*.c; do
	case $c in */src/cli/*) continue ;; esac
	[ -f "$c" ] || continue
	o="$out/obj/$(echo "$(dirname "$c")" | sed 's|.*src/||; s|/|_|g')_$(basename "$c" .c).o"
	if [ ! -f "$o" ] || [ "$c" -nt "$o" ] || [ -n "$(find "$src/src" -name '*.h' -newer "$o" | head -1)" ]; then
		echo "  FUZZCC   $c"
		$CC $CFLAGS -fsanitize=fuzzer-no-link $cppflags -c "$c" -o "$o"
	fi
	objs="$objs $o"
done
rm -f "$out/libfuzz.a"
ar rcs "$out/libfuzz.a" $objs
for h in "$src"/tests/fuzz/fuzz_*.c; do
	t=$(basename "$h" .c)
	echo "  FUZZLD   $out/$t"
	$CC $CFLAGS -fsanitize=fuzzer $cppflags -I"$src/tests/fuzz" \
		-DMF_FUZZ_DATA="\"$(cd "$src/tests/data" && pwd)\"" "$h" "$out/libfuzz.a" $libs -o "$out/$t"
done
