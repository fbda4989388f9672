/* shuffle.c: k-let shuffles as uniform random Eulerian paths (see shuffle.h). */
#include "explain/shuffle.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/rng.h"

#define MF_COUNT_MAX_V 512 /* beyond this many vertices the BEST count is not computed */

struct mf_kshuf {
	size_t len;       /* sequence length */
	int k;
	char *up;         /* [len] the sequence, uppercased */
	int nv;           /* vertices: distinct (k-1)-lets */
	int start, root;  /* first and last (k-1)-let */
	size_t ne;        /* edges: len - k + 1 (0 when len < k) */
	int *vid;         /* [ne+1] vertex of the (k-1)-let at each position */
	size_t *off;      /* [nv+1] out-edges of v are off[v] .. off[v+1]-1 */
	int *eto;         /* [ne] target vertex of each edge, grouped by source */
	char *elab;       /* [ne] the letter the edge appends */
	size_t *ord;      /* [ne] per draw: the order edges are used in, per source */
	size_t *fill;     /* [nv] cursor while grouping / walking */
	size_t *nxt;      /* [nv] Wilson: chosen exit edge of each vertex */
	unsigned char *in_tree; /* [nv] */
	int *slot;        /* [hcap] hash table of vertex ids, -1 empty */
	size_t hcap;
	size_t cap_len, cap_e, cap_v; /* allocation sizes */
};

mf_kshuf_t *mf_kshuf_create(void)
{
	mf_kshuf_t *ks = calloc(1, sizeof *ks);
	if (!ks)
		mf_error("out of memory");
	return ks;
}

void mf_kshuf_destroy(mf_kshuf_t *ks)
{
	if (!ks)
		return;
	free(ks->up), free(ks->vid), free(ks->off), free(ks->eto), free(ks->elab);
	free(ks->ord), free(ks->fill), free(ks->nxt), free(ks->in_tree), free(ks->slot);
	free(ks);
}

/* realloc that leaves *p untouched on failure */
static int grow(void *pp, size_t n, size_t size)
{
	void **p = pp;
	void *q = realloc(*p, (n ? n : 1) * size);
	if (!q)
		return -1;
	*p = q;
	return 0;
}

static int reserve(mf_kshuf_t *ks, size_t len, size_t ne, size_t nv, size_t hcap)
{
	if (len > ks->cap_len) {
		if (grow(&ks->up, len, 1) < 0)
			return -1;
		ks->cap_len = len;
	}
	if (ne > ks->cap_e) {
		if (grow(&ks->vid, ne + 1, sizeof(int)) < 0 || grow(&ks->eto, ne, sizeof(int)) < 0 ||
				grow(&ks->elab, ne, 1) < 0 || grow(&ks->ord, ne, sizeof(size_t)) < 0)
			return -1;
		ks->cap_e = ne;
	}
	if (nv > ks->cap_v) {
		if (grow(&ks->off, nv + 1, sizeof(size_t)) < 0 ||
				grow(&ks->fill, nv, sizeof(size_t)) < 0 ||
				grow(&ks->nxt, nv, sizeof(size_t)) < 0 || grow(&ks->in_tree, nv, 1) < 0)
			return -1;
		ks->cap_v = nv;
	}
	if (hcap > ks->hcap) {
		if (grow(&ks->slot, hcap, sizeof(int)) < 0)
			return -1;
		ks->hcap = hcap;
	}
	return 0;
}

static uint64_t hash_bytes(const char *s, int n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int i = 0; i < n; ++i) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return mf_mix64(h);
}

/* Numbers the (k-1)-lets at positions 0..npos-1 by first appearance; vid[] and nv. */
static void number_vertices(mf_kshuf_t *ks, size_t npos, size_t hcap)
{
	int w = ks->k - 1;
	size_t mask = hcap - 1;
	size_t *first_pos = ks->fill; /* borrowed: vertex -> a position holding it */
	for (size_t i = 0; i < hcap; ++i)
		ks->slot[i] = -1;
	ks->nv = 0;
	for (size_t i = 0; i < npos; ++i) {
		size_t h = (size_t)hash_bytes(ks->up + i, w) & mask;
		for (;; h = (h + 1) & mask) {
			int v = ks->slot[h];
			if (v < 0) {
				v = ks->slot[h] = ks->nv++;
				first_pos[v] = i;
			} else if (memcmp(ks->up + first_pos[v], ks->up + i, (size_t)w) != 0) {
				continue;
			}
			ks->vid[i] = v;
			break;
		}
	}
}

/* Groups the edges by source vertex (stable: sequence order within a source). */
static void group_edges(mf_kshuf_t *ks)
{
	memset(ks->off, 0, (size_t)(ks->nv + 1) * sizeof *ks->off);
	for (size_t i = 0; i < ks->ne; ++i)
		++ks->off[ks->vid[i] + 1];
	for (int v = 0; v < ks->nv; ++v)
		ks->off[v + 1] += ks->off[v];
	memcpy(ks->fill, ks->off, (size_t)ks->nv * sizeof *ks->fill);
	for (size_t i = 0; i < ks->ne; ++i) {
		size_t j = ks->fill[ks->vid[i]]++;
		ks->eto[j] = ks->vid[i + 1];
		ks->elab[j] = ks->up[i + (size_t)ks->k - 1];
	}
}

int mf_kshuf_build(mf_kshuf_t *ks, const char *seq, size_t len, int k)
{
	if (k < 1) {
		mf_error("k must be at least 1, not %d", k);
		return -1;
	}
	size_t ne = len >= (size_t)k ? len - (size_t)k + 1 : 0;
	size_t hcap = 16;
	while (hcap < 2 * (ne + 1))
		hcap <<= 1;
	if (reserve(ks, len, ne, ne + 1, hcap) < 0) {
		mf_error("out of memory shuffling a sequence of length %zu", len);
		return -1;
	}
	ks->len = len, ks->k = k, ks->ne = ne;
	for (size_t i = 0; i < len; ++i)
		ks->up[i] = (char)toupper((unsigned char)seq[i]);
	if (ne == 0) {
		ks->nv = 0;
		return 0;
	}
	number_vertices(ks, ne + 1, hcap);
	group_edges(ks);
	ks->start = ks->vid[0];
	ks->root = ks->vid[ne];
	return 0;
}

static void shuffle_range(size_t *a, size_t n, gsl_rng *r)
{
	for (size_t j = n; j > 1; --j) {
		size_t s = (size_t)gsl_rng_uniform_int(r, (unsigned long)j);
		size_t t = a[j - 1];
		a[j - 1] = a[s], a[s] = t;
	}
}

/* Wilson's algorithm: a uniform random arborescence towards the root in which every
 * non-root vertex has one exit edge (nxt), edges chosen with their multiplicity. */
static int random_last_edges(mf_kshuf_t *ks, gsl_rng *r)
{
	memset(ks->in_tree, 0, (size_t)ks->nv);
	ks->in_tree[ks->root] = 1;
	for (int v = 0; v < ks->nv; ++v) {
		for (int u = v; !ks->in_tree[u]; u = ks->eto[ks->nxt[u]]) {
			size_t deg = ks->off[u + 1] - ks->off[u];
			if (deg == 0) { /* impossible for a graph built from a sequence */
				mf_error("internal error: vertex %d has no way out", u);
				return -1;
			}
			ks->nxt[u] = ks->off[u] + (size_t)gsl_rng_uniform_int(r, (unsigned long)deg);
		}
		for (int u = v; !ks->in_tree[u]; u = ks->eto[ks->nxt[u]])
			ks->in_tree[u] = 1;
	}
	return 0;
}

/* Every vertex's out-edges in random order, the chosen exit edge last (root: all free). */
static void order_edges(mf_kshuf_t *ks, gsl_rng *r)
{
	for (int v = 0; v < ks->nv; ++v) {
		size_t a = ks->off[v], n = ks->off[v + 1] - a;
		for (size_t j = 0; j < n; ++j)
			ks->ord[a + j] = a + j;
		if (n == 0)
			continue;
		if (v != ks->root) {
			size_t last = ks->nxt[v];
			ks->ord[last] = a + n - 1;
			ks->ord[a + n - 1] = last;
			--n;
		}
		shuffle_range(ks->ord + a, n, r);
	}
}

int mf_kshuf_draw(mf_kshuf_t *ks, gsl_rng *r, char *out)
{
	if (ks->ne == 0) {
		if (ks->len) /* an empty sequence has no letters (and no buffer) to copy */
			memcpy(out, ks->up, ks->len);
		return 0;
	}
	if (random_last_edges(ks, r) < 0)
		return -1;
	order_edges(ks, r);
	memcpy(out, ks->up, (size_t)ks->k - 1);
	memcpy(ks->fill, ks->off, (size_t)ks->nv * sizeof *ks->fill);
	int u = ks->start;
	for (size_t p = (size_t)ks->k - 1; p < ks->len; ++p) {
		size_t e = ks->ord[ks->fill[u]++];
		out[p] = ks->elab[e];
		u = ks->eto[e];
	}
	return 0;
}

int mf_shuffle_kmer(const char *seq, size_t len, int k, gsl_rng *r, char *out)
{
	mf_kshuf_t *ks = mf_kshuf_create();
	int rc = ks ? mf_kshuf_build(ks, seq, len, k) : -1;
	if (rc == 0)
		rc = mf_kshuf_draw(ks, r, out);
	mf_kshuf_destroy(ks);
	return rc;
}

int mf_shuffle_refs(mf_kshuf_t *ks, gsl_rng *r, uint64_t seed, const char *name,
		const char *seq, size_t len, int k, int n, char *out, double *n_distinct)
{
	if (mf_kshuf_build(ks, seq, len, k) < 0)
		return -1;
	mf_rng_seed_name(r, seed, name);
	for (int i = 0; i < n; ++i)
		if (mf_kshuf_draw(ks, r, out + (size_t)i * len) < 0)
			return -1;
	if (n_distinct && (*n_distinct = mf_kshuf_count(ks, (double)n)) < 0)
		return -1;
	return 0;
}

/* ---- counting distinct shuffles (BEST theorem) ------------------------------------ */

/* ln of (out-edge orderings) / (orderings of identical edges): everything in the count
 * but the number of arborescences. */
static double log_orderings(const mf_kshuf_t *ks)
{
	double s = 0;
	int cnt[256] = {0};
	for (int v = 0; v < ks->nv; ++v) {
		size_t a = ks->off[v], b = ks->off[v + 1];
		if (b == a)
			continue;
		s += lgamma((double)(b - a) + (v == ks->root ? 1 : 0));
		/* edges from one vertex with the same letter go to the same vertex: identical */
		for (size_t e = a; e < b; ++e)
			++cnt[(unsigned char)ks->elab[e]];
		for (size_t e = a; e < b; ++e) {
			int *c = &cnt[(unsigned char)ks->elab[e]];
			if (*c) {
				s -= lgamma((double)*c + 1);
				*c = 0;
			}
		}
	}
	return s;
}

/* ln det of the root-removed out-degree Laplacian: ln(number of arborescences towards
 * the root), by Gaussian elimination with partial pivoting. -1 when out of memory. */
static int log_arborescences(const mf_kshuf_t *ks, double *out)
{
	int n = ks->nv - 1;
	*out = 0;
	if (n <= 0)
		return 0;
	double *m = calloc((size_t)n * (size_t)n, sizeof *m);
	if (!m)
		return -1;
#define IDX(v) ((v) < ks->root ? (v) : (v) - 1)
	for (int u = 0; u < ks->nv; ++u) {
		if (u == ks->root)
			continue;
		for (size_t e = ks->off[u]; e < ks->off[u + 1]; ++e) {
			int t = ks->eto[e];
			if (t != u)
				m[(size_t)IDX(u) * (size_t)n + (size_t)IDX(u)] += 1;
			if (t != u && t != ks->root)
				m[(size_t)IDX(u) * (size_t)n + (size_t)IDX(t)] -= 1;
		}
	}
#undef IDX
	double logdet = 0;
	for (int c = 0; c < n; ++c) {
		int p = c;
		for (int i = c + 1; i < n; ++i)
			if (fabs(m[(size_t)i * n + c]) > fabs(m[(size_t)p * n + c]))
				p = i;
		double piv = m[(size_t)p * n + c];
		if (p != c)
			for (int j = 0; j < n; ++j) {
				double t = m[(size_t)p * n + j];
				m[(size_t)p * n + j] = m[(size_t)c * n + j], m[(size_t)c * n + j] = t;
			}
		logdet += log(fabs(piv)); /* piv != 0: the graph of a sequence has a tree */
		for (int i = c + 1; i < n; ++i) {
			double f = m[(size_t)i * n + c] / piv;
			if (f != 0)
				for (int j = c; j < n; ++j)
					m[(size_t)i * n + j] -= f * m[(size_t)c * n + j];
		}
	}
	free(m);
	*out = logdet;
	return 0;
}

double mf_kshuf_count(mf_kshuf_t *ks, double at_least)
{
	if (ks->ne == 0)
		return 1;
	/* count = arborescences * exp(lo) and there is at least one arborescence, so
	 * max(1, exp(lo)) is a lower bound (exp(lo) alone may be below 1) */
	double lo = log_orderings(ks), bound = fmax(1, floor(exp(lo) * (1 + 1e-12)));
	if (bound >= at_least || ks->nv > MF_COUNT_MAX_V)
		return bound;
	double lt;
	if (log_arborescences(ks, &lt) < 0) {
		mf_error("out of memory counting shuffles");
		return -1;
	}
	double c = exp(lo + lt);
	return c < 9.007199254740992e15 ? round(c) : c;
}
