#include "cli/opt.h"

#include <stdio.h>
#include <string.h>

void mf_opt_init(mf_opt_t *s)
{
	memset(s, 0, sizeof *s);
	s->ind = 1;
}

/* Moves argv[i] to the end, keeping the relative order of the other elements. */
static void rotate_to_end(int argc, char **argv, int i)
{
	char *a = argv[i];
	memmove(&argv[i], &argv[i + 1], (size_t)(argc - i - 1) * sizeof(char *));
	argv[argc - 1] = a;
}

static int match_long(mf_opt_t *s, int argc, char **argv, const mf_longopt_t *lo)
{
	const char *name = argv[s->ind] + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const mf_longopt_t *hit = NULL;
	int n_prefix = 0;
	for (const mf_longopt_t *o = lo; o && o->name; ++o) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (strlen(o->name) == len) { /* exact match wins over prefixes */
			hit = o;
			n_prefix = 1;
			break;
		}
		hit = o;
		++n_prefix;
	}
	snprintf(s->bad, sizeof s->bad, "--%.*s", (int)(len < 60 ? len : 60), name);
	++s->ind;
	if (!hit || n_prefix != 1)
		return '?';
	if (hit->has_arg == MF_OPT_NONE) {
		if (eq)
			return '?';
		return hit->val;
	}
	if (eq) {
		s->arg = eq + 1;
	} else {
		if (s->ind >= argc - s->n_operands)
			return ':';
		s->arg = argv[s->ind++];
	}
	return hit->val;
}

static int match_short(mf_opt_t *s, int argc, char **argv, const char *so)
{
	const char *a = argv[s->ind];
	int c = (unsigned char)a[s->pos];
	const char *p = c != ':' ? strchr(so, c) : NULL;
	snprintf(s->bad, sizeof s->bad, "-%c", c);
	if (a[++s->pos] == '\0') {
		++s->ind;
		s->pos = 0;
	}
	if (!p)
		return '?';
	if (p[1] != ':')
		return c;
	if (s->pos) { /* argument glued to the option: -t4 */
		s->arg = a + s->pos;
		++s->ind;
		s->pos = 0;
		return c;
	}
	if (s->ind >= argc - s->n_operands)
		return ':';
	s->arg = argv[s->ind++];
	return c;
}

int mf_opt_next(mf_opt_t *s, int argc, char **argv, const char *shortopts,
		const mf_longopt_t *longopts)
{
	s->arg = NULL;
	if (s->pos == 0) {
		/* skip operands by rotating them to the end, like GNU getopt's permutation */
		while (s->ind < argc - s->n_operands) {
			const char *a = argv[s->ind];
			if (a[0] == '-' && a[1] != '\0')
				break;
			rotate_to_end(argc, argv, s->ind);
			++s->n_operands;
		}
		if (s->ind >= argc - s->n_operands)
			return -1;
		if (strcmp(argv[s->ind], "--") == 0) {
			/* operands seen before "--" go back in front of those after it */
			for (int k = 0; k < s->n_operands; ++k) {
				char *last = argv[argc - 1];
				memmove(&argv[s->ind + 2], &argv[s->ind + 1],
					(size_t)(argc - s->ind - 2) * sizeof(char *));
				argv[s->ind + 1] = last;
			}
			++s->ind;
			s->n_operands = argc - s->ind;
			return -1;
		}
		if (argv[s->ind][1] == '-')
			return match_long(s, argc, argv, longopts);
		s->pos = 1;
	}
	return match_short(s, argc, argv, shortopts);
}
