/* opt.h: a reentrant getopt_long replacement. All parser state lives in mf_opt_t,
 * so a command's main can run many times in one process (the unit tests do). */
#ifndef MF_OPT_H
#define MF_OPT_H

enum { MF_OPT_NONE = 0, MF_OPT_REQ = 1 };

typedef struct {
	const char *name; /* long name without the dashes */
	int has_arg;      /* MF_OPT_NONE or MF_OPT_REQ */
	int val;          /* returned when matched: a short letter or a code >= 256 */
} mf_longopt_t;

typedef struct {
	int ind;          /* index of the next argv element; starts at 1 */
	int pos;          /* position inside a bundle of short options */
	const char *arg;  /* argument of the last option, or NULL */
	char bad[64];     /* the offending option text when '?' or ':' is returned */
	int n_operands;   /* operands moved to the end of argv so far */
} mf_opt_t;

void mf_opt_init(mf_opt_t *s);

/* Returns the next option's val, -1 when only operands are left (argv is permuted so
 * operands start at s->ind), '?' for an unknown option and ':' for a missing argument.
 * "--" ends the options; a lone "-" is an operand (stdin). */
int mf_opt_next(mf_opt_t *s, int argc, char **argv, const char *shortopts,
		const mf_longopt_t *longopts);

#endif
