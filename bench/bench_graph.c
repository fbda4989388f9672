/* bench_graph.c: DeepLIFT on a model of ChromBPNet's real size, and how close its
 * convolutions come to the machine's peak.
 *
 *   bench/bench_graph [REGIONS=20] [SHUFFLES=20] [OUTDIR=/tmp]
 *
 * The model is chrombpnet_nobias.h5's graph at full size, built in code with random
 * weights (seed 1): input 2,114 x 4, a Conv1D of 512 filters of width 21 (relu), 8 dilated
 * Conv1D(512, 3, dilation 2..256, relu) blocks with Cropping1D skips and Add, a profile
 * head (Conv1D(1, 75), Cropping1D to 1,000, Flatten) and a counts head (global average
 * pooling, Dense(1)); it is saved to OUTDIR/bench_chrombpnet.h5 so the CLI can be timed
 * on it too. Printed, with CPU time beside wall time (the machine may be shared):
 *   peak     an AVX-512 FMA loop (12 chains) on one thread, and the blocked product on
 *            one dilated layer's 2,094 x 512 x 1,536 product (and OpenBLAS sgemm on the
 *            same product, im2col'd, when built with it; OPENBLAS_CORETYPE=SkylakeX picks
 *            its AVX-512 kernels on CPUs it does not know);
 *   forward  the counts head on the REGIONS sequences;
 *   explain  REGIONS x SHUFFLES pairs, counts head, genomics default, 1 and 2 threads:
 *            pairs/s, and the GFLOP rate of the whole run's arithmetic per CPU second
 *            (the dilated convolutions' share of it is over 95 %).
 * Not a test. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "base/log.h"
#include "explain/explain.h"
#include "model/gemm.h"
#include "model/graph.h"
#include "model/model.h"
#include "io/seqio.h"
#ifdef MF_BENCH_OPENBLAS
#include <cblas.h>
#endif
#include "fma_peak.h"

enum { L_IN = 2114, F = 512, N_DIL = 8, OUT_LEN = 1000 };

static double wall(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double thread_cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* ---- the model ------------------------------------------------------------------------- */

static gsl_rng *rng;

static float *normal_weights(size_t n, double sd)
{
	float *w = malloc(sizeof(float) * n);
	for (size_t i = 0; i < n; ++i) /* uniform with the given standard deviation */
		w[i] = (float)((gsl_rng_uniform(rng) * 2 - 1) * sd * 1.7320508);
	return w;
}

static mf_layer_t *layer(mf_model_t *m, mf_layer_type_t t, const char *name, int in0, int in1,
	int out_len, int out_ch)
{
	mf_layer_t *l = &m->layers[m->n_layers];
	memset(l, 0, sizeof *l);
	l->type = t, l->name = strdup(name), l->k = l->stride = l->dilation = 1;
	l->n_in = in1 == -2 ? 1 : 2;
	l->in[0] = in0, l->in[1] = in1;
	l->in_len = in0 < 0 ? m->in_len : m->layers[in0].out_len;
	l->in_ch = in0 < 0 ? m->in_ch : m->layers[in0].out_ch;
	l->out_len = out_len, l->out_ch = out_ch;
	return &m->layers[m->n_layers++];
}

/* A Conv1D (valid) and its fused relu; returns the relu's index (or the conv's). */
static int conv(mf_model_t *m, const char *name, int in, int k, int dil, int filters, int relu)
{
	int C = in < 0 ? m->in_ch : m->layers[in].out_ch, L = in < 0 ? m->in_len : m->layers[in].out_len;
	mf_layer_t *l = layer(m, MF_LAYER_CONV1D, name, in, -2, L - (k - 1) * dil, filters);
	l->k = k, l->dilation = dil, l->use_bias = 1;
	l->W = normal_weights((size_t)k * C * filters, 1.0 / sqrt((double)k * C));
	l->b = normal_weights((size_t)filters, 0.05);
	if (!relu)
		return m->n_layers - 1;
	char nm[64];
	snprintf(nm, sizeof nm, "%s/activation", name);
	mf_layer_t *a = layer(m, MF_LAYER_ACT, nm, m->n_layers - 1, -2, l->out_len, filters);
	a->act = MF_ACT_RELU, a->fused_from = 1;
	return m->n_layers - 1;
}

static mf_model_t *chrombpnet(void)
{
	mf_model_t *m = calloc(1, sizeof *m);
	m->layers = calloc(64, sizeof *m->layers);
	m->in_len = L_IN, m->in_ch = 4;
	int x = conv(m, "bpnet_1st_conv", MF_MODEL_INPUT, 21, 1, F, 1);
	for (int i = 1; i <= N_DIL; ++i) {
		char nm[64];
		snprintf(nm, sizeof nm, "bpnet_%dconv", i);
		int c = conv(m, nm, x, 3, 1 << i, F, 1);
		snprintf(nm, sizeof nm, "bpnet_%dcrop", i);
		mf_layer_t *cr = layer(m, MF_LAYER_CROP, nm, x, -2, m->layers[c].out_len, F);
		cr->crop_left = 1 << i;
		snprintf(nm, sizeof nm, i == 1 ? "add" : "add_%d", i - 1);
		layer(m, MF_LAYER_ADD, nm, c, m->n_layers - 1, m->layers[c].out_len, F);
		x = m->n_layers - 1;
	}
	int p = conv(m, "prof_out_precrop", x, 75, 1, 1, 0), plen = m->layers[p].out_len;
	mf_layer_t *pc = layer(m, MF_LAYER_CROP, "logits_profile_predictions_preflatten", p, -2, OUT_LEN, 1);
	pc->crop_left = (plen - OUT_LEN) / 2;
	layer(m, MF_LAYER_FLATTEN, "logits_profile_predictions", m->n_layers - 1, -2, 1, OUT_LEN);
	int flat = m->n_layers - 1;
	layer(m, MF_LAYER_GLOBAL_AVGPOOL, "gap", x, -2, 1, F);
	mf_layer_t *d = layer(m, MF_LAYER_DENSE, "logcount_predictions", m->n_layers - 1, -2, 1, 1);
	d->use_bias = 1, d->W = normal_weights(F, 0.1), d->b = normal_weights(1, 0.1);
	m->n_outputs = 2;
	m->outputs = calloc(2, sizeof *m->outputs);
	m->outputs[0] = (mf_output_t){strdup("logits_profile_predictions"), flat};
	m->outputs[1] = (mf_output_t){strdup("logcount_predictions"), m->n_layers - 1};
	m->keras_class = strdup("Functional"), m->input_name = strdup("sequence");
	m->keras_version = strdup("2.8.0"), m->backend = strdup("tensorflow");
	mf_model_select_output(m, 1);
	return m;
}

/* FLOPs of one pass through the dilated convolutions and the first one (the counts head
   reads nothing else of weight). */
static double conv_flops(const mf_model_t *m, int backward)
{
	double f = 0;
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i];
		if (l->type == MF_LAYER_CONV1D && l->out_ch == F)
			f += 2.0 * (backward ? l->in_len : l->out_len) * l->k * l->in_ch * l->out_ch *
				(backward && l->in_ch == 4 ? (double)l->out_len / l->in_len : 1);
	}
	return f;
}

/* ---- peak ---------------------------------------------------------------------------------- */


/* The best of reps runs of one dilated layer's product (per CPU second of this thread). */
static void peak_products(void)
{
	int L = 2096, M = L - 2 * 2, K = 3 * F;
	float *x = normal_weights((size_t)L * F, 1), *W = normal_weights((size_t)K * F, 0.02);
	float *y = malloc(sizeof(float) * M * F);
	mf_aview_t a = {x, L, F, F, 3, 1, 2, 0};
	double flops = 2.0 * M * F * K, best = 0;
	for (int r = 0; r < 8; ++r) {
		double t0 = thread_cpu();
		mf_gemm_view(M, F, &a, W, F, NULL, y, F);
		double g = flops / (thread_cpu() - t0) * 1e-9;
		best = g > best ? g : best;
	}
	printf("peak\tmf_gemm_view, dilated layer %d x %d x %d\t%.1f GFLOPS per CPU second (best of 8)\n",
		M, F, K, best);
#ifdef MF_BENCH_OPENBLAS
	float *cols = malloc(sizeof(float) * (size_t)M * K);
	for (int t = 0; t < M; ++t)
		for (int j = 0; j < 3; ++j)
			memcpy(cols + (size_t)t * K + j * F, x + (size_t)(t + 2 * j) * F, sizeof(float) * F);
	openblas_set_num_threads(1);
	best = 0;
	for (int r = 0; r < 8; ++r) {
		double t0 = thread_cpu();
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, F, K, 1.0f, cols, K, W, F, 0.0f, y, F);
		double g = flops / (thread_cpu() - t0) * 1e-9;
		best = g > best ? g : best;
	}
	printf("peak\topenblas sgemm (core %s), same product im2col'd\t%.1f GFLOPS per CPU second (best of 8)\n",
		openblas_get_corename(), best);
	free(cols);
#endif
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512f"))
		printf("peak\tAVX-512 FMA loop, 1 thread\t%.1f GFLOPS per CPU second\n",
			bench_fma_peak(thread_cpu, 100000000));
#endif
	free(x), free(W), free(y);
}

/* ---- runs ------------------------------------------------------------------------------------- */

static int write_regions(const char *path, int n)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return -1;
	for (int i = 0; i < n; ++i) {
		fprintf(fp, ">region%d\n", i);
		for (int k = 0; k < L_IN; ++k)
			fputc("ACGT"[gsl_rng_uniform_int(rng, 4)], fp);
		fputc('\n', fp);
	}
	return fclose(fp);
}

static int discard(void *ctx, const mf_explain_batch_t *b)
{
	double *sum = ctx;
	for (size_t k = 0; k < (size_t)b->n * b->L * 4 * b->T; ++k)
		*sum += b->contrib[k];
	return 0;
}

static long peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

static void run_explain(const mf_model_t *m, const char *fa, int regions, int shuffles, int threads)
{
	mf_explain_opt_t o;
	mf_explain_opt_init(&o);
	o.n_refs = shuffles, o.threads = threads, o.batch = regions;
	mf_seqreader_t *r = mf_seqreader_open(fa, MF_SEQ_AUTO, NULL);
	mf_explain_stats_t st;
	double sum = 0, w0 = wall(), c0 = cpu();
	int rc = r ? mf_explain_run(m, r, &o, discard, &sum, &st) : -1;
	double dw = wall() - w0, dc = cpu() - c0;
	mf_seqreader_close(r);
	if (rc < 0) {
		printf("explain\tthreads=%d\tfailed\n", threads);
		return;
	}
	double pairs = (double)st.n_pairs, seqs = (double)st.n_seqs;
	double flops = pairs * (conv_flops(m, 0) + conv_flops(m, 1)) + seqs * conv_flops(m, 0);
	printf("explain\tthreads=%d\t%ld pairs\twall %.1f s (%.2f pairs/s)\tCPU %.1f s (%.3f pairs per CPU "
		"second)\t%.1f GFLOPS per CPU second\tmax residual %.2g\tpeak RSS %ld MB\n", threads,
		st.n_pairs, dw, pairs / dw, dc, pairs / dc, flops / dc * 1e-9, st.max_rel_delta, peak_rss_mb());
}

int main(int argc, char **argv)
{
	int regions = argc > 1 ? atoi(argv[1]) : 20, shuffles = argc > 2 ? atoi(argv[2]) : 20;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	char h5[4096], fa[4096];
	snprintf(h5, sizeof h5, "%s/bench_chrombpnet.h5", dir);
	snprintf(fa, sizeof fa, "%s/bench_chrombpnet.fa", dir);
	mf_verbose = MF_LOG_WARN;
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 1);
	FILE *la = fopen("/proc/loadavg", "r");
	char load[64] = "?";
	if (la && fgets(load, sizeof load, la))
		load[strcspn(load, "\n")] = '\0';
	if (la)
		fclose(la);
	printf("load average at start: %s\n", load);
	peak_products();
	mf_model_t *m = chrombpnet();
	if (mf_model_save(m, h5) < 0 || write_regions(fa, regions) < 0)
		return 1;
	printf("model\t%s: %zu parameters; per pair %.1f GFLOP forward + %.1f GFLOP backward "
		"(counts head), the input's forward shared by its references\n", h5, mf_model_n_params(m),
		conv_flops(m, 0) * 1e-9, conv_flops(m, 1) * 1e-9);
	float *x = calloc((size_t)regions * L_IN * 4, sizeof(float)), out[64];
	for (size_t i = 0; i < (size_t)regions * L_IN; ++i)
		x[i * 4 + gsl_rng_uniform_int(rng, 4)] = 1;
	double w0 = wall(), c0 = cpu();
	mf_model_forward(m, x, regions < 64 ? regions : 64, out, 1);
	double dw = wall() - w0, dc = cpu() - c0;
	int nf = regions < 64 ? regions : 64;
	printf("forward\tthreads=1\t%d sequences\twall %.2f s\tCPU %.2f s\t%.1f GFLOPS per CPU second\n",
		nf, dw, dc, nf * conv_flops(m, 0) / dc * 1e-9);
	free(x);
	for (int t = 1; t <= 2; ++t)
		run_explain(m, fa, regions, shuffles, t);
	printf("load average at end: ");
	la = fopen("/proc/loadavg", "r");
	if (la && fgets(load, sizeof load, la))
		printf("%s", load);
	if (la)
		fclose(la);
	mf_model_destroy(m);
	gsl_rng_free(rng);
	return 0;
}
