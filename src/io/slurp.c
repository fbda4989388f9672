/* slurp.c: whole files into memory (slurp.h). */
#include "io/slurp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

char *mf_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		mf_error("%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) { /* doubling; one byte kept free for the '\0' */
		n += fread(buf + n, 1, cap - n - 1, fp);
		if (n < cap - 1)
			break;
		char *nb = cap < ((size_t)1 << 40) ? realloc(buf, cap * 2) : NULL;
		if (!nb) {
			free(buf);
			buf = NULL;
		} else {
			buf = nb;
			cap *= 2;
		}
	}
	int bad = ferror(fp);
	fclose(fp);
	if (!buf || bad) {
		mf_error("%s: %s", path, buf ? "read error" : "out of memory reading the file");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}
