/* gkmer.c: gapped k-mers of a seqlet's top positions, hashed into a dense vector (see
 * gkmer.h). Equal gapped k-mers are pooled in an open-addressing table reused from seqlet
 * to seqlet; the strongest are chosen by quickselect under a total order, so the result
 * does not depend on anything but the seqlet. */
#include "discover/gkmer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"

#define MAX_K 8

#define K_SHIFT 56 /* k is kept in the key's top byte (keys are below 5^22 < 2^56) */

typedef struct {
	int64_t key;      /* the gapped k-mer, sum of (base + 1) * 5^offset, with k << K_SHIFT */
	double score;     /* while pooling, the sum of its positions' attributions over its
	                     occurrences; after, that divided by k (TF-MoDISco's mean) */
} entry_t;

struct mf_gkmer_ws {
	mf_gkmer_opt_t o;
	entry_t *tab;     /* open addressing; key 0 = empty (real keys are > 0) */
	size_t cap, used;
	int shift;        /* 64 - log2(cap) */
	entry_t *list;    /* the table's entries, for selection */
	size_t *slots;    /* the table's used slots, to clear only those */
	int *pos;         /* top positions */
	double *acc;      /* dim accumulators */
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
	w->cap = 1 << 12, w->shift = 64 - 12;
	w->tab = calloc(w->cap, sizeof *w->tab);
	w->list = malloc(w->cap * sizeof *w->list);
	w->slots = malloc(w->cap * sizeof *w->slots);
	w->pos = malloc((size_t)(o->topn > 0 ? o->topn : 1) * sizeof *w->pos);
	w->acc = malloc((size_t)o->dim * sizeof *w->acc);
	if (!w->tab || !w->list || !w->slots || !w->pos || !w->acc) {
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
	free(w->tab), free(w->list), free(w->slots), free(w->pos), free(w->acc);
	free(w);
}

/* Fibonacci hashing: the top bits of key times the golden ratio. */
static size_t slot_of(int64_t key, int shift)
{
	return (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> shift);
}

static int grow(mf_gkmer_ws_t *w)
{
	size_t cap = w->cap * 2;
	entry_t *t = calloc(cap, sizeof *t), *l = malloc(cap * sizeof *l);
	size_t *u = malloc(cap * sizeof *u);
	if (!t || !l || !u) {
		free(t), free(l), free(u);
		return -1;
	}
	for (size_t i = 0; i < w->used; ++i) { /* in insertion order, so the table stays the same */
		const entry_t *e = &w->tab[w->slots[i]];
		size_t s = slot_of(e->key, w->shift - 1);
		while (t[s].key)
			s = (s + 1) & (cap - 1);
		t[s] = *e;
		u[i] = s;
	}
	free(w->tab), free(w->list), free(w->slots);
	w->tab = t, w->list = l, w->slots = u, w->cap = cap, --w->shift;
	return 0;
}

static int add(mf_gkmer_ws_t *w, int64_t key, double score)
{
	if (2 * (w->used + 1) > w->cap && grow(w) < 0)
		return -1;
	size_t s = slot_of(key, w->shift);
	while (w->tab[s].key && w->tab[s].key != key)
		s = (s + 1) & (w->cap - 1);
	if (!w->tab[s].key) {
		w->tab[s].key = key, w->tab[s].score = 0;
		w->slots[w->used++] = s;
	}
	w->tab[s].score += score;
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
 * far, key and attribution sum given) by every later position within max_len. */
static int extend(mf_gkmer_ws_t *w, const gsrc_t *g, int first, int last, int depth, int64_t key,
		double attr)
{
	int p0 = w->pos[first];
	for (int j = last + 1; j < g->n; ++j) {
		int p = w->pos[j], off = p - p0;
		if (off >= w->o.max_len)
			break;
		int b = g->base[p] < 4 ? g->base[p] : 0;
		int64_t k2 = key + (int64_t)(b + 1) * w->pow5[off];
		double a2 = attr + g->imp[p];
		if (depth + 1 >= w->o.min_k && add(w, k2 | (int64_t)(depth + 1) << K_SHIFT, a2) < 0)
			return -1;
		if (depth + 1 < w->o.max_k && extend(w, g, first, j, depth + 1, k2, a2) < 0)
			return -1;
	}
	return 0;
}

static int collect(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len)
{
	for (size_t i = 0; i < w->used; ++i) /* clear what the last seqlet used */
		w->tab[w->slots[i]].key = 0;
	w->used = 0;
	gsrc_t g = {imp, base, top_positions(w, imp, len)};
	for (int i = 0; i < g.n; ++i) {
		int p = w->pos[i], b = base[p] < 4 ? base[p] : 0;
		if (extend(w, &g, i, i, 1, b + 1, imp[p]) < 0)
			return -1;
	}
	for (size_t i = 0; i < w->used; ++i) { /* first-seen order; sums become means */
		entry_t e = w->tab[w->slots[i]];
		e.score /= (double)(e.key >> K_SHIFT);
		w->list[i] = e;
	}
	return (int)w->used;
}

#define KEY_MASK ((((int64_t)1) << K_SHIFT) - 1)

/* Stronger first: |score| descending, then key ascending (a total order). */
static int stronger(const entry_t *a, const entry_t *b)
{
	double x = fabs(a->score), y = fabs(b->score);
	return x > y || (x == y && (a->key & KEY_MASK) < (b->key & KEY_MASK));
}

static void swap(entry_t *a, entry_t *b)
{
	entry_t t = *a;
	*a = *b, *b = t;
}

/* Puts the k strongest of e[0..n) first (in no particular order). */
static void select_top(entry_t *e, int n, int k)
{
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (stronger(&e[hi], &e[lo]))
			swap(&e[hi], &e[lo]);
		if (stronger(&e[mid], &e[lo]))
			swap(&e[mid], &e[lo]);
		if (stronger(&e[hi], &e[mid]))
			swap(&e[hi], &e[mid]);
		entry_t piv = e[mid];
		int i = lo, j = hi;
		while (i <= j) {
			while (stronger(&e[i], &piv))
				++i;
			while (stronger(&piv, &e[j]))
				--j;
			if (i <= j)
				swap(&e[i++], &e[j--]);
		}
		if (k - 1 <= j)
			hi = j;
		else if (k - 1 >= i)
			lo = i;
		else
			break;
	}
}

static int strongest(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len)
{
	int n = collect(w, imp, base, len);
	if (n > w->o.max_entries) {
		select_top(w->list, n, w->o.max_entries);
		n = w->o.max_entries;
	}
	return n;
}

int mf_gkmer_sparse(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len,
		int64_t *keys, double *scores)
{
	int n = strongest(w, imp, base, len);
	for (int i = 0; i < n; ++i)
		keys[i] = w->list[i].key & KEY_MASK, scores[i] = w->list[i].score;
	return n;
}

/* The key of the reverse complement: digits d (base + 1, 0 = gap) at offset r become 5 - d
 * at offset span - r. */
static int64_t rc_key(int64_t key, const int64_t *pow5)
{
	int d[32], n = 0;
	for (int64_t k = key & KEY_MASK; k > 0 && n < 32; k /= 5)
		d[n++] = (int)(k % 5);
	int64_t r = 0;
	for (int i = 0; i < n; ++i)
		if (d[i])
			r += (int64_t)(5 - d[i]) * pow5[n - 1 - i];
	return r;
}

static void hash_into(mf_gkmer_ws_t *w, int n, int rc, float *out)
{
	int dim = w->o.dim;
	memset(w->acc, 0, (size_t)dim * sizeof *w->acc);
	for (int i = 0; i < n; ++i) {
		int64_t key = rc ? rc_key(w->list[i].key, w->pow5) : w->list[i].key;
		uint64_t h = mf_mix64((uint64_t)(key & KEY_MASK) ^ 0x9e3779b97f4a7c15ull);
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
