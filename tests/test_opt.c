/* Unit tests for the reentrant option parser and the strict number parsers. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/log.h"
#include "cli/opt.h"
#include "testutil.h"

static const mf_longopt_t lo[] = {
	{"threads", MF_OPT_REQ, 't'}, {"verbose", MF_OPT_NONE, 'v'},
	{"width", MF_OPT_REQ, 'w'}, {"widen", MF_OPT_NONE, 'W'}, {NULL, 0, 0}
};

/* Parses argv and records "c[=arg]," per option, then the operands. */
static void parse(int argc, char **argv, char *out, size_t cap)
{
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	out[0] = '\0';
	while ((c = mf_opt_next(&s, argc, argv, "t:vw:x", lo)) >= 0) {
		size_t l = strlen(out);
		if (s.arg)
			snprintf(out + l, cap - l, "%c=%s,", c, s.arg);
		else
			snprintf(out + l, cap - l, "%c,", c);
	}
	for (int i = s.ind; i < argc; ++i) {
		size_t l = strlen(out);
		snprintf(out + l, cap - l, "[%s]", argv[i]);
	}
}

START_TEST(short_long_bundled_permuted)
{
	char *argv[] = {"cmd", "in.fa", "-vt4", "--width=5", "-", "--threads", "2", "-x", "tail"};
	char out[256];
	parse(9, argv, out, sizeof out);
	ck_assert_str_eq(out, "v,t=4,w=5,t=2,x,[in.fa][-][tail]");
}
END_TEST

START_TEST(double_dash_ends_options_keeping_order)
{
	char *argv[] = {"cmd", "a", "-v", "--", "-b", "c"};
	char out[128];
	parse(6, argv, out, sizeof out);
	ck_assert_str_eq(out, "v,[a][-b][c]");
}
END_TEST

START_TEST(errors_unknown_missing_ambiguous)
{
	char out[128];
	char *a1[] = {"cmd", "--nope"};
	parse(2, a1, out, sizeof out);
	ck_assert_str_eq(out, "?,");
	char *a2[] = {"cmd", "-t"};
	parse(2, a2, out, sizeof out);
	ck_assert_str_eq(out, ":,");
	char *a3[] = {"cmd", "--wid", "3"};
	parse(3, a3, out, sizeof out);
	ck_assert_str_eq(out, "?,[3]"); /* --wid matches --width and --widen */
	char *a4[] = {"cmd", "--thr", "3"};
	parse(3, a4, out, sizeof out);
	ck_assert_str_eq(out, "t=3,");
	char *a5[] = {"cmd", "--verbose=1"};
	parse(2, a5, out, sizeof out);
	ck_assert_str_eq(out, "?,");
}
END_TEST

START_TEST(reentrant)
{
	for (int k = 0; k < 3; ++k) {
		char *argv[] = {"cmd", "-t", "8", "x"};
		char out[64];
		parse(4, argv, out, sizeof out);
		ck_assert_str_eq(out, "t=8,[x]");
	}
}
END_TEST

START_TEST(numbers_are_strict)
{
	long v;
	double d, four[4];
	uint64_t u;
	mf_verbose = MF_LOG_QUIET;
	ck_assert_int_eq(mf_parse_int("t", "-n", "12", 0, 100, &v), 0);
	ck_assert_int_eq(v, 12);
	ck_assert_int_eq(mf_parse_int("t", "-n", "12x", 0, 100, &v), -1);
	ck_assert_int_eq(mf_parse_int("t", "-n", "", 0, 100, &v), -1);
	ck_assert_int_eq(mf_parse_int("t", "-n", "101", 0, 100, &v), -1);
	ck_assert_int_eq(mf_parse_double("t", "-p", "1e-3", 0, 1, &d), 0);
	ck_assert_int_eq(mf_parse_double("t", "-p", "nan", 0, 1, &d), -1);
	ck_assert_int_eq(mf_parse_u64("t", "--seed", "-1", &u), -1);
	ck_assert_int_eq(mf_parse_u64("t", "--seed", "18446744073709551615", &u), 0);
	ck_assert_int_eq(mf_parse_doubles("t", "--bg", "0.3,0.2,0.2,0.3", 4, four), 0);
	ck_assert(tu_close(four[3], 0.3, 0, 1e-12));
	ck_assert_int_eq(mf_parse_doubles("t", "--bg", "0.3,0.2,0.2", 4, four), -1);
	ck_assert_int_eq(mf_parse_doubles("t", "--bg", "0.3,0.2,0.2,0.3,", 4, four), -1);
}
END_TEST

static Suite *opt_suite(void)
{
	Suite *s = suite_create("opt");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, short_long_bundled_permuted);
	tcase_add_test(tc, double_dash_ends_options_keeping_order);
	tcase_add_test(tc, errors_unknown_missing_ambiguous);
	tcase_add_test(tc, reentrant);
	tcase_add_test(tc, numbers_are_strict);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(opt_suite());
}
