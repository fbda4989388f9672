/* gkmer.c: gapped k-mers of a seqlet's top positions, hashed into a dense vector (see
 * gkmer.h). The gapped k-mers are listed as they are enumerated, grouped by key with a
 * counting sort (streaming passes, friendlier to the cache than a hash table: this is the
 * hot loop of the embedding) and pooled; the strongest are found with a histogram and
 * quickselect, ties broken in a fixed order, so the result depends on nothing but the
 * seqlet. */
#include "discover/gkmer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"

#define MAX_K 8
#define K_SHIFT 56 /* k is kept in the key's top byte (keys are below 5^22 < 2^56) */
#define KEY_MASK ((((int64_t)1) << K_SHIFT) - 1)

typedef struct {
	int64_t key;      /* the gapped k-mer, sum of (base + 1) * 5^offset, with k << K_SHIFT */
	int64_t rkey;     /* its reverse complement's key (without k) */
	double score;     /* its attribution sum; after pooling, the mean over its k positions
	                     summed over its occurrences (TF-MoDISco's score) */
} entry_t;

struct mf_gkmer_ws {
	mf_gkmer_opt_t o;
	entry_t *list, *tmp; /* the enumerated gapped k-mers, and sorting room */
	size_t cap, used;
	int *pos;         /* top positions */
	double *acc;      /* dim accumulators */
	double *mag;      /* |score| of each pooled gapped k-mer, for the selection */
	int64_t pow5[64];
};

void mf_gkmer_opt_init(mf_gkmer_opt_t *o)
{
	o->topn = 20;
	o->min_k = 4;
	o->max_k = 6;
	o->max_len = 15;
	o->max_entries = 500;
	o->dim = 128;
}

mf_gkmer_ws_t *mf_gkmer_ws_create(const mf_gkmer_opt_t *o)
{
	mf_gkmer_ws_t *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->o = *o;
	if (w->o.max_k > MAX_K)
		w->o.max_k = MAX_K;
	if (w->o.max_len > 22) /* 5 * 5^21 < 2^56: the key leaves room for k */
		w->o.max_len = 22;
	w->cap = 1 << 13;
	w->list = malloc(w->cap * sizeof *w->list);
	w->tmp = malloc(w->cap * sizeof *w->tmp);
	w->pos = malloc((size_t)(o->topn > 0 ? o->topn : 1) * sizeof *w->pos);
	w->acc = malloc((size_t)o->dim * sizeof *w->acc);
	w->mag = malloc(w->cap * sizeof *w->mag);
	if (!w->list || !w->tmp || !w->pos || !w->acc || !w->mag) {
		mf_gkmer_ws_destroy(w);
		return NULL;
	}
	w->pow5[0] = 1;
	for (int i = 1; i < 64; ++i)
		w->pow5[i] = i <= 26 ? w->pow5[i - 1] * 5 : 0;
	return w;
}

void mf_gkmer_ws_destroy(mf_gkmer_ws_t *w)
{
	if (!w)
		return;
	free(w->list), free(w->tmp), free(w->pos), free(w->acc), free(w->mag);
	free(w);
}

static int add(mf_gkmer_ws_t *w, int64_t key, int64_t rkey, double attr)
{
	if (w->used == w->cap) {
		size_t cap = w->cap * 2;
		entry_t *l = realloc(w->list, cap * sizeof *l), *t;
		double *m;
		if (!l)
			return -1;
		w->list = l;
		if (!(t = realloc(w->tmp, cap * sizeof *t)))
			return -1;
		w->tmp = t;
		if (!(m = realloc(w->mag, cap * sizeof *m)))
			return -1;
		w->mag = m, w->cap = cap;
	}
	entry_t *e = &w->list[w->used++];
	e->key = key, e->rkey = rkey, e->score = attr;
	return 0;
}

/* Groups equal keys: a counting sort by a hash of the key into about n/2 buckets, then each
 * (small) bucket sorted by key. The order, (bucket, key), is a fixed one: it breaks ties
 * when the strongest are chosen. */
static int group_by_key(mf_gkmer_ws_t *w)
{
	size_t n = w->used, nb = 64;
	int bits = 6;
	while (nb < n / 2)
		nb <<= 1, ++bits;
	uint32_t *cnt = calloc(nb + 1, sizeof *cnt);
	if (!cnt)
		return -1;
	entry_t *a = w->list, *b = w->tmp;
	for (size_t i = 0; i < n; ++i)
		++cnt[((uint64_t)a[i].key * 0x9e3779b97f4a7c15ull) >> (64 - bits)];
	uint32_t sum = 0;
	for (size_t d = 0; d <= nb; ++d) {
		uint32_t c = cnt[d];
		cnt[d] = sum, sum += c;
	}
	for (size_t i = 0; i < n; ++i)
		b[cnt[((uint64_t)a[i].key * 0x9e3779b97f4a7c15ull) >> (64 - bits)]++] = a[i];
	for (size_t d = 0, lo = 0; d < nb; lo = cnt[d++]) /* cnt[d] is now bucket d's end */
		for (size_t i = lo + 1; i < cnt[d]; ++i) {
			entry_t x = b[i];
			size_t j = i;
			while (j > lo && b[j - 1].key > x.key) {
				b[j] = b[j - 1];
				--j;
			}
			b[j] = x;
		}
	free(cnt);
	w->list = b, w->tmp = a;
	return 0;
}

/* The topn positions of largest imp (ties: leftmost), in position order. */
static int top_positions(mf_gkmer_ws_t *w, const float *imp, int len)
{
	int n = 0, top = w->o.topn < len ? w->o.topn : len;
	for (int p = 0; p < len; ++p) { /* insertion into a list sorted by (imp desc, p asc) */
		int j;
		if (n < top)
			j = n++;
		else if (imp[p] > imp[w->pos[top - 1]])
			j = top - 1;
		else
			continue;
		while (j > 0 && imp[p] > imp[w->pos[j - 1]]) {
			w->pos[j] = w->pos[j - 1];
			--j;
		}
		w->pos[j] = p;
	}
	for (int i = 1; i < n; ++i) { /* back to position order */
		int v = w->pos[i], j = i;
		while (j > 0 && w->pos[j - 1] > v) {
			w->pos[j] = w->pos[j - 1];
			--j;
		}
		w->pos[j] = v;
	}
	return n;
}

typedef struct {
	const float *imp;
	const uint8_t *base;
	int n;
} gsrc_t;

/* Extends the gapped k-mer that starts at pos[first] and ends at pos[last] (depth bases so
 * far: key, its reverse complement's key rkey, and the attribution sum) by every later
 * position within max_len. The new base is the reverse complement's first, so rkey shifts
 * up by the gap and takes the complement's digit at offset 0. */
static int extend(mf_gkmer_ws_t *w, const gsrc_t *g, int first, int last, int depth, int64_t key,
		int64_t rkey, double attr)
{
	int p0 = w->pos[first], span = w->pos[last] - p0;
	for (int j = last + 1; j < g->n; ++j) {
		int p = w->pos[j], off = p - p0;
		if (off >= w->o.max_len)
			break;
		int b = g->base[p] < 4 ? g->base[p] : 0;
		int64_t k2 = key + (int64_t)(b + 1) * w->pow5[off];
		int64_t r2 = rkey * w->pow5[off - span] + (4 - b);
		double a2 = attr + g->imp[p];
		if (depth + 1 >= w->o.min_k && add(w, k2 | (int64_t)(depth + 1) << K_SHIFT, r2, a2) < 0)
			return -1;
		if (depth + 1 < w->o.max_k && extend(w, g, first, j, depth + 1, k2, r2, a2) < 0)
			return -1;
	}
	return 0;
}

static int collect(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len)
{
	w->used = 0;
	gsrc_t g = {imp, base, top_positions(w, imp, len)};
	for (int i = 0; i < g.n; ++i) {
		int p = w->pos[i], b = base[p] < 4 ? base[p] : 0;
		if (extend(w, &g, i, i, 1, b + 1, 4 - b, imp[p]) < 0)
			return -1;
	}
	if (group_by_key(w) < 0)
		return -1;
	size_t m = 0; /* pool equal keys; sums become means */
	for (size_t i = 0; i < w->used;) {
		entry_t e = w->list[i];
		for (++i; i < w->used && w->list[i].key == e.key; ++i)
			e.score += w->list[i].score;
		e.score /= (double)(e.key >> K_SHIFT);
		w->list[m++] = e;
	}
	w->used = m;
	return (int)m;
}

/* The k-th largest of v[0..n) (quickselect; v is reordered). */
static double kth_largest(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1, want = k - 1;
	while (lo < hi) {
		double piv = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] > piv)
				++i;
			while (v[j] < piv)
				--j;
			if (i <= j) {
				double t = v[i];
				v[i++] = v[j], v[j] = t;
				if (j == 0)
					break;
				--j;
			}
		}
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			break;
	}
	return v[want];
}

/* The k-th largest of the n magnitudes w->mag: a 1024-bin histogram finds the bin it falls
 * in, quickselect finishes within that bin. */
static double threshold(mf_gkmer_ws_t *w, size_t n, size_t k)
{
	enum { B = 1024 };
	double most = 0;
	for (size_t i = 0; i < n; ++i)
		most = w->mag[i] > most ? w->mag[i] : most;
	if (!(most > 0))
		return 0;
	uint32_t cnt[B] = {0};
	double scale = B / most;
	for (size_t i = 0; i < n; ++i) {
		int b = (int)(w->mag[i] * scale);
		++cnt[b < B ? b : B - 1];
	}
	size_t above = 0;
	int bin = B - 1;
	while (above + cnt[bin] < k)
		above += cnt[bin--];
	size_t m = 0;
	for (size_t i = 0; i < n; ++i) {
		int b = (int)(w->mag[i] * scale);
		if ((b < B ? b : B - 1) == bin)
			w->mag[m++] = w->mag[i];
	}
	return kth_largest(w->mag, m, k - above);
}

/* Keeps the max_entries strongest pooled gapped k-mers: |score| descending, ties in the list's
 * fixed order. */
static int strongest(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len)
{
	int n = collect(w, imp, base, len);
	size_t k = (size_t)w->o.max_entries;
	if (n < 0 || (size_t)n <= k)
		return n;
	for (int i = 0; i < n; ++i)
		w->mag[i] = fabs(w->list[i].score);
	double t = threshold(w, (size_t)n, k);
	size_t above = 0, m = 0;
	for (int i = 0; i < n; ++i)
		above += fabs(w->list[i].score) > t;
	for (int i = 0; i < n && m < k; ++i) {
		double a = fabs(w->list[i].score);
		if (a > t || (a == t && above < k)) {
			above += a == t;
			w->list[m++] = w->list[i];
		}
	}
	return (int)m;
}

int mf_gkmer_sparse(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len,
		int64_t *keys, double *scores)
{
	int n = strongest(w, imp, base, len);
	for (int i = 0; i < n; ++i)
		keys[i] = w->list[i].key & KEY_MASK, scores[i] = w->list[i].score;
	return n;
}

static void hash_into(mf_gkmer_ws_t *w, int n, int rc, float *out)
{
	int dim = w->o.dim;
	memset(w->acc, 0, (size_t)dim * sizeof *w->acc);
	for (int i = 0; i < n; ++i) {
		int64_t key = rc ? w->list[i].rkey : w->list[i].key & KEY_MASK;
		uint64_t h = mf_mix64((uint64_t)key ^ 0x9e3779b97f4a7c15ull);
		w->acc[h % (uint64_t)dim] += (h >> 63 ? -1.0 : 1.0) * w->list[i].score;
	}
	double ss = 0;
	for (int k = 0; k < dim; ++k)
		ss += w->acc[k] * w->acc[k];
	double inv = ss > 0 ? 1.0 / sqrt(ss) : 0.0;
	for (int k = 0; k < dim; ++k)
		out[k] = (float)(w->acc[k] * inv);
}

int mf_gkmer_embed(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len, float *x,
		float *y)
{
	int n = strongest(w, imp, base, len);
	if (n < 0)
		return -1;
	hash_into(w, n, 0, x);
	hash_into(w, n, 1, y);
	return 0;
}
