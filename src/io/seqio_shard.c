/* seqio_shard.c: --shard i/n and record counts. The slice depends only on the record count
 * and (i, n), never on threads or batch size, so shard outputs concatenated in shard order
 * are what one run writes. */
#include <errno.h>
#include <stdlib.h>

#include "base/log.h"
#include "io/seqkind.h"

int mf_shard_parse(const char *arg, int *i, int *n)
{
	char *e1, *e2;
	errno = 0;
	long a = strtol(arg, &e1, 10);
	if (e1 == arg || *e1 != '/')
		return -1;
	long b = strtol(e1 + 1, &e2, 10);
	if (e2 == e1 + 1 || *e2 || errno || b < 1 || b > 1000000 || a < 1 || a > b)
		return -1;
	*i = (int)a, *n = (int)b;
	return 0;
}

long mf_seqkind_count(const mf_seqkind_t *kind, const char *path, int quiet)
{
	mf_textlines_t t;
	if (mf_textlines_open(&t, path, quiet) < 0)
		return -1;
	long n = 0;
	int ret;
	while ((ret = mf_textlines_next(&t)) == 1)
		n += kind->starts_record(&t.line, t.lineno);
	mf_textlines_close(&t);
	return ret < 0 ? -1 : n;
}
