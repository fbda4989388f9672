/* motif_parse.c: the four motif file formats (doc/motiflift-motifs.5). Each parser walks
 * the file's lines, adds motifs to the set and logs "file: line N: problem" on error. */
#include "motif/motif_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

enum { MF_MEME_MAX_W = 1000000 };

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		++s;
	return s;
}

static size_t token_len(const char *s)
{
	return strcspn(s, " \t");
}

/* "NAME rest of line" -> a new motif named NAME with desc "rest of line". */
static mf_motif_t *add_from_header(mf_motifset_t *s, const char *h, const char *path, int line)
{
	h = skip_ws(h);
	size_t n = token_len(h);
	if (n == 0) {
		mf_error("%s: line %d: motif header without a name", path, line);
		return NULL;
	}
	mf_motif_t *m = mf_motifset_add(s, h, n, skip_ws(h + n));
	if (!m)
		mf_error("%s: out of memory", path);
	return m;
}

/* Appends one row of 4 values to m. */
static int append_row(mf_motif_t *m, const double v[4], const char *path)
{
	if (mf_motif_set_width(m, m->w + 1) < 0) {
		mf_error("%s: out of memory", path);
		return -1;
	}
	memcpy(m->p + (m->w - 1) * 4, v, 4 * sizeof *v);
	return 0;
}

static int finish_motif(mf_motif_t *m, const char *path, int header_line, int first_row)
{
	if (m->w == 0) {
		mf_error("%s: line %d: motif '%s' has no matrix rows", path, header_line, m->name);
		return -1;
	}
	return mf_mnormalise(m, path, first_row);
}

/* ---- MEME minimal format, version 4 ------------------------------------------------------ */

static int meme_background(mf_motifset_t *s, const mf_mlines_t *L, int *i, const char *path)
{
	int got[4] = {0, 0, 0, 0}, n = 0;
	for (++*i; *i < L->n && n < 4; ++*i) {
		const char *p = skip_ws(L->l[*i]);
		while (*p && n < 4) {
			size_t k = token_len(p);
			const char *q = skip_ws(p + k);
			char *end;
			double v = strtod(q, &end);
			const char *at = strchr("ACGT", toupper((unsigned char)*p));
			if (k != 1 || !at || !*p || end == q || !(v >= 0 && v <= 1)) {
				mf_error("%s: line %d: background: expected 'A p C p G p T p'", path, *i + 1);
				return -1;
			}
			s->bg[at - "ACGT"] = v;
			n += !got[at - "ACGT"];
			got[at - "ACGT"] = 1;
			p = skip_ws(end);
		}
	}
	--*i;
	if (n < 4) {
		mf_error("%s: line %d: background: fewer than 4 letter frequencies", path, *i + 1);
		return -1;
	}
	double sum = s->bg[0] + s->bg[1] + s->bg[2] + s->bg[3];
	if (fabs(sum - 1) > 0.02) {
		mf_error("%s: line %d: background frequencies sum to %g, not 1", path, *i + 1, sum);
		return -1;
	}
	for (int j = 0; j < 4; ++j)
		s->bg[j] /= sum;
	s->has_bg = 1;
	return 0;
}

/* The value after "key=" on a letter-probability matrix line, or def when absent. */
static double meme_key(const char *line, const char *key, double def)
{
	const char *p = strstr(line, key);
	if (!p)
		return def;
	p = skip_ws(p + strlen(key));
	char *end;
	double v = strtod(p, &end);
	return end == p ? NAN : v;
}

/* Whether a line looks like a matrix row (so that one with a bad cell is an error there,
 * not the end of the matrix). */
static int starts_number(const char *s)
{
	s = skip_ws(s);
	return isdigit((unsigned char)*s) || ((*s == '.' || *s == '-' || *s == '+') &&
		(isdigit((unsigned char)s[1]) || s[1] == '.'));
}

/* Reads the rows under "letter-probability matrix:" at line *i into m. */
static int meme_matrix(mf_motif_t *m, const mf_mlines_t *L, int *i, const char *path)
{
	const char *h = L->l[*i];
	int hl = *i + 1;
	double alen = meme_key(h, "alength=", 4), w = meme_key(h, "w=", -1);
	double nsites = meme_key(h, "nsites=", 0);
	if (alen != 4) {
		mf_error("%s: line %d: motif '%s': alength= must be 4 (DNA)", path, hl, m->name);
		return -1;
	}
	/* checked as a double: a cast of w= 1e11 or inf to int is undefined behaviour */
	if (isnan(w) || (w != -1 && (w < 1 || w > MF_MEME_MAX_W || w != floor(w)))) {
		mf_error("%s: line %d: motif '%s': w= %.15g is not a motif width (1 to %d)", path, hl,
			m->name, w, MF_MEME_MAX_W);
		return -1;
	}
	m->nsites = isfinite(nsites) && nsites > 0 ? nsites : 0;
	int j = *i + 1;
	while (j < L->n && mf_mline_blank(L->l[j]))
		++j;
	int first = j + 1;
	for (; j < L->n; ++j) {
		double v[4];
		int n = mf_mparse_numbers(L->l[j], v, 4);
		if (n < 0 && starts_number(L->l[j])) {
			mf_error("%s: line %d: motif '%s': row %d: expected 4 numbers", path, j + 1,
				m->name, m->w + 1);
			return -1;
		}
		if (n <= 0)
			break;
		if (n != 4) {
			mf_error("%s: line %d: motif '%s': expected 4 columns, found %d", path, j + 1,
				m->name, n);
			return -1;
		}
		if (w > 0 && m->w == (int)w) {
			mf_error("%s: line %d: motif '%s': more rows than w= %d", path, j + 1, m->name, (int)w);
			return -1;
		}
		if (append_row(m, v, path) < 0)
			return -1;
	}
	if (w > 0 && m->w != (int)w) {
		mf_error("%s: line %d: motif '%s': w= %d but %d rows", path,
			j < L->n && !mf_mline_blank(L->l[j]) ? j + 1 : hl,
			m->name, (int)w, m->w);
		return -1;
	}
	*i = j - 1;
	return finish_motif(m, path, hl, first);
}

static int meme_line(mf_motifset_t *s, const mf_mlines_t *L, int *i, const char *path,
		mf_motif_t **cur, int *cur_line)
{
	const char *l = skip_ws(L->l[*i]);
	if (strncmp(l, "ALPHABET=", 9) == 0) {
		const char *a = skip_ws(l + 9);
		if (strncmp(a, "ACGT", 4) != 0 || !mf_mline_blank(a + 4)) {
			mf_error("%s: line %d: alphabet '%s' is not DNA (ACGT)", path, *i + 1, a);
			return -1;
		}
	} else if (strncmp(l, "strands:", 8) == 0) {
		s->strands = (strchr(l + 8, '+') != NULL) + (strchr(l + 8, '-') != NULL);
	} else if (strncmp(l, "Background letter frequencies", 29) == 0) {
		return meme_background(s, L, i, path);
	} else if (strncmp(l, "MOTIF", 5) == 0 && (l[5] == ' ' || l[5] == '\t' || !l[5])) {
		if (*cur && (*cur)->w == 0) {
			mf_error("%s: line %d: motif '%s' has no letter-probability matrix", path,
				*cur_line, (*cur)->name);
			return -1;
		}
		*cur_line = *i + 1;
		return (*cur = add_from_header(s, l + 5, path, *i + 1)) ? 0 : -1;
	} else if (strncmp(l, "letter-probability matrix", 25) == 0) {
		if (!*cur || (*cur)->w > 0) {
			mf_error("%s: line %d: letter-probability matrix without its own MOTIF line", path,
				*i + 1);
			return -1;
		}
		return meme_matrix(*cur, L, i, path);
	}
	return 0; /* URL, E-values, log-odds matrices and comments carry nothing we use */
}

int mf_mparse_meme(mf_motifset_t *s, const mf_mlines_t *L, const char *path)
{
	int i = 0;
	while (i < L->n && mf_mline_blank(L->l[i]))
		++i;
	if (i == L->n || strncmp(L->l[i], "MEME version", 12) != 0) {
		mf_error("%s: line %d: a MEME file starts with 'MEME version'", path, i + 1);
		return -1;
	}
	mf_motif_t *cur = NULL;
	int cur_line = 0;
	for (++i; i < L->n; ++i)
		if (meme_line(s, L, &i, path, &cur, &cur_line) < 0)
			return -1;
	if (cur && cur->w == 0) {
		mf_error("%s: line %d: motif '%s' has no letter-probability matrix", path, cur_line,
			cur->name);
		return -1;
	}
	return 0;
}

/* ---- ENCODE/Kheradpour motifs.txt ------------------------------------------------------------ */

/* "LETTER p p p p" (the letter is the consensus and is ignored). */
static int encode_row(mf_motif_t *m, const char *line, int lineno, const char *path)
{
	const char *p = skip_ws(line);
	size_t k = token_len(p);
	double v[4];
	int n = k == 1 && isalpha((unsigned char)*p) ? mf_mparse_numbers(p + 1, v, 4) : -1;
	if (n != 4) {
		mf_error("%s: line %d: motif '%s': expected a letter and 4 numbers", path, lineno,
			m->name);
		return -1;
	}
	return append_row(m, v, path);
}

/* Shared walk for the '>'-headed formats: header_fn makes the motif, row_fn eats a row. */
typedef struct {
	mf_motif_t *(*header)(void *ctx, mf_motifset_t *, const char *h, const char *path, int line);
	int (*row)(void *ctx, mf_motif_t *, const char *line, int lineno, const char *path);
	int (*end)(void *ctx, mf_motif_t *, const char *path, int header_line, int first_row);
} block_fns_t;

static int parse_blocks(mf_motifset_t *s, const mf_mlines_t *L, const char *path,
		const block_fns_t *f, void *ctx)
{
	mf_motif_t *cur = NULL;
	int hl = 0, first = 0;
	for (int i = 0; i < L->n; ++i) {
		const char *l = L->l[i];
		if (mf_mline_blank(l) || l[0] == '#')
			continue;
		if (l[0] == '>') {
			if (cur && f->end(ctx, cur, path, hl, first) < 0)
				return -1;
			if (!(cur = f->header(ctx, s, l + 1, path, i + 1)))
				return -1;
			hl = i + 1;
			first = i + 2;
			continue;
		}
		if (!cur) {
			mf_error("%s: line %d: expected a '>' motif header", path, i + 1);
			return -1;
		}
		if (f->row(ctx, cur, l, i + 1, path) < 0)
			return -1;
	}
	return cur ? f->end(ctx, cur, path, hl, first) : 0;
}

static mf_motif_t *plain_header(void *ctx, mf_motifset_t *s, const char *h, const char *path,
		int line)
{
	(void)ctx;
	return add_from_header(s, h, path, line);
}

static int plain_end(void *ctx, mf_motif_t *m, const char *path, int hl, int first)
{
	(void)ctx;
	return finish_motif(m, path, hl, first);
}

static int encode_row_cb(void *ctx, mf_motif_t *m, const char *line, int lineno, const char *path)
{
	(void)ctx;
	return encode_row(m, line, lineno, path);
}

int mf_mparse_encode(mf_motifset_t *s, const mf_mlines_t *L, const char *path)
{
	static const block_fns_t f = {plain_header, encode_row_cb, plain_end};
	return parse_blocks(s, L, path, &f, NULL);
}

/* ---- HOMER .motif -------------------------------------------------------------------------------- */

/* ">consensus<TAB>name<TAB>threshold[<TAB>...]" */
static mf_motif_t *homer_header(void *ctx, mf_motifset_t *s, const char *h, const char *path,
		int line)
{
	(void)ctx;
	size_t nc = strcspn(h, "\t");
	const char *name = h[nc] ? h + nc + 1 : h;
	size_t nn = h[nc] ? strcspn(name, "\t") : nc;
	if (nn == 0) {
		mf_error("%s: line %d: HOMER header without a motif name", path, line);
		return NULL;
	}
	char *cons = strndup(h, nc);
	mf_motif_t *m = cons ? mf_motifset_add(s, name, nn, cons) : NULL;
	free(cons);
	if (!m) {
		mf_error("%s: out of memory", path);
		return NULL;
	}
	if (h[nc] && name[nn]) {
		char *end;
		double t = strtod(name + nn + 1, &end);
		if (end == name + nn + 1 || (*end && *end != '\t') || !isfinite(t)) {
			mf_error("%s: line %d: motif '%s': bad detection threshold", path, line, m->name);
			return NULL;
		}
		m->threshold = t;
	}
	return m;
}

static int homer_row(void *ctx, mf_motif_t *m, const char *line, int lineno, const char *path)
{
	(void)ctx;
	double v[4];
	int n = mf_mparse_numbers(line, v, 4);
	if (n != 4) {
		if (n < 0)
			mf_error("%s: line %d: motif '%s': expected 4 numbers", path, lineno, m->name);
		else
			mf_error("%s: line %d: motif '%s': expected 4 columns, found %d", path, lineno,
				m->name, n);
		return -1;
	}
	return append_row(m, v, path);
}

int mf_mparse_homer(mf_motifset_t *s, const mf_mlines_t *L, const char *path)
{
	static const block_fns_t f = {homer_header, homer_row, plain_end};
	return parse_blocks(s, L, path, &f, NULL);
}

/* ---- JASPAR (.jaspar: ">ID NAME" then "A [ counts ]" for A, C, G, T) ------------------------------- */

/* JASPAR rows are per letter; they are collected in a side buffer (rows[letter]) and
 * transposed when the motif ends. The row letter order comes from the file. */
typedef struct {
	double *v[4];
	int n[4], seen, next;
} jaspar_acc_t;

static void jaspar_reset(jaspar_acc_t *a)
{
	for (int j = 0; j < 4; ++j)
		free(a->v[j]);
	memset(a, 0, sizeof *a);
}

static mf_motif_t *jaspar_header(void *ctx, mf_motifset_t *s, const char *h, const char *path,
		int line)
{
	jaspar_reset(ctx);
	return add_from_header(s, h, path, line);
}

static int jaspar_row(void *ctx, mf_motif_t *m, const char *line, int lineno, const char *path)
{
	jaspar_acc_t *a = ctx;
	const char *p = skip_ws(line);
	int letter = a->next; /* bare rows (old .pfm) come in A, C, G, T order */
	if (isalpha((unsigned char)*p)) {
		const char *at = strchr("ACGT", toupper((unsigned char)*p));
		if (!at || isalpha((unsigned char)p[1])) {
			mf_error("%s: line %d: motif '%s': row letter must be A, C, G or T", path, lineno,
				m->name);
			return -1;
		}
		letter = (int)(at - "ACGT");
		++p;
	}
	if (letter > 3 || (a->seen & (1 << letter))) {
		mf_error("%s: line %d: motif '%s': more than one row for a letter", path, lineno, m->name);
		return -1;
	}
	const char *open = strchr(p, '['), *close = strchr(p, ']');
	if ((open || close) && (!open || !close || close < open || strchr(open + 1, '[') ||
			strchr(close + 1, ']') || !mf_mline_blank(close + 1))) {
		mf_error("%s: line %d: motif '%s': a row's counts go in one pair of brackets '[ ... ]'",
			path, lineno, m->name);
		return -1;
	}
	char *buf = strdup(p);
	if (!buf) {
		mf_error("%s: out of memory", path);
		return -1;
	}
	for (char *q = buf; *q; ++q)
		if (*q == '[' || *q == ']')
			*q = ' ';
	int n = mf_mparse_numbers(buf, NULL, 0);
	if (n > 0 && (a->v[letter] = malloc((size_t)n * sizeof(double))))
		mf_mparse_numbers(buf, a->v[letter], n);
	free(buf);
	if (n <= 0) {
		mf_error("%s: line %d: motif '%s': expected a row of counts", path, lineno, m->name);
		return -1;
	}
	a->n[letter] = n;
	a->seen |= 1 << letter;
	a->next = letter + 1;
	return 0;
}

static int jaspar_end(void *ctx, mf_motif_t *m, const char *path, int hl, int first)
{
	jaspar_acc_t *a = ctx;
	int rc = -1;
	if (a->seen != 15) {
		mf_error("%s: line %d: motif '%s': needs one row each for A, C, G and T", path, hl,
			m->name);
		goto out;
	}
	for (int j = 1; j < 4; ++j)
		if (a->n[j] != a->n[0]) {
			mf_error("%s: line %d: motif '%s': rows have different widths (%d and %d)", path,
				hl, m->name, a->n[0], a->n[j]);
			goto out;
		}
	if (mf_motif_set_width(m, a->n[0]) < 0)
		goto out;
	for (int i = 0; i < m->w; ++i)
		for (int j = 0; j < 4; ++j)
			m->p[i * 4 + j] = a->v[j][i];
	rc = finish_motif(m, path, hl, first);
out:
	jaspar_reset(a);
	return rc;
}

int mf_mparse_jaspar(mf_motifset_t *s, const mf_mlines_t *L, const char *path)
{
	static const block_fns_t f = {jaspar_header, jaspar_row, jaspar_end};
	jaspar_acc_t a;
	memset(&a, 0, sizeof a);
	int rc = parse_blocks(s, L, path, &f, &a);
	jaspar_reset(&a);
	return rc;
}
