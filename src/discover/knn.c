/* knn.c: random-projection forest and neighbour descent over coarse seqlet vectors (see
 * knn.h). */
#include "discover/knn.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/rng.h"

void mf_knn_opt_init(mf_knn_opt_t *o)
{
	o->k = 64;
	o->trees = 8;
	o->leaf = 32;
	o->refine = 8;
	o->seed = 1;
}

#define DOT8_BODY                                                                            \
	float acc[8] = {0};                                                                     \
	for (int i = 0; i < dim; i += 8)                                                        \
		for (int c = 0; c < 8; ++c)                                                         \
			acc[c] += a[i + c] * b[i + c];                                                  \
	return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));

static float dot8_plain(const float *a, const float *b, int dim) { DOT8_BODY }

#if defined(__x86_64__) || defined(__i386__)
/* The same lanes 8 wide; no FMA (C11 does not contract), so the same bits. */
__attribute__((target("avx2"))) static float dot8_avx2(const float *a, const float *b, int dim)
{
	DOT8_BODY
}

float mf_dot8(const float *a, const float *b, int dim)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") ? dot8_avx2(a, b, dim) : dot8_plain(a, b, dim);
}
#else
float mf_dot8(const float *a, const float *b, int dim) { return dot8_plain(a, b, dim); }
#endif

float mf_knn_sim(const float *x, const float *y, int dim, size_t i, size_t j)
{
	const float *xi = x + i * (size_t)dim;
	float f = mf_dot8(xi, x + j * (size_t)dim, dim), r = mf_dot8(xi, y + j * (size_t)dim, dim);
	return f >= r ? f : r;
}

/* ---- one tree ------------------------------------------------------------------------- */

typedef struct {
	int32_t *idx;      /* the 2n points (p < n: x_p, else y_{p-n}), grouped by leaf */
	int32_t *leaf_of;  /* each point's leaf */
	int32_t *leaf_lo;  /* each leaf's first index in idx; leaf_lo[nleaf] = 2n */
	int32_t nleaf;
} tree_t;

typedef struct {
	const float *x, *y;
	size_t n;
	int dim, leaf;
	uint64_t seed;
} forest_in_t;

static const float *point(const forest_in_t *f, int32_t p)
{
	return (size_t)p < f->n ? f->x + (size_t)p * (size_t)f->dim : f->y + ((size_t)p - f->n) * (size_t)f->dim;
}

/* Splits idx[lo, hi) by the hyperplane between two of its points; returns the split point
 * (lo < mid < hi). Points exactly on the plane, and sets that do not split, are halved. */
static int32_t split(const forest_in_t *f, int32_t *idx, int32_t lo, int32_t hi, uint64_t h,
		float *normal)
{
	int32_t m = hi - lo;
	int32_t a = lo + (int32_t)(h % (uint64_t)m), b = lo + (int32_t)((h >> 32) % (uint64_t)(m - 1));
	if (b >= a)
		++b;
	const float *pa = point(f, idx[a]), *pb = point(f, idx[b]);
	for (int d = 0; d < f->dim; ++d)
		normal[d] = pa[d] - pb[d];
	int32_t i = lo, j = hi - 1;
	while (i <= j) {
		float s = mf_dot8(point(f, idx[i]), normal, f->dim);
		if (s > 0 || (s == 0 && (idx[i] & 1))) {
			++i;
		} else {
			int32_t t = idx[i];
			idx[i] = idx[j], idx[j] = t;
			--j;
		}
	}
	return i > lo && i < hi ? i : lo + m / 2;
}

static int grow_tree(const forest_in_t *f, tree_t *t, int tree_no)
{
	int32_t n2 = (int32_t)(2 * f->n);
	int32_t *stack = malloc(2 * (size_t)(n2 + 1) * sizeof *stack), top = 0;
	float *normal = malloc((size_t)f->dim * sizeof *normal);
	t->idx = malloc((size_t)n2 * sizeof *t->idx);
	t->leaf_of = malloc((size_t)n2 * sizeof *t->leaf_of);
	t->leaf_lo = malloc(((size_t)n2 + 2) * sizeof *t->leaf_lo);
	if (!stack || !normal || !t->idx || !t->leaf_of || !t->leaf_lo) {
		free(stack), free(normal);
		return -1;
	}
	for (int32_t p = 0; p < n2; ++p)
		t->idx[p] = p;
	t->nleaf = 0;
	stack[top++] = 0, stack[top++] = n2;
	while (top > 0) { /* depth first, left part first: leaves come out in idx order */
		int32_t hi = stack[--top], lo = stack[--top];
		if (hi - lo <= f->leaf) {
			t->leaf_lo[t->nleaf] = lo;
			for (int32_t i = lo; i < hi; ++i)
				t->leaf_of[t->idx[i]] = t->nleaf;
			++t->nleaf;
			continue;
		}
		uint64_t h = mf_mix64(f->seed ^ mf_mix64(((uint64_t)tree_no << 40) ^ ((uint64_t)lo << 20) ^ (uint64_t)hi));
		int32_t mid = split(f, t->idx, lo, hi, h, normal);
		stack[top++] = mid, stack[top++] = hi;
		stack[top++] = lo, stack[top++] = mid;
	}
	t->leaf_lo[t->nleaf] = n2;
	free(stack), free(normal);
	return 0;
}

static void free_tree(tree_t *t)
{
	free(t->idx), free(t->leaf_of), free(t->leaf_lo);
}

/* ---- the best k of one row -------------------------------------------------------------- */

typedef struct {
	int32_t *j;
	float *s;
	int n, k;
} topk_t;

static void topk_add(topk_t *t, int32_t j, float s)
{
	int p = t->n;
	if (p == t->k) {
		if (s < t->s[p - 1] || (s == t->s[p - 1] && j > t->j[p - 1]))
			return;
		--p;
	} else {
		++t->n;
	}
	while (p > 0 && (s > t->s[p - 1] || (s == t->s[p - 1] && j < t->j[p - 1]))) {
		t->s[p] = t->s[p - 1], t->j[p] = t->j[p - 1];
		--p;
	}
	t->s[p] = s, t->j[p] = j;
}

typedef struct {
	uint32_t *seen;
	uint32_t gen;
	size_t n;
} marks_t;

static int fresh(marks_t *m, int32_t j)
{
	if (m->seen[j] == m->gen)
		return 0;
	m->seen[j] = m->gen;
	return 1;
}

static void next_row(marks_t *m)
{
	if (++m->gen == 0) { /* wrapped: start over */
		m->gen = 1;
		memset(m->seen, 0, m->n * sizeof *m->seen);
	}
}

/* Row i from the forest's leaves. */
static void forest_row(const forest_in_t *f, const tree_t *trees, int ntrees, size_t i, marks_t *m,
		topk_t *t)
{
	next_row(m);
	m->seen[i] = m->gen;
	for (int tr = 0; tr < ntrees; ++tr)
		for (int side = 0; side < 2; ++side) {
			const tree_t *T = &trees[tr];
			int32_t leaf = T->leaf_of[(size_t)side * f->n + i];
			for (int32_t q = T->leaf_lo[leaf]; q < T->leaf_lo[leaf + 1]; ++q) {
				int32_t j = T->idx[q] < (int32_t)f->n ? T->idx[q] : T->idx[q] - (int32_t)f->n;
				if (fresh(m, j))
					topk_add(t, j, mf_knn_sim(f->x, f->y, f->dim, i, (size_t)j));
			}
		}
}

/* Row i improved by the neighbours of its first r neighbours (rows of the previous pass). */
static void descent_row(const forest_in_t *f, const int32_t *nbr, int k, int r, size_t i,
		marks_t *m, topk_t *t)
{
	next_row(m);
	m->seen[i] = m->gen;
	for (int a = 0; a < t->n; ++a)
		m->seen[t->j[a]] = m->gen;
	for (int a = 0; a < r && a < k; ++a) {
		int32_t j = nbr[i * (size_t)k + (size_t)a];
		if (j < 0)
			break;
		for (int b = 0; b < r && b < k; ++b) {
			int32_t q = nbr[(size_t)j * (size_t)k + (size_t)b];
			if (q < 0)
				break;
			if (fresh(m, q))
				topk_add(t, q, mf_knn_sim(f->x, f->y, f->dim, i, (size_t)q));
		}
	}
}

static void store_row(const topk_t *t, int k, size_t i, int32_t *nbr, float *sim)
{
	for (int a = 0; a < k; ++a) {
		nbr[i * (size_t)k + (size_t)a] = a < t->n ? t->j[a] : -1;
		sim[i * (size_t)k + (size_t)a] = a < t->n ? t->s[a] : 0.0f;
	}
}

static void load_row(topk_t *t, int k, size_t i, const int32_t *nbr, const float *sim)
{
	t->n = 0;
	for (int a = 0; a < k && nbr[i * (size_t)k + (size_t)a] >= 0; ++a) {
		t->j[a] = nbr[i * (size_t)k + (size_t)a], t->s[a] = sim[i * (size_t)k + (size_t)a];
		++t->n;
	}
}

/* pass 0: rows from the forest into (nbr, sim); pass 1: descent from (nbr, sim) into (n2, s2). */
static int search_rows(const forest_in_t *f, const tree_t *trees, const mf_knn_opt_t *o,
		int threads, int pass, const int32_t *nbr_in, int32_t *nbr, float *sim)
{
	int failed = 0;
#pragma omp parallel num_threads(threads) reduction(|:failed)
	{
		marks_t m = {calloc(f->n, sizeof(uint32_t)), 0, f->n};
		topk_t t = {malloc((size_t)o->k * sizeof(int32_t)), malloc((size_t)o->k * sizeof(float)), 0, o->k};
		failed |= !m.seen || !t.j || !t.s;
#pragma omp for schedule(dynamic, 64)
		for (size_t i = 0; i < f->n; ++i) {
			if (failed)
				continue;
			if (pass == 0) {
				t.n = 0;
				forest_row(f, trees, o->trees, i, &m, &t);
			} else {
				load_row(&t, o->k, i, nbr_in, sim);
				descent_row(f, nbr_in, o->k, o->refine, i, &m, &t);
			}
			store_row(&t, o->k, i, nbr, sim);
		}
		free(m.seen), free(t.j), free(t.s);
	}
	return failed ? -1 : 0;
}

int mf_knn_coarse(const float *x, const float *y, size_t n, int dim, const mf_knn_opt_t *o,
		int threads, int32_t *nbr, float *sim)
{
	forest_in_t f = {x, y, n, dim, o->leaf < 2 ? 2 : o->leaf, o->seed};
	tree_t *trees = calloc((size_t)o->trees, sizeof *trees);
	int failed = !trees || n < 2;
	if (n < 2) {
		for (size_t i = 0; i < n * (size_t)o->k; ++i)
			nbr[i] = -1, sim[i] = 0;
		free(trees);
		return 0;
	}
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) reduction(|:failed)
	for (int t = 0; t < (trees ? o->trees : 0); ++t)
		failed |= grow_tree(&f, &trees[t], t) < 0;
	if (!failed)
		failed = search_rows(&f, trees, o, threads, 0, NULL, nbr, sim) < 0;
	for (int t = 0; trees && t < o->trees; ++t)
		free_tree(&trees[t]);
	free(trees);
	if (!failed && o->refine > 0) {
		int32_t *n2 = malloc(n * (size_t)o->k * sizeof *n2);
		failed = !n2 || search_rows(&f, NULL, o, threads, 1, nbr, n2, sim) < 0;
		if (!failed)
			memcpy(nbr, n2, n * (size_t)o->k * sizeof *n2);
		free(n2);
	}
	if (failed)
		mf_error("out of memory searching the neighbours of %zu seqlets", n);
	return failed ? -1 : 0;
}

int mf_knn_brute(const float *x, const float *y, size_t n, int dim, int k, int32_t *nbr,
		float *sim)
{
	topk_t t = {malloc((size_t)k * sizeof(int32_t)), malloc((size_t)k * sizeof(float)), 0, k};
	if (!t.j || !t.s) {
		free(t.j), free(t.s);
		return -1;
	}
	for (size_t i = 0; i < n; ++i) {
		t.n = 0;
		for (size_t j = 0; j < n; ++j)
			if (j != i)
				topk_add(&t, (int32_t)j, mf_knn_sim(x, y, dim, i, j));
		store_row(&t, k, i, nbr, sim);
	}
	free(t.j), free(t.s);
	return 0;
}
