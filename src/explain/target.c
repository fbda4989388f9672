/* target.c: counts and profile targets (target.h). */
#include "explain/target.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *mf_target_name(mf_target_kind_t k)
{
	return k == MF_TARGET_PROFILE ? "profile" : "counts";
}

const char *mf_profile_rule_name(mf_profile_rule_t r)
{
	return r == MF_PROFILE_SHAP ? "shap" : "rescale";
}

/* m = track t of out minus its mean, s = softmax(m); returns sum_j s_j m_j. */
static double centred_softmax(const mf_target_t *tg, int t, const float *out, double *m, double *s)
{
	double mean = 0, mx = -INFINITY, z = 0, f = 0;
	for (int j = 0; j < tg->len; ++j)
		mean += out[(size_t)j * tg->ch + t];
	mean /= tg->len;
	for (int j = 0; j < tg->len; ++j) {
		m[j] = out[(size_t)j * tg->ch + t] - mean;
		mx = m[j] > mx ? m[j] : mx;
	}
	for (int j = 0; j < tg->len; ++j)
		z += s[j] = exp(m[j] - mx);
	for (int j = 0; j < tg->len; ++j) {
		s[j] /= z;
		f += s[j] * m[j];
	}
	return f;
}

double mf_target_value(const mf_target_t *tg, int t, const float *out)
{
	if (tg->kind == MF_TARGET_COUNTS)
		return out[t];
	double *buf = malloc(sizeof(double) * 2 * (size_t)tg->len);
	double f = buf ? centred_softmax(tg, t, out, buf, buf + tg->len) : NAN;
	free(buf);
	return f;
}

/* mult[j] on m_j into mu; returns the expected sum. */
static double profile_mult(const mf_target_t *tg, const double *mx, const double *sx, double fx,
	const double *mr, const double *sr, double fr, double *mu)
{
	double expect = 0;
	for (int j = 0; j < tg->len; ++j) {
		double d = mx[j] - mr[j];
		if (tg->rule == MF_PROFILE_SHAP) {
			mu[j] = 0.5 * (sx[j] + sr[j]);
			expect += mu[j] * d;
		} else {
			mu[j] = fabs(d) < 1e-6 ? sx[j] * (1.0 + mx[j] - fx)
				: (mx[j] * sx[j] - mr[j] * sr[j]) / d;
		}
	}
	return tg->rule == MF_PROFILE_SHAP ? expect : fx - fr;
}

double mf_target_start(const mf_target_t *tg, int t, const float *out_x, const float *out_r,
	float *m, size_t n)
{
	memset(m, 0, n * sizeof *m);
	if (tg->kind == MF_TARGET_COUNTS) {
		m[t] = 1.0f;
		return out_r ? (double)out_x[t] - out_r[t] : NAN;
	}
	size_t L = (size_t)tg->len;
	double *buf = malloc(sizeof(double) * 5 * L);
	if (!buf)
		return NAN;
	double *mx = buf, *sx = buf + L, *mr = buf + 2 * L, *sr = buf + 3 * L, *mu = buf + 4 * L;
	double fx = centred_softmax(tg, t, out_x, mx, sx), expect = NAN, mean = 0;
	if (out_r) {
		double fr = centred_softmax(tg, t, out_r, mr, sr);
		expect = profile_mult(tg, mx, sx, fx, mr, sr, fr, mu);
	} else {
		for (size_t j = 0; j < L; ++j)
			mu[j] = sx[j];
	}
	for (size_t j = 0; j < L; ++j)
		mean += mu[j];
	mean /= (double)L;
	for (size_t j = 0; j < L; ++j)
		m[j * tg->ch + t] = (float)(mu[j] - mean);
	free(buf);
	return expect;
}
