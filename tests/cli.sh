#!/bin/sh
# CLI tests: runs every row of cli.tst and the usage contract of every command.
# Rows come from every tests/cli*.tst (cli.tst, then one file per feature, e.g.
# cli_compare.tst). Row format (tab-separated): expected exit code, expectation, shell command.
#   expectation: "out:REGEX" / "err:REGEX" (grep -E on stdout / stderr), "one:REGEX" (stderr is
#   exactly one line, matching REGEX: one error or warning, said once), or "-"
#   in commands: $M is motiflift, $D the test data directory, $T a scratch directory.
set -u
M=${MOTIFLIFT:-./motiflift}
D=${TESTS_SRCDIR:-$(dirname "$0")}/data
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/cli.XXXXXX" 2>/dev/null || mktemp -d)
mkdir -p "$T"
export M D T
pass=0
fail=0

check() { # name, want_exit, expectation, got_exit, out_file, err_file
	ok=1
	[ "$2" = "$4" ] || ok=0
	case $3 in
	out:*) grep -Eq -- "${3#out:}" "$5" || ok=0 ;;
	err:*) grep -Eq -- "${3#err:}" "$6" || ok=0 ;;
	one:*) { grep -Eq -- "${3#one:}" "$6" && [ "$(wc -l <"$6")" -eq 1 ]; } || ok=0 ;;
	esac
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1"
		echo "  wanted exit $2 and '$3', got exit $4"
		sed 's/^/  stdout: /' "$5" | head -5
		sed 's/^/  stderr: /' "$6" | head -5
	fi
}

tab=$(printf '\t')
for table in "${TESTS_SRCDIR:-$(dirname "$0")}"/cli*.tst; do
	while IFS="$tab" read -r want expect cmd; do
		case $want in '' | '#'*) continue ;; esac
		sh -c "$cmd" >"$T/out" 2>"$T/err" </dev/null
		check "$(basename "$table"): $cmd" "$want" "$expect" $? "$T/out" "$T/err"
	done <"$table"
done

# Usage contract: every listed command has --help and 'motiflift help CMD'.
cmds=$("$M" 2>&1 | awk '/^Commands:/{on=1;next} on&&/^  [a-z]/{print $1}' | grep -v '^help$')
[ -n "$cmds" ] || { echo "FAIL: no commands listed by a bare motiflift"; fail=$((fail + 1)); }
for c in $cmds; do
	"$M" "$c" --help >"$T/out" 2>"$T/err"
	check "$c --help" 0 "out:^Usage: motiflift $c" $? "$T/out" "$T/err"
	"$M" help "$c" >"$T/out" 2>"$T/err"
	check "help $c" 0 "out:^Usage: motiflift $c" $? "$T/out" "$T/err"
	"$M" "$c" --no-such-option >"$T/out" 2>"$T/err"
	check "$c --no-such-option" 2 "err:unknown option --no-such-option" $? "$T/out" "$T/err"
	[ -f "${TESTS_SRCDIR:-$(dirname "$0")}/../doc/motiflift-$c.1" ] ||
		{ echo "FAIL: no man page doc/motiflift-$c.1"; fail=$((fail + 1)); }
done

rm -rf "$T"
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
