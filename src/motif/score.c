/* score.c: matches in, importance per match out (see score.h): reading BED6+ matches,
 * opening an explain npz, mapping matches to rows, summing windows, scanning on the fly. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/bgzf.h>
#include <htslib/khash.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"
#include "io/npz_read.h"
#include "motif/scan_pick.h"
#include "motif/score.h"
#include "io/seqio.h"

KHASH_MAP_INIT_STR(mf_rowidx, size_t)

struct mf_scores {
	mf_npzr_t *z;
	const mf_npy_info_t *arr; /* (n, L, 4, T) */
	size_t n, L;
	int T;
	char **names, **tasks, **chrom;
	int64_t *start, *end;
	size_t *by_pos;           /* genomic: rows sorted by chrom, start */
	int64_t max_len;          /* genomic: the longest row, bounds the search */
	khash_t(mf_rowidx) *idx;  /* name -> row (names mode) */
};

/* ---- matches -------------------------------------------------------------------------- */

#define N_DEFAULT_COLS 9
static const char *const default_cols[N_DEFAULT_COLS] = {"chrom", "start", "end", "motif",
	"score", "strand", "logodds", "pvalue", "sequence"};

static void free_cols(mf_matches_t *m)
{
	for (int i = 0; i < m->n_cols; ++i)
		free(m->cols[i]);
	free(m->cols);
	m->cols = NULL, m->n_cols = 0;
}

/* Column names from "# ... columns: a b c" (words after the colon). */
static int parse_columns(mf_matches_t *m, const char *line)
{
	const char *p = strstr(line, "columns:");
	if (!p)
		return 0;
	free_cols(m);
	char *copy = strdup(p + 8), *save = NULL;
	if (!copy)
		return -1;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		char **c = realloc(m->cols, (size_t)(m->n_cols + 1) * sizeof *c);
		if (!c || !(c[m->n_cols] = strdup(w))) {
			m->cols = c ? c : m->cols;
			free(copy);
			return -1;
		}
		m->cols = c, ++m->n_cols;
	}
	free(copy);
	return 0;
}

/* Splits the row into the fields score needs; -1 with *why set on a malformed row. */
static int parse_match(mf_match_t *x, const char *line, const char **why)
{
	char *f[8] = {0};
	int nf = 0;
	char *copy = strdup(line), *p = copy;
	if (!copy)
		return *why = "out of memory", -1;
	while (p && nf < 8) {
		f[nf++] = p;
		if ((p = strchr(p, '\t')))
			*p++ = '\0';
	}
	char *e1, *e2;
	x->start = nf >= 4 ? strtoll(f[1], &e1, 10) : -1;
	x->end = nf >= 4 ? strtoll(f[2], &e2, 10) : -1;
	if (nf < 4 || *e1 || *e2 || x->start < 0 || x->end <= x->start) {
		free(copy);
		return *why = nf < 4 ? "expected at least 4 tab-separated columns (BED4+)" :
			"start/end are not 0 <= start < end integers", -1;
	}
	char *e7 = NULL;
	x->logodds = nf >= 7 ? strtod(f[6], &e7) : NAN;
	if (nf >= 7 && (*e7 || e7 == f[6]))
		x->logodds = NAN;
	x->seq = strdup(f[0]);
	x->motif = strdup(f[3]);
	x->line = strdup(line);
	x->row = -1;
	free(copy);
	return x->seq && x->motif && x->line ? 0 : (*why = "out of memory", -1);
}

static int push_match(mf_matches_t *m, const mf_match_t *x)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		mf_match_t *a = realloc(m->a, cap * sizeof *a);
		if (!a)
			return -1;
		m->a = a, m->cap = cap;
	}
	m->a[m->n++] = *x;
	return 0;
}

static int set_default_cols(mf_matches_t *m)
{
	if (m->n_cols)
		return 0;
	if (!(m->cols = calloc(N_DEFAULT_COLS, sizeof *m->cols)))
		return -1;
	for (m->n_cols = 0; m->n_cols < N_DEFAULT_COLS; ++m->n_cols)
		if (!(m->cols[m->n_cols] = strdup(default_cols[m->n_cols])))
			return -1;
	return 0;
}

static int is_comment(const char *s)
{
	return s[0] == '#' || strncmp(s, "track", 5) == 0 || strncmp(s, "browser", 7) == 0;
}

int mf_matches_load(const char *path, mf_matches_t *m)
{
	BGZF *fp = bgzf_open(path, "r");
	if (!fp) {
		mf_error("cannot open matches '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	kstring_t line = {0, 0, NULL};
	long lineno = 0;
	int ret, rc = 0;
	while (rc == 0 && (ret = mf_bgzf_getline(fp, &line)) >= 0) {
		++lineno;
		if (mf_kline_has_cr(&line)) {
			mf_error("%s: line %ld: %s", path, lineno, MF_CR_ONLY_HINT);
			rc = -1;
			break;
		}
		while (line.l && (line.s[line.l - 1] == '\r'))
			line.s[--line.l] = '\0';
		if (line.l == 0)
			continue;
		if (is_comment(line.s)) {
			rc = line.s[0] == '#' ? parse_columns(m, line.s) : 0;
			if (line.s[0] == '#' && strstr(line.s, "log-odds in nats"))
				m->nats = 1;
			continue;
		}
		mf_match_t x = {0};
		const char *why = NULL;
		if (parse_match(&x, line.s, &why) < 0 || push_match(m, &x) < 0) {
			mf_error("%s: line %ld: %s", path, lineno, why ? why : "out of memory");
			free(x.line), free(x.seq), free(x.motif);
			rc = -1;
		}
	}
	if (rc == 0 && (ret < -1 || fp->errcode)) {
		mf_error("%s: read error: the file is truncated or corrupt", path);
		rc = -1;
	}
	bgzf_close(fp);
	free(line.s);
	if (rc == 0 && set_default_cols(m) < 0) {
		mf_error("out of memory");
		rc = -1;
	}
	return rc;
}

void mf_matches_free(mf_matches_t *m)
{
	for (size_t i = 0; i < m->n; ++i)
		free(m->a[i].line), free(m->a[i].seq), free(m->a[i].motif);
	free(m->a);
	free_cols(m);
	memset(m, 0, sizeof *m);
}

/* ---- scores --------------------------------------------------------------------------- */

static char **read_strings_n(const mf_scores_t *s, const char *name, size_t want, int required)
{
	const mf_npy_info_t *a = required ? mf_npzr_require(s->z, name) : mf_npzr_find(s->z, name);
	size_t n = 0;
	if (!a)
		return NULL;
	char **v = mf_npzr_read_strings(s->z, a, &n);
	if (v && want != (size_t)-1 && n != want) {
		mf_error("%s: '%s' has %zu entries, expected %zu", mf_npzr_path(s->z), name, n, want);
		mf_strv_free(v, n);
		return NULL;
	}
	return v;
}

static int64_t *read_coords(const mf_scores_t *s, const char *name)
{
	const mf_npy_info_t *a = mf_npzr_require(s->z, name);
	int64_t *v = a && a->count == s->n ? malloc((s->n ? s->n : 1) * sizeof *v) : NULL;
	if (a && a->count != s->n)
		mf_error("%s: '%s' has %zu entries, expected %zu", mf_npzr_path(s->z), name,
			(size_t)a->count, s->n);
	if (v && mf_npzr_read_i64(s->z, a, 0, s->n, v) < 0) {
		free(v);
		return NULL;
	}
	return v;
}

static const mf_scores_t *cmp_ctx; /* qsort has no context argument; set only by sort_rows */

static int cmp_pos(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = strcmp(cmp_ctx->chrom[a], cmp_ctx->chrom[b]);
	if (c)
		return c;
	if (cmp_ctx->start[a] != cmp_ctx->start[b])
		return cmp_ctx->start[a] < cmp_ctx->start[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Genomic mode: rows sorted by (chrom, start) for the covering-row search. */
static int sort_rows(mf_scores_t *s)
{
	if (!(s->by_pos = malloc((s->n ? s->n : 1) * sizeof *s->by_pos)))
		return -1;
	for (size_t i = 0; i < s->n; ++i) {
		s->by_pos[i] = i;
		if (s->end[i] - s->start[i] > s->max_len)
			s->max_len = s->end[i] - s->start[i];
	}
	cmp_ctx = s;
	qsort(s->by_pos, s->n, sizeof *s->by_pos, cmp_pos);
	cmp_ctx = NULL;
	return 0;
}

static int index_names(mf_scores_t *s)
{
	if (!(s->idx = kh_init(mf_rowidx)))
		return -1;
	size_t again = 0, first = 0;
	for (size_t i = 0; i < s->n; ++i) {
		int absent;
		khiter_t k = kh_put(mf_rowidx, s->idx, s->names[i], &absent);
		if (absent < 0)
			return -1;
		if (absent)
			kh_value(s->idx, k) = i;
		else if (again++ == 0)
			first = i;
	}
	if (again) /* once, however many */
		mf_warn("%s: %zu rows have the sequence name of an earlier row (the first: '%s', row %zu); "
			"their matches go to the first row of that name", mf_npzr_path(s->z), again,
			s->names[first], first);
	return 0;
}

static int check_shape(mf_scores_t *s, const char *array)
{
	const mf_npy_info_t *a = s->arr;
	if (a->ndim != 4 || a->shape[2] != 4 || a->kind != 'f') {
		mf_error("%s: '%s' must be a float array of shape (n, L, 4, tasks); found %s with %d "
			"dimensions", mf_npzr_path(s->z), array, a->descr, a->ndim);
		return -1;
	}
	s->n = a->shape[0], s->L = a->shape[1], s->T = (int)a->shape[3];
	return 0;
}

/* The task names; when the npz has none they are task0, task1, ... */
static int load_tasks(mf_scores_t *s)
{
	if (mf_npzr_find(s->z, "tasks"))
		return (s->tasks = read_strings_n(s, "tasks", (size_t)s->T, 1)) ? 0 : -1;
	if (!(s->tasks = calloc((size_t)s->T + 1, sizeof *s->tasks)))
		return -1;
	for (int t = 0; t < s->T; ++t) {
		char buf[32];
		snprintf(buf, sizeof buf, "task%d", t);
		if (!(s->tasks[t] = strdup(buf)))
			return -1;
	}
	return 0;
}

mf_scores_t *mf_scores_open(const char *path, const char *array)
{
	mf_scores_t *s = calloc(1, sizeof *s);
	if (!s || !(s->z = mf_npzr_open(path)) || !(s->arr = mf_npzr_require(s->z, array)) ||
			check_shape(s, array) < 0 || load_tasks(s) < 0 ||
			!(s->names = read_strings_n(s, "names", s->n, 1)))
		goto fail;
	if (mf_npzr_find(s->z, "chrom")) {
		if (!(s->chrom = read_strings_n(s, "chrom", s->n, 1)) ||
				!(s->start = read_coords(s, "start")) || !(s->end = read_coords(s, "end")) ||
				sort_rows(s) < 0)
			goto fail;
	} else if (index_names(s) < 0) {
		mf_error("out of memory");
		goto fail;
	}
	return s;
fail:
	mf_scores_close(s);
	return NULL;
}

void mf_scores_close(mf_scores_t *s)
{
	if (!s)
		return;
	mf_strv_free(s->names, s->names ? s->n : 0);
	mf_strv_free(s->tasks, s->tasks ? (size_t)s->T : 0);
	mf_strv_free(s->chrom, s->chrom ? s->n : 0);
	free(s->start), free(s->end), free(s->by_pos);
	if (s->idx)
		kh_destroy(mf_rowidx, s->idx);
	mf_npzr_close(s->z);
	free(s);
}

size_t mf_scores_nrows(const mf_scores_t *s) { return s->n; }
size_t mf_scores_length(const mf_scores_t *s) { return s->L; }
int mf_scores_ntasks(const mf_scores_t *s) { return s->T; }
const char *mf_scores_task(const mf_scores_t *s, int t) { return s->tasks[t]; }
const char *mf_scores_name(const mf_scores_t *s, size_t row) { return s->names[row]; }
const char *mf_scores_path(const mf_scores_t *s) { return mf_npzr_path(s->z); }
int mf_scores_genomic(const mf_scores_t *s) { return s->chrom != NULL; }

/* First index in by_pos whose (chrom, start) >= (chrom, from). */
static size_t lower_bound(const mf_scores_t *s, const char *chrom, int64_t from)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, r = s->by_pos[mid];
		int c = strcmp(s->chrom[r], chrom);
		if (c < 0 || (c == 0 && s->start[r] < from))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The covering row whose centre is nearest the match's (see score.h), or -1. */
static long locate_genomic(const mf_scores_t *s, const mf_match_t *x)
{
	long best = -1;
	int64_t best_d = 0, mid2 = x->start + x->end; /* centres doubled: stay integral */
	for (size_t k = lower_bound(s, x->seq, x->end - s->max_len); k < s->n; ++k) {
		size_t r = s->by_pos[k];
		if (strcmp(s->chrom[r], x->seq) != 0 || s->start[r] > x->start)
			break;
		if (x->end > s->end[r] || s->end[r] - s->start[r] > (int64_t)s->L)
			continue;
		int64_t d = llabs(s->start[r] + s->end[r] - mid2);
		if (best < 0 || d < best_d || (d == best_d && (long)r < best))
			best = (long)r, best_d = d;
	}
	return best;
}

long mf_scores_locate(const mf_scores_t *s, mf_matches_t *m)
{
	long unmapped = 0;
	for (size_t i = 0; i < m->n; ++i) {
		mf_match_t *x = &m->a[i];
		x->row = -1;
		if (s->chrom) {
			x->row = locate_genomic(s, x);
			x->off = x->row >= 0 ? x->start - s->start[x->row] : 0;
		} else {
			khiter_t k = kh_get(mf_rowidx, s->idx, x->seq);
			if (k != kh_end(s->idx) && x->end <= (int64_t)s->L)
				x->row = (long)kh_value(s->idx, k), x->off = x->start;
		}
		unmapped += x->row < 0;
	}
	return unmapped;
}

int mf_scores_window(const mf_scores_t *s, size_t row, int64_t off, int64_t len, double *sums)
{
	size_t T = (size_t)s->T, per_pos = 4 * T;
	if (row >= s->n || off < 0 || len < 0 || (size_t)(off + len) > s->L) {
		mf_error("%s: window %lld+%lld of row %zu is outside the (%zu, %zu) scores",
			mf_npzr_path(s->z), (long long)off, (long long)len, row, s->n, s->L);
		return -1;
	}
	size_t cells = (size_t)len * per_pos;
	float *buf = malloc((cells ? cells : 1) * sizeof *buf);
	if (!buf) {
		mf_error("out of memory");
		return -1;
	}
	uint64_t first = ((uint64_t)row * s->L + (uint64_t)off) * per_pos;
	int rc = mf_npzr_read_f32(s->z, s->arr, first, (size_t)len * per_pos, buf);
	for (size_t t = 0; t < T; ++t) {
		double acc = 0;
		for (size_t k = 0; rc == 0 && k < (size_t)len * 4; ++k)
			acc += buf[k * T + t];
		sums[t] = acc;
	}
	free(buf);
	return rc;
}

/* ---- scanning on the fly --------------------------------------------------------------- */

/* Row r's sequence from the one-hot array: the hot channel's letter, N when none. */
static int decode_row(const mf_scores_t *s, const mf_npy_info_t *oh, size_t r, float *buf,
		char *seq)
{
	if (mf_npzr_read_f32(s->z, oh, (uint64_t)r * s->L * 4, s->L * 4, buf) < 0)
		return -1;
	for (size_t p = 0; p < s->L; ++p) {
		seq[p] = 'N';
		for (int c = 0; c < 4; ++c)
			if (buf[p * 4 + c] > 0.5f)
				seq[p] = "ACGT"[c];
	}
	seq[s->L] = '\0';
	return 0;
}

/* A hit as a match row in motiflift scan's format. */
static int hit_to_match(const mf_scores_t *s, size_t r, const mf_pwm_t *p, const mf_hit_t *h,
		double unit, const char *seq, mf_matches_t *m)
{
	int64_t base = s->chrom ? s->start[r] : 0;
	int score = h->pvalue > 0 ? (int)fmin(1000, floor(-100 * log10(h->pvalue))) : 1000;
	char *word = strndup(seq + h->pos, (size_t)p->w);
	if (!word)
		return -1;
	if (h->strand) /* as read on the motif's strand */
		for (int i = 0, j = p->w - 1; i <= j; ++i, --j) {
			char a = word[i], b = word[j];
			word[i] = "TGCAN"[mf_nt4[(unsigned char)b] < 4 ? mf_nt4[(unsigned char)b] : 4];
			word[j] = "TGCAN"[mf_nt4[(unsigned char)a] < 4 ? mf_nt4[(unsigned char)a] : 4];
		}
	kstring_t ks = {0, 0, NULL};
	ksprintf(&ks, "%s\t%lld\t%lld\t%s\t%d\t%c\t%.4f\t%.3g\t%s", s->chrom ? s->chrom[r] : s->names[r],
		(long long)(base + h->pos), (long long)(base + h->pos + p->w), p->name, score,
		h->strand ? '-' : '+', h->score * unit, h->pvalue, word);
	free(word);
	mf_match_t x = {0};
	const char *why = NULL;
	int rc = ks.s && parse_match(&x, ks.s, &why) == 0 ? 0 : -1;
	free(ks.s);
	if (rc == 0) {
		x.row = (long)r, x.off = h->pos;
		rc = push_match(m, &x);
	}
	if (rc < 0)
		free(x.line), free(x.seq), free(x.motif);
	return rc;
}

/* One row's matches of motif k: the top-k of scan's options, or the notebook's greedy pick. */
static int scan_row(const mf_scores_t *s, const mf_pwm_t *p, int k, const char *seq,
		const mf_scanfile_opt_t *o, mf_hits_t *h)
{
	mf_scan_opt_t every = o->scan;
	every.top = 0;
	size_t first = h->n, w = (size_t)p->w;
	if (mf_scan_range(p, k, seq, s->L, 0, s->L, o->greedy ? &every : &o->scan, h, NULL) < 0)
		return -1;
	if (o->greedy)
		return mf_hits_pick_greedy(h, first, p->w, s->L >= w ? (int64_t)(s->L - w + 1) : 0,
			o->scan.top);
	if (o->scan.top > 0)
		mf_hits_top(h, first, p->w, &o->scan);
	return 0;
}

int mf_scores_scan(const mf_scores_t *s, mf_pwm_t *const *pwm, int n_pwm,
		const mf_scanfile_opt_t *o, mf_matches_t *m)
{
	const mf_npy_info_t *oh = mf_npzr_require(s->z, "onehot");
	if (!oh)
		return -1;
	if (oh->ndim != 3 || oh->shape[0] != s->n || oh->shape[1] != s->L || oh->shape[2] != 4) {
		mf_error("%s: 'onehot' must have shape (%zu, %zu, 4)", mf_npzr_path(s->z), s->n, s->L);
		return -1;
	}
	float *buf = malloc(s->L * 4 * sizeof *buf + 1);
	char *seq = malloc(s->L + 1);
	mf_hits_t h = {0};
	int rc = buf && seq ? 0 : -1;
	for (size_t r = 0; rc == 0 && r < s->n; ++r) {
		rc = decode_row(s, oh, r, buf, seq);
		h.n = 0;
		for (int k = 0; rc == 0 && k < n_pwm; ++k)
			rc = scan_row(s, pwm[k], k, seq, o, &h);
		if (rc == 0)
			mf_hits_sort_pos(&h, 0);
		for (size_t i = 0; rc == 0 && i < h.n; ++i)
			rc = hit_to_match(s, r, pwm[h.a[i].motif], &h.a[i], o->nats ? M_LN2 : 1, seq, m);
	}
	if (rc < 0 && (!buf || !seq))
		mf_error("out of memory");
	free(buf), free(seq);
	mf_hits_free(&h);
	m->nats = o->nats;
	return rc == 0 ? set_default_cols(m) : -1;
}
