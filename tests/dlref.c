/* dlref.c: see dlref.h. Deliberately simple: every sum is written out. */
#include "dlref.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double f_act(mf_act_t a, double x)
{
	switch (a) {
	case MF_ACT_RELU: return x > 0 ? x : 0;
	case MF_ACT_SIGMOID: return 1 / (1 + exp(-x));
	case MF_ACT_TANH: return tanh(x);
	default: return x;
	}
}

static double df_act(mf_act_t a, double x)
{
	double s;
	switch (a) {
	case MF_ACT_RELU: return x > 0 ? 1 : 0;
	case MF_ACT_SIGMOID: s = 1 / (1 + exp(-x)); return s * (1 - s);
	case MF_ACT_TANH: s = tanh(x); return 1 - s * s;
	default: return 1;
	}
}

/* The input index a conv/pool output (t, tap j) reads, or -1 for padding. */
static int tap(const mf_layer_t *l, int t, int j)
{
	int dil = l->type == MF_LAYER_CONV1D ? (l->dilation ? l->dilation : 1) : 1;
	int u = t * l->stride - l->pad_left + j * dil;
	return u >= 0 && u < l->in_len ? u : -1;
}

void ref_layer_forward(const mf_layer_t *l, const double *in, double *out)
{
	int C = l->in_ch, O = l->out_ch;
	switch (l->type) {
	case MF_LAYER_CONV1D:
		for (int t = 0; t < l->out_len; ++t)
			for (int o = 0; o < O; ++o) {
				double s = l->b ? l->b[o] : 0;
				for (int j = 0; j < l->k; ++j) {
					int u = tap(l, t, j);
					for (int c = 0; u >= 0 && c < C; ++c)
						s += in[u * C + c] * l->W[(j * C + c) * O + o];
				}
				out[t * O + o] = s;
			}
		break;
	case MF_LAYER_DENSE: {
		int n = l->in_len * l->in_ch;
		for (int o = 0; o < O; ++o) {
			double s = l->b ? l->b[o] : 0;
			for (int i = 0; i < n; ++i)
				s += in[i] * l->W[i * O + o];
			out[o] = s;
		}
		break;
	}
	case MF_LAYER_ACT:
		for (int i = 0; i < l->in_len * C; ++i)
			out[i] = f_act(l->act, in[i]);
		break;
	case MF_LAYER_BATCHNORM:
		for (int i = 0; i < l->in_len * C; ++i)
			out[i] = in[i] * l->bn_scale[i % C] + l->bn_shift[i % C];
		break;
	case MF_LAYER_AVGPOOL:
	case MF_LAYER_MAXPOOL:
	case MF_LAYER_GLOBAL_AVGPOOL:
	case MF_LAYER_GLOBAL_MAXPOOL: {
		int global = l->type == MF_LAYER_GLOBAL_AVGPOOL || l->type == MF_LAYER_GLOBAL_MAXPOOL;
		int avg = l->type == MF_LAYER_AVGPOOL || l->type == MF_LAYER_GLOBAL_AVGPOOL;
		for (int t = 0; t < l->out_len; ++t)
			for (int c = 0; c < C; ++c) {
				double s = 0, best = -INFINITY;
				int cnt = 0, K = global ? l->in_len : l->k;
				for (int j = 0; j < K; ++j) {
					int u = global ? j : tap(l, t, j);
					if (u < 0)
						continue;
					s += in[u * C + c];
					best = fmax(best, in[u * C + c]);
					++cnt;
				}
				out[t * C + c] = avg ? s / cnt : best;
			}
		break;
	}
	default:
		memcpy(out, in, sizeof(double) * (size_t)l->in_len * C);
	}
}

static double **forward_all(const mf_model_t *m, int target, const float *x)
{
	double **a = calloc((size_t)target + 2, sizeof *a);
	size_t n0 = (size_t)m->in_len * m->in_ch;
	a[0] = malloc(n0 * sizeof(double));
	for (size_t i = 0; i < n0; ++i)
		a[0][i] = x[i];
	for (int i = 0; i <= target; ++i) {
		const mf_layer_t *l = &m->layers[i];
		a[i + 1] = malloc(sizeof(double) * (size_t)l->out_len * l->out_ch);
		ref_layer_forward(l, a[i], a[i + 1]);
	}
	return a;
}

static void free_all(double **a, int target)
{
	for (int i = 0; i <= target + 1; ++i)
		free(a[i]);
	free(a);
}

double ref_logit(const mf_model_t *m, int target, const float *x, int task)
{
	double **a = forward_all(m, target, x);
	double v = a[target + 1][task];
	free_all(a, target);
	return v;
}

/* Positive / negative parts of each layer output feeding a RevealCancel (by definition:
 * for a linear layer the term-wise split; carried through BN/dropout/flatten/avg pool). */
static void posneg_of(const mf_model_t *m, int i, double **ax, double **ar, double *pos, double *neg)
{
	const mf_layer_t *l = &m->layers[i];
	int n_out = l->out_len * l->out_ch, n_in = l->in_len * l->in_ch, O = l->out_ch, C = l->in_ch;
	if (l->type == MF_LAYER_DENSE || l->type == MF_LAYER_CONV1D) {
		for (int k = 0; k < n_out; ++k)
			pos[k] = neg[k] = 0;
		for (int t = 0; t < l->out_len; ++t)
			for (int o = 0; o < O; ++o) {
				int nt = l->type == MF_LAYER_DENSE ? 1 : l->k;
				for (int j = 0; j < nt; ++j) {
					int u = l->type == MF_LAYER_DENSE ? 0 : tap(l, t, j);
					int n_c = l->type == MF_LAYER_DENSE ? n_in : C;
					for (int c = 0; u >= 0 && c < n_c; ++c) {
						int i2 = u * C + c;
						double w = l->type == MF_LAYER_DENSE ? l->W[c * O + o] : l->W[(j * C + c) * O + o];
						double term = (ax[i][i2] - ar[i][i2]) * w;
						if (term > 0)
							pos[t * O + o] += term;
						else
							neg[t * O + o] += term;
					}
				}
			}
		return;
	}
	if (l->type == MF_LAYER_ACT || l->type == MF_LAYER_MAXPOOL || l->type == MF_LAYER_GLOBAL_MAXPOOL || i == 0) {
		for (int k = 0; k < n_out; ++k) {
			double d = ax[i + 1][k] - ar[i + 1][k];
			pos[k] = d > 0 ? d : 0, neg[k] = d < 0 ? d : 0;
		}
		return;
	}
	double *pi = malloc(sizeof(double) * n_in), *ni = malloc(sizeof(double) * n_in);
	posneg_of(m, i - 1, ax, ar, pi, ni);
	if (l->type == MF_LAYER_BATCHNORM) {
		for (int k = 0; k < n_out; ++k) {
			double s = l->bn_scale[k % O];
			pos[k] = s >= 0 ? s * pi[k] : s * ni[k];
			neg[k] = s >= 0 ? s * ni[k] : s * pi[k];
		}
	} else if (l->type == MF_LAYER_AVGPOOL || l->type == MF_LAYER_GLOBAL_AVGPOOL) {
		mf_layer_t nob = *l;
		ref_layer_forward(&nob, pi, pos);
		ref_layer_forward(&nob, ni, neg);
	} else {
		memcpy(pos, pi, sizeof(double) * n_out), memcpy(neg, ni, sizeof(double) * n_out);
	}
	free(pi), free(ni);
}

static double pc(double t)
{
	if (fabs(t) < 0.5e-7)
		return t >= 0 ? t + 1e-7 : t - 1e-7;
	return t;
}

/* RevealCancel's Delta y+ / P (call with P, N) or Delta y- / N (call with N, P). */
static double rc_slope(mf_act_t a, double r, double P, double N)
{
	double f0 = f_act(a, r);
	return (0.5 * (f_act(a, r + P) - f0) + 0.5 * (f_act(a, r + N + P) - f_act(a, r + N))) / P;
}

/* Backward through layer i for one pair: (mp, mn) at its output -> (ip, in_) at its input. */
static int back_layer(const mf_model_t *m, int i, mf_rule_t rule, double **ax, double **ar,
		const double *mp, const double *mn, double *ip, double *in_)
{
	const mf_layer_t *l = &m->layers[i];
	int n_in = l->in_len * l->in_ch, n_out = l->out_len * l->out_ch, C = l->in_ch, O = l->out_ch;
	for (int k = 0; k < n_in; ++k)
		ip[k] = in_[k] = 0;
	if (l->type == MF_LAYER_DENSE || l->type == MF_LAYER_CONV1D || l->type == MF_LAYER_BATCHNORM) {
		/* A (dx > 0), B (dx < 0) written out per weight; dx = 0 takes their mean */
		double *A = calloc((size_t)n_in, sizeof *A), *B = calloc((size_t)n_in, sizeof *B);
		for (int t = 0; t < l->out_len; ++t)
			for (int o = 0; o < O; ++o) {
				int q = t * O + o;
				int nt = l->type == MF_LAYER_CONV1D ? l->k : 1;
				for (int j = 0; j < nt; ++j) {
					int u = l->type == MF_LAYER_CONV1D ? tap(l, t, j) : 0;
					int lo = 0, hi = n_in;
					if (l->type == MF_LAYER_CONV1D)
						lo = u * C, hi = u < 0 ? 0 : lo + C;
					else if (l->type == MF_LAYER_BATCHNORM)
						lo = q, hi = q + 1;
					for (int i2 = lo; u >= 0 && i2 < hi; ++i2) {
						double w = l->type == MF_LAYER_DENSE ? l->W[i2 * O + o]
							: l->type == MF_LAYER_BATCHNORM ? l->bn_scale[o]
							: l->W[(j * C + i2 - lo) * O + o];
						double wp = w > 0 ? w : 0, wn = w < 0 ? w : 0;
						A[i2] += mp[q] * wp + mn[q] * wn;
						B[i2] += mp[q] * wn + mn[q] * wp;
					}
				}
			}
		for (int k = 0; k < n_in; ++k) {
			double d = (double)(float)ax[i][k] - (double)(float)ar[i][k];
			ip[k] = in_[k] = d > 0 ? A[k] : d < 0 ? B[k] : 0.5 * (A[k] + B[k]);
		}
		free(A), free(B);
		return 0;
	}
	if (l->type == MF_LAYER_ACT) {
		double *pos = NULL, *neg = NULL;
		if (rule == MF_RULE_REVEALCANCEL) {
			pos = malloc(sizeof(double) * n_in), neg = malloc(sizeof(double) * n_in);
			posneg_of(m, i - 1, ax, ar, pos, neg);
		}
		for (int k = 0; k < n_in; ++k) {
			double x = ax[i][k], r = ar[i][k], dx = x - r, dy = ax[i + 1][k] - ar[i + 1][k];
			if (rule == MF_RULE_GRADIENT || rule == MF_RULE_GUIDED) {
				double g = df_act(l->act, x);
				ip[k] = in_[k] = rule == MF_RULE_GUIDED && !(mp[k] > 0) ? 0 : g * mp[k];
			} else if (rule == MF_RULE_RESCALE) {
				double s = fabs(dx) < 1e-7 ? df_act(l->act, r) : dy / dx;
				ip[k] = s * mp[k], in_[k] = s * mn[k];
			} else {
				double P = pc(pos[k]), N = pc(neg[k]);
				double sp = rc_slope(l->act, r, P, N), sn = rc_slope(l->act, r, N, P);
				ip[k] = sp * mp[k], in_[k] = sn * mn[k];
			}
		}
		free(pos), free(neg);
		return 0;
	}
	if (l->type == MF_LAYER_FLATTEN || l->type == MF_LAYER_DROPOUT) {
		memcpy(ip, mp, sizeof(double) * n_out), memcpy(in_, mn, sizeof(double) * n_out);
		return 0;
	}
	/* pooling: the derivative (average share, or the argmax of the actual input) */
	int global = l->type == MF_LAYER_GLOBAL_AVGPOOL || l->type == MF_LAYER_GLOBAL_MAXPOOL;
	int avg = l->type == MF_LAYER_AVGPOOL || l->type == MF_LAYER_GLOBAL_AVGPOOL;
	for (int t = 0; t < l->out_len; ++t)
		for (int c = 0; c < C; ++c) {
			int K = global ? l->in_len : l->k, cnt = 0, best = -1;
			for (int j = 0; j < K; ++j) {
				int u = global ? j : tap(l, t, j);
				if (u < 0)
					continue;
				++cnt;
				if (best < 0 || ax[i][u * C + c] > ax[i][best * C + c])
					best = u;
			}
			for (int j = 0; j < K; ++j) {
				int u = global ? j : tap(l, t, j);
				if (u < 0 || (!avg && u != best))
					continue;
				ip[u * C + c] += avg ? mp[t * C + c] / cnt : mp[t * C + c];
				in_[u * C + c] += avg ? mn[t * C + c] / cnt : mn[t * C + c];
			}
		}
	return 0;
}

void ref_deeplift(const mf_model_t *m, int target, const mf_rule_t *rule_of, mf_rule_t rule,
		const float *x, const float *r, int task, double *mult)
{
	static const float zero[1] = {0};
	double **ax = forward_all(m, target, x);
	double **ar = forward_all(m, target, r ? r : x);
	(void)zero;
	size_t maxn = (size_t)m->in_len * m->in_ch;
	for (int i = 0; i <= target; ++i)
		if ((size_t)m->layers[i].out_len * m->layers[i].out_ch > maxn)
			maxn = (size_t)m->layers[i].out_len * m->layers[i].out_ch;
	double *mp = calloc(maxn, sizeof *mp), *mn = calloc(maxn, sizeof *mn);
	double *ip = calloc(maxn, sizeof *ip), *in_ = calloc(maxn, sizeof *in_);
	mp[task] = mn[task] = 1;
	for (int i = target; i >= 0; --i) {
		mf_rule_t ru = rule_of && m->layers[i].type == MF_LAYER_ACT ? rule_of[i] : rule;
		back_layer(m, i, ru, ax, ar, mp, mn, ip, in_);
		double *t = mp;
		mp = ip, ip = t;
		t = mn;
		mn = in_, in_ = t;
	}
	size_t n0 = (size_t)m->in_len * m->in_ch;
	for (size_t k = 0; k < n0; ++k) {
		double d = r ? (double)x[k] - r[k] : 0;
		mult[k] = d > 0 ? mp[k] : d < 0 ? mn[k] : 0.5 * (mp[k] + mn[k]);
	}
	free(mp), free(mn), free(ip), free(in_);
	free_all(ax, target);
	free_all(ar, target);
}
