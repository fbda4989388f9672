#include "io/nameset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/bgzf.h>
#include <htslib/khash.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"

KHASH_SET_INIT_STR(mf_names)

struct mf_nameset {
	khash_t(mf_names) *h;
};

static int add_name(mf_nameset_t *s, const char *line, size_t len)
{
	size_t n = strcspn(line, " \t\r");
	if (n > len)
		n = len;
	if (n == 0 || line[0] == '#')
		return 0;
	char *k = strndup(line, n);
	if (!k)
		return -1;
	int absent;
	kh_put(mf_names, s->h, k, &absent);
	if (absent < 0) {
		free(k);
		return -1;
	}
	if (!absent)
		free(k);
	return 0;
}

mf_nameset_t *mf_nameset_load(const char *path)
{
	mf_nameset_t *s = calloc(1, sizeof *s);
	BGZF *fp = NULL;
	kstring_t line = {0, 0, NULL};
	if (!s || !(s->h = kh_init(mf_names))) {
		mf_error("out of memory");
		goto fail;
	}
	if (!(fp = bgzf_open(path, "r"))) {
		mf_error("cannot open name list '%s': %s", path, strerror(errno ? errno : EIO));
		goto fail;
	}
	int ret;
	long ln = 0;
	while ((ret = mf_bgzf_getline(fp, &line)) >= 0) {
		++ln;
		if (mf_kline_has_cr(&line)) {
			mf_error("%s: line %ld: %s", path, ln, MF_CR_ONLY_HINT);
			goto fail;
		}
		if (add_name(s, line.s, line.l) < 0) {
			mf_error("out of memory reading '%s'", path);
			goto fail;
		}
	}
	if (ret < -1 || fp->errcode) {
		mf_error("%s: read error: the file is truncated or corrupt", path);
		goto fail;
	}
	if (kh_size(s->h) == 0) { /* would silently select nothing */
		mf_error("%s: the name list is empty", path);
		goto fail;
	}
	bgzf_close(fp);
	free(line.s);
	return s;
fail:
	if (fp)
		bgzf_close(fp);
	free(line.s);
	mf_nameset_destroy(s);
	return NULL;
}

int mf_nameset_has(const mf_nameset_t *s, const char *name)
{
	return kh_get(mf_names, s->h, name) != kh_end(s->h);
}

size_t mf_nameset_size(const mf_nameset_t *s) { return kh_size(s->h); }

void mf_nameset_destroy(mf_nameset_t *s)
{
	if (!s)
		return;
	if (s->h) {
		for (khint_t k = kh_begin(s->h); k != kh_end(s->h); ++k)
			if (kh_exist(s->h, k))
				free((char *)kh_key(s->h, k));
		kh_destroy(mf_names, s->h);
	}
	free(s);
}
