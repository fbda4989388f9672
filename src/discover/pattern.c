/* pattern.c: members, column sums, frames, trimming and alignment of patterns (see
 * pattern.h). */
#include "discover/pattern.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/khash.h>

#include "base/log.h"
#include "discover/jaccard.h"

KHASH_SET_INIT_INT64(mf_wkey)

static int64_t wkey(int32_t seq, int32_t start)
{
	return (int64_t)((uint64_t)(uint32_t)seq << 32 | (uint32_t)start);
}

mf_pattern_t *mf_pattern_new(void)
{
	mf_pattern_t *p = calloc(1, sizeof *p);
	if (!p || !(p->keys = kh_init(mf_wkey))) {
		free(p);
		mf_error("out of memory");
		return NULL;
	}
	return p;
}

void mf_pattern_destroy(mf_pattern_t *p)
{
	if (!p)
		return;
	kh_destroy(mf_wkey, p->keys);
	free(p->m), free(p->seq), free(p->contrib), free(p->hyp), free(p->count);
	free(p);
}

static int alloc_sums(mf_pattern_t *p, int len)
{
	size_t c = (size_t)(len > 0 ? len : 1);
	double *s = calloc(c * 4, sizeof *s), *a = calloc(c * 4, sizeof *a);
	double *h = calloc(c * 4, sizeof *h), *n = calloc(c, sizeof *n);
	if (!s || !a || !h || !n) {
		free(s), free(a), free(h), free(n);
		return -1;
	}
	free(p->seq), free(p->contrib), free(p->hyp), free(p->count);
	p->seq = s, p->contrib = a, p->hyp = h, p->count = n, p->len = len;
	return 0;
}

mf_pattern_t *mf_pattern_copy(const mf_pattern_t *p)
{
	mf_pattern_t *q = mf_pattern_new();
	if (!q || alloc_sums(q, p->len) < 0 || !(q->m = malloc((p->n ? p->n : 1) * sizeof *q->m))) {
		mf_pattern_destroy(q);
		mf_error("out of memory");
		return NULL;
	}
	size_t c = (size_t)p->len;
	memcpy(q->seq, p->seq, c * 4 * sizeof *q->seq);
	memcpy(q->contrib, p->contrib, c * 4 * sizeof *q->contrib);
	memcpy(q->hyp, p->hyp, c * 4 * sizeof *q->hyp);
	memcpy(q->count, p->count, c * sizeof *q->count);
	memcpy(q->m, p->m, p->n * sizeof *q->m);
	q->n = q->cap = p->n;
	for (size_t i = 0; i < p->n; ++i) {
		int ret;
		kh_put(mf_wkey, q->keys, wkey(p->m[i].seq, p->m[i].start), &ret);
		if (ret < 0) {
			mf_pattern_destroy(q);
			mf_error("out of memory");
			return NULL;
		}
	}
	return q;
}

void mf_place(int32_t s, int32_t e, int o, int flip, int off, int f0, int f1, int32_t *ns,
		int32_t *ne, int *no)
{
	int c0 = f0 - off, c1 = f1 - off;
	o ^= flip;
	if (!o)
		*ns = s + c0, *ne = s + c1;
	else
		*ns = e - c1, *ne = e - c0;
	*no = o;
}

/* Adds the window's columns to the sums at frame columns [at, at + len). */
static int add_window(mf_pattern_t *p, const mf_dctx_t *c, int32_t seq, int32_t start, int len,
		int rc, int at)
{
	float *buf = malloc((size_t)(len > 0 ? len : 1) * 12 * sizeof *buf);
	if (!buf)
		return -1;
	float *oh = buf, *ac = buf + (size_t)len * 4, *hy = buf + (size_t)len * 8;
	mf_dtrack_window(c->s, c->h, (size_t)seq, start, len, rc, oh, ac, hy);
	int64_t L = mf_dseq_len(c->s, (size_t)seq);
	for (int j = 0; j < len; ++j) {
		int64_t pos = rc ? (int64_t)start + len - 1 - j : (int64_t)start + j;
		size_t col = (size_t)(at + j);
		for (int k = 0; k < 4; ++k) {
			p->seq[col * 4 + (size_t)k] += oh[j * 4 + k];
			p->contrib[col * 4 + (size_t)k] += ac[j * 4 + k];
			p->hyp[col * 4 + (size_t)k] += hy[j * 4 + k];
		}
		p->count[col] += pos >= 0 && pos < L;
	}
	free(buf);
	return 0;
}

int mf_pattern_add(mf_pattern_t *p, const mf_dctx_t *c, const mf_seqlet_t *from, int32_t start,
		int len, int rc)
{
	int32_t seq = from->seq;
	if (p->n == 0 && alloc_sums(p, len) < 0)
		goto oom;
	if (len != p->len) {
		mf_error("internal: a %d-wide window added to a %d-wide pattern", len, p->len);
		return -1;
	}
	int ret;
	kh_put(mf_wkey, p->keys, wkey(seq, start), &ret);
	if (ret < 0)
		goto oom;
	if (ret == 0)
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		mf_seqlet_t *m = realloc(p->m, cap * sizeof *m);
		if (!m)
			goto oom;
		p->m = m, p->cap = cap;
	}
	if (add_window(p, c, seq, start, len, rc, 0) < 0)
		goto oom;
	mf_seqlet_t *x = &p->m[p->n++];
	*x = *from;
	x->start = start, x->end = start + len, x->rc = (int8_t)rc;
	return 1;
oom:
	mf_error("out of memory adding to a pattern");
	return -1;
}

static int rebuild_keys(mf_pattern_t *p)
{
	kh_clear(mf_wkey, p->keys);
	for (size_t i = 0; i < p->n; ++i) {
		int ret;
		kh_put(mf_wkey, p->keys, wkey(p->m[i].seq, p->m[i].start), &ret);
		if (ret < 0)
			return -1;
	}
	return 0;
}

/* Members' columns [f0, f1) of the old frame that lie outside it, into the new sums. */
static int add_outside(mf_pattern_t *p, const mf_dctx_t *c, int f0, int f1, int a, int b)
{
	if (a >= b)
		return 0;
	for (size_t i = 0; i < p->n; ++i) {
		int32_t ns, ne;
		int no;
		const mf_seqlet_t *m = &p->m[i];
		mf_place(m->start, m->end, m->rc, 0, 0, a, b, &ns, &ne, &no);
		if (add_window(p, c, m->seq, ns, b - a, no, a - f0) < 0)
			return -1;
	}
	(void)f1;
	return 0;
}

int mf_pattern_reframe(mf_pattern_t *p, const mf_dctx_t *c, int f0, int f1)
{
	if (f0 == 0 && f1 == p->len)
		return 0;
	mf_pattern_t old = *p;
	p->seq = p->contrib = p->hyp = p->count = NULL;
	if (alloc_sums(p, f1 - f0) < 0) {
		p->seq = old.seq, p->contrib = old.contrib, p->hyp = old.hyp, p->count = old.count;
		p->len = old.len;
		goto oom;
	}
	for (int f = f0 > 0 ? f0 : 0; f < (f1 < old.len ? f1 : old.len); ++f) {
		size_t to = (size_t)(f - f0), from = (size_t)f;
		memcpy(p->seq + to * 4, old.seq + from * 4, 4 * sizeof *p->seq);
		memcpy(p->contrib + to * 4, old.contrib + from * 4, 4 * sizeof *p->seq);
		memcpy(p->hyp + to * 4, old.hyp + from * 4, 4 * sizeof *p->seq);
		p->count[to] = old.count[from];
	}
	free(old.seq), free(old.contrib), free(old.hyp), free(old.count);
	if (add_outside(p, c, f0, f1, f0, f1 < 0 ? f1 : 0) < 0 ||
			add_outside(p, c, f0, f1, f0 > old.len ? f0 : old.len, f1) < 0)
		goto oom;
	for (size_t i = 0; i < p->n; ++i) {
		mf_seqlet_t *m = &p->m[i];
		int no;
		mf_place(m->start, m->end, m->rc, 0, 0, f0, f1, &m->start, &m->end, &no);
	}
	if (rebuild_keys(p) < 0)
		goto oom;
	return 0;
oom:
	mf_error("out of memory re-framing a pattern");
	return -1;
}

void mf_pattern_mean(const mf_pattern_t *p, const double *sum, float *out)
{
	for (int j = 0; j < p->len; ++j)
		for (int k = 0; k < 4; ++k)
			out[j * 4 + k] = p->count[j] > 0 ? (float)(sum[j * 4 + k] / p->count[j]) : 0.0f;
}

void mf_pattern_ppm(const mf_pattern_t *p, const double bg[4], double *ppm)
{
	for (int j = 0; j < p->len; ++j) {
		const double *s = p->seq + (size_t)j * 4;
		double t = s[0] + s[1] + s[2] + s[3];
		for (int k = 0; k < 4; ++k)
			ppm[j * 4 + k] = t > 0 ? s[k] / t : bg[k];
	}
}

void mf_pattern_ic(const mf_pattern_t *p, const double bg[4], double pc, double *ic)
{
	double hbg = 0;
	for (int k = 0; k < 4; ++k)
		hbg += bg[k] > 0 ? bg[k] * log2(bg[k]) : 0;
	for (int j = 0; j < p->len; ++j) {
		const double *s = p->seq + (size_t)j * 4;
		double t = s[0] + s[1] + s[2] + s[3], v = -hbg;
		if (!(t > 0) || p->n == 0) {
			ic[j] = 0;
			continue;
		}
		for (int k = 0; k < 4; ++k) {
			double q = s[k] / t;
			v += q * log2((q + pc) / (1 + pc * 4));
		}
		ic[j] = v * p->count[j] / (double)p->n;
	}
}

void mf_pattern_track(const mf_pattern_t *p, float *out)
{
	float *h = malloc((size_t)p->len * 8 * sizeof *h);
	if (!h) { /* a zero track aligns nothing; callers check memory on larger buffers */
		memset(out, 0, (size_t)p->len * MF_TCH * sizeof *out);
		return;
	}
	mf_pattern_mean(p, p->hyp, h);
	mf_pattern_mean(p, p->contrib, h + (size_t)p->len * 4);
	mf_track_make(h, h + (size_t)p->len * 4, p->len, out);
	free(h);
}

double mf_pattern_total(const mf_pattern_t *p)
{
	double s = 0;
	for (int j = 0; j < p->len; ++j)
		for (int k = 0; k < 4; ++k)
			s += p->count[j] > 0 ? p->contrib[j * 4 + k] / p->count[j] : 0;
	return s;
}

/* ---- polishing ---------------------------------------------------------------------- */

static int trim_to_support(mf_pattern_t *p, const mf_dctx_t *c, const mf_polish_opt_t *o)
{
	double most = 0;
	for (int j = 0; j < p->len; ++j)
		most = fmax(most, p->count[j]);
	double need = fmin(o->support_num, most * o->support_frac);
	int l = 0, r = p->len;
	while (l < r && p->count[l] < need)
		++l;
	while (r > l && p->count[r - 1] < need)
		--r;
	return r > l ? mf_pattern_reframe(p, c, l, r) : 0;
}

/* The start of the width-w window of largest summed information content (first on ties). */
static int best_window(const double *ic, int len, int w)
{
	int best = 0;
	double bs = -INFINITY;
	for (int s = 0; s + w <= len; ++s) {
		double t = 0;
		for (int j = s; j < s + w; ++j)
			t += ic[j];
		if (t > bs)
			bs = t, best = s;
	}
	return best;
}

/* The width-w window centred on the informative columns (information at least a quarter of
 * the most) of the window at s: TF-MoDISco keeps the first window of most information,
 * which puts a motif shorter than the window at its edge, left or right depending on the
 * flanks, so two patterns of one motif could sit too far apart in their frames to be aligned
 * and merged. The result may start before the frame or end past it (the frame then grows). */
static int centred(const double *ic, int s, int w)
{
	double most = 0;
	for (int j = s; j < s + w; ++j)
		most = fmax(most, ic[j]);
	int first = -1, last = -1;
	for (int j = s; j < s + w; ++j)
		if (most > 0 && ic[j] >= 0.25 * most) {
			first = first < 0 ? j : first;
			last = j;
		}
	if (first < 0)
		return s;
	return first + (last + 1 - first) / 2 - w / 2;
}

int mf_pattern_polish(mf_pattern_t *p, const mf_dctx_t *c, const mf_polish_opt_t *o)
{
	if (p->n == 0)
		return 0;
	if (trim_to_support(p, c, o) < 0 || mf_pattern_reframe(p, c, -o->flank, p->len + o->flank) < 0)
		return -1;
	double *ic = malloc((size_t)p->len * sizeof *ic);
	if (!ic) {
		mf_error("out of memory");
		return -1;
	}
	mf_pattern_ic(p, o->bg, o->pc, ic);
	int w = o->trim_width < p->len ? o->trim_width : p->len, s = best_window(ic, p->len, w);
	s = centred(ic, s, w);
	free(ic);
	if (mf_pattern_reframe(p, c, s, s + w) < 0)
		return -1;
	return mf_pattern_reframe(p, c, -o->flank, p->len + o->flank);
}

/* ---- alignment ---------------------------------------------------------------------- */

/* TF-MoDISco's "magnitude" transform: minus the mean, over the norm (+1e-7). */
static void magnitude(const float *x, int len, float *out)
{
	double m = 0, s = 0;
	for (int j = 0; j < len * 4; ++j)
		m += x[j];
	m /= len * 4;
	for (int j = 0; j < len * 4; ++j)
		s += (x[j] - m) * (x[j] - m);
	double inv = 1.0 / (sqrt(s) + 1e-7);
	for (int j = 0; j < len * 4; ++j)
		out[j] = (float)((x[j] - m) * inv);
}

static void rc4(const float *x, int len, float *out)
{
	for (int j = 0; j < len; ++j)
		for (int k = 0; k < 4; ++k)
			out[j * 4 + k] = x[(len - 1 - j) * 4 + 3 - k];
}

/* Per-column sums of squares of x (len columns) as prefix sums, pre[0..len]. */
static void square_prefix(const float *x, int len, double *pre)
{
	pre[0] = 0;
	for (int j = 0; j < len; ++j)
		pre[j + 1] = pre[j] + (double)x[j * 4] * x[j * 4] + (double)x[j * 4 + 1] * x[j * 4 + 1] +
			(double)x[j * 4 + 2] * x[j * 4 + 2] + (double)x[j * 4 + 3] * x[j * 4 + 3];
}

/* The cosine of child (lc columns, squared norm cc) with the parent's columns under it at off
 * (zeros outside the parent; pre: the parent's square_prefix), as TF-MoDISco's
 * pearson_correlation scores one offset. */
static double cosine_at(const float *par, const double *pre, int lp, const float *ch, double cc,
		int lc, int off)
{
	int a = off > 0 ? off : 0, b = off + lc < lp ? off + lc : lp;
	double dot = 0, ss = b > a ? pre[b] - pre[a] : 0;
	for (int f = a; f < b; ++f)
		for (int k = 0; k < 4; ++k)
			dot += (double)ch[(f - off) * 4 + k] * par[f * 4 + k];
	return ss > 0 && cc > 0 ? dot / sqrt(cc) / sqrt(ss) : 0.0;
}

static double pearson_best(const float *par, int lp, const float *ch, const float *chrc, int lc,
		double min_overlap, int *off, int *rc)
{
	int lo, hi;
	mf_jaccard_range(lp, lc, min_overlap, 1, &lo, &hi);
	double *pre = malloc(((size_t)(lp > lc ? lp : lc) + 1) * sizeof *pre), cc;
	double best = -INFINITY, best_r = -INFINITY;
	int bo = lo, bor = lo;
	if (!pre) { /* no room: no alignment beats the first */
		*off = lo, *rc = 0;
		return 0;
	}
	square_prefix(ch, lc, pre);
	cc = pre[lc]; /* the reverse complement has the same norm */
	square_prefix(par, lp, pre);
	for (int o = lo; o <= hi; ++o) {
		double f = cosine_at(par, pre, lp, ch, cc, lc, o), r = cosine_at(par, pre, lp, chrc, cc, lc, o);
		if (f > best)
			best = f, bo = o;
		if (r > best_r)
			best_r = r, bor = o;
	}
	free(pre);
	*rc = best_r > best;
	*off = *rc ? bor : bo;
	return *rc ? best_r : best;
}

double mf_pattern_align_pearson(const mf_pattern_t *a, const mf_pattern_t *b, double min_overlap,
		int *off, int *rc)
{
	size_t la = (size_t)a->len, lb = (size_t)b->len;
	float *buf = malloc((la * 8 + lb * 12) * sizeof *buf);
	if (!buf) {
		*off = 0, *rc = 0;
		return 0;
	}
	float *pa = buf, *ma = pa + la * 4, *pb = ma + la * 4, *mb = pb + lb * 4, *mbr = mb + lb * 4;
	mf_pattern_mean(a, a->contrib, pa);
	magnitude(pa, a->len, ma);
	mf_pattern_mean(b, b->contrib, pb);
	magnitude(pb, b->len, mb);
	rc4(mb, b->len, mbr);
	double s = pearson_best(ma, a->len, mb, mbr, b->len, min_overlap, off, rc);
	free(buf);
	return s;
}

typedef struct {
	float *par, *parc, *chh, *cha, *ch, *chr;
	size_t cap;
} merge_buf_t;

static int ensure(merge_buf_t *b, size_t cols)
{
	if (cols <= b->cap)
		return 0;
	size_t cap = cols * 2;
	float *all = realloc(b->par, cap * (MF_TCH * 2 + 4 * 2 + MF_TCH * 2) * sizeof *all);
	if (!all)
		return -1;
	b->par = all, b->parc = all + cap * MF_TCH, b->chh = b->parc + cap * MF_TCH;
	b->cha = b->chh + cap * 4, b->ch = b->cha + cap * 4, b->chr = b->ch + cap * MF_TCH;
	b->cap = cap;
	return 0;
}

/* Where window w goes on the pattern: *off and *flip. */
static void align_one(const mf_pattern_t *p, const mf_dctx_t *c, const mf_seqlet_t *w, int pearson,
		double min_overlap, merge_buf_t *b, int *off, int *flip)
{
	int lc = w->end - w->start, lp = p->len;
	mf_dtrack_window(c->s, c->h, (size_t)w->seq, w->start, lc, w->rc, NULL, b->cha, b->chh);
	if (pearson) {
		float *mean = b->parc; /* free scratch here */
		mf_pattern_mean(p, p->contrib, mean);
		magnitude(mean, lp, b->par);
		magnitude(b->cha, lc, b->ch);
		rc4(b->ch, lc, b->chr);
		pearson_best(b->par, lp, b->ch, b->chr, lc, min_overlap, off, flip);
		return;
	}
	int lo, hi;
	mf_pattern_track(p, b->par);
	mf_track_rc(b->par, lp, b->parc);
	mf_track_make(b->chh, b->cha, lc, b->ch);
	mf_jaccard_range(lp, lc, min_overlap, 1, &lo, &hi);
	mf_align_t al = mf_jaccard_best(b->par, b->parc, lp, mf_track_mass(b->par, lp), b->ch, lc,
		mf_track_mass(b->ch, lc), lo, hi);
	*off = al.off, *flip = al.rc;
}

int mf_pattern_merge_in(mf_pattern_t *p, const mf_dctx_t *c, const mf_seqlet_t *w, size_t n,
		int pearson, double min_overlap)
{
	merge_buf_t b = {0};
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; ++i) {
		int lc = w[i].end - w[i].start, lp = p->len, off, flip, no;
		if (ensure(&b, (size_t)(lp > lc ? lp : lc) + 1) < 0) {
			mf_error("out of memory");
			rc = -1;
			break;
		}
		align_one(p, c, &w[i], pearson, min_overlap, &b, &off, &flip);
		int f0 = off < 0 ? off : 0, f1 = off + lc > lp ? off + lc : lp;
		int32_t ns, ne;
		mf_place(w[i].start, w[i].end, w[i].rc, flip, off, f0, f1, &ns, &ne, &no);
		if ((f0 < 0 || f1 > lp) && mf_pattern_reframe(p, c, f0, f1) < 0)
			rc = -1;
		else if (mf_pattern_add(p, c, &w[i], ns, ne - ns, no) < 0)
			rc = -1;
	}
	free(b.par);
	return rc;
}
