/* rep_html.c: the HTML report of discover, with sequence logos drawn as SVG (letters are
 * paths in a 100 x 100 box, defined once and placed with <use>). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/rep_write.h"

static const char *const GLYPH[4] = {
	/* A, with its counter cut out (even-odd) */
	"M0,100 L40,0 L60,0 L100,100 L78,100 L69,76 L31,76 L22,100 Z M37,58 L63,58 L50,24 Z",
	/* C: a thick arc open to the right */
	"M86.8,17.9 A48,50 0 1 0 86.8,82.1 L73,71.2 A30,33 0 1 1 73,28.8 Z",
	/* G: the C with a bar */
	"M86.8,17.9 A48,50 0 1 0 86.8,82.1 L73,71.2 A30,33 0 1 1 73,28.8 Z "
	"M52,50 L94,50 L94,84 L78,84 L78,64 L52,64 Z",
	/* T */
	"M0,0 L100,0 L100,18 L59,18 L59,100 L41,100 L41,18 L0,18 Z",
};
static const char *const COLOUR[4] = {"#109648", "#255c99", "#f7b32b", "#d62839"};

static int put_escaped(kstring_t *k, const char *s)
{
	for (; *s; ++s) {
		const char *e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" :
			*s == '"' ? "&quot;" : NULL;
		if (e ? kputs(e, k) < 0 : kputc(*s, k) < 0)
			return -1;
	}
	return 0;
}

static int glyph_defs(kstring_t *k)
{
	if (kputs("<svg width=\"0\" height=\"0\" style=\"position:absolute\"><defs>\n", k) < 0)
		return -1;
	for (int b = 0; b < 4; ++b)
		if (ksprintf(k, "<path id=\"g%c\" fill-rule=\"evenodd\" fill=\"%s\" d=\"%s\"/>\n", "ACGT"[b],
				COLOUR[b], GLYPH[b]) < 0)
			return -1;
	return kputs("</defs></svg>\n", k) < 0 ? -1 : 0;
}

/* One column's letters stacked from y0 (up for positive heights, down for negative), smallest
 * nearest the line. */
static int stack_column(kstring_t *k, const float *h, double x, double cw, double y0, double s,
		int up)
{
	int order[4] = {0, 1, 2, 3};
	for (int i = 1; i < 4; ++i) { /* by |height| ascending */
		int o = order[i], j = i;
		while (j > 0 && fabsf(h[order[j - 1]]) > fabsf(h[o])) {
			order[j] = order[j - 1];
			--j;
		}
		order[j] = o;
	}
	double y = y0;
	for (int i = 0; i < 4; ++i) {
		int b = order[i];
		double v = up ? h[b] : -h[b];
		if (!(v > 0))
			continue;
		double hh = v * s;
		if (hh < 0.05)
			continue;
		double top = up ? y - hh : y;
		if (ksprintf(k, "<use href=\"#g%c\" transform=\"translate(%.2f,%.2f) scale(%.4f,%.4f)\"/>",
				"ACGT"[b], x, top, cw / 100.0, hh / 100.0) < 0)
			return -1;
		y = up ? y - hh : y + hh;
	}
	return 0;
}

/* A logo of w columns h[w][4] (signed heights), cw pixels a column, height pixels tall. */
static int svg_logo(kstring_t *k, const float *h, int w, double cw, int height)
{
	double up = 0, down = 0;
	for (int j = 0; j < w; ++j) {
		double p = 0, n = 0;
		for (int b = 0; b < 4; ++b)
			p += h[j * 4 + b] > 0 ? h[j * 4 + b] : 0, n += h[j * 4 + b] < 0 ? -h[j * 4 + b] : 0;
		up = fmax(up, p), down = fmax(down, n);
	}
	double total = up + down > 0 ? up + down : 1, s = (height - 2) / total, y0 = 1 + up * s;
	if (ksprintf(k, "<svg class=\"logo\" width=\"%.0f\" height=\"%d\" viewBox=\"0 0 %.0f %d\">",
			cw * w, height, cw * w, height) < 0)
		return -1;
	for (int j = 0; j < w; ++j)
		if (stack_column(k, h + j * 4, j * cw, cw, y0, s, 1) < 0 ||
				stack_column(k, h + j * 4, j * cw, cw, y0, s, 0) < 0)
			return -1;
	return ksprintf(k, "<line x1=\"0\" x2=\"%.0f\" y1=\"%.2f\" y2=\"%.2f\" stroke=\"#999\" "
		"stroke-width=\"0.5\"/></svg>", cw * w, y0, y0) < 0 ? -1 : 0;
}

/* Letter heights of a PPM column scaled by its information content (bits, uniform). */
static void ic_heights(const double *p, float *h)
{
	double ic = 2;
	for (int b = 0; b < 4; ++b)
		ic += p[b] > 0 ? p[b] * log2(p[b]) : 0;
	for (int b = 0; b < 4; ++b)
		h[b] = (float)(p[b] * ic);
}

static int ppm_logo(kstring_t *k, const double *ppm, int w, double cw, int height, int rc)
{
	float *h = malloc((size_t)(w > 0 ? w : 1) * 4 * sizeof *h);
	if (!h)
		return -1;
	for (int j = 0; j < w; ++j) {
		double col[4];
		for (int b = 0; b < 4; ++b)
			col[b] = rc ? ppm[(size_t)(w - 1 - j) * 4 + (size_t)(3 - b)] : ppm[(size_t)j * 4 + (size_t)b];
		ic_heights(col, h + j * 4);
	}
	int r = svg_logo(k, h, w, cw, height);
	free(h);
	return r;
}

static int matches_cell(kstring_t *k, const mf_rmodel_t *m, const mf_rpat_t *p)
{
	if (p->nmatch == 0)
		return kputs("<td>(no database)</td>", k) < 0 ? -1 : 0;
	if (kputs("<td><table class=\"m\">", k) < 0)
		return -1;
	for (int q = 0; q < p->nmatch; ++q) {
		const mf_motif_t *mo = &m->db->m[p->match[q].motif];
		if (kputs("<tr><td>", k) < 0 || put_escaped(k, mo->name) < 0 ||
				ksprintf(k, "</td><td>%.3f</td><td>%.3f</td><td>%c</td><td>", p->match[q].score,
					p->match[q].pearson, p->match[q].rc ? '-' : '+') < 0 ||
				(q == 0 && ppm_logo(k, mo->p, mo->w, 10, 40, p->match[q].rc) < 0) ||
				kputs("</td></tr>", k) < 0)
			return -1;
	}
	return kputs("</table></td>", k) < 0 ? -1 : 0;
}

static int tomtom_cell(kstring_t *k, const mf_rmodel_t *m, const mf_rpat_t *p)
{
	if (!m->db)
		return kputs("<td></td>", k) < 0 ? -1 : 0;
	if (p->ntomtom == 0)
		return kputs("<td>none with q &le; 0.5</td>", k) < 0 ? -1 : 0;
	if (kputs("<td><table class=\"m\">", k) < 0)
		return -1;
	for (int q = 0; q < p->ntomtom; ++q) {
		const mf_compare_hit_t *h = &p->tomtom[q];
		if (kputs("<tr><td>", k) < 0 || put_escaped(k, m->db->m[h->target].name) < 0 ||
				ksprintf(k, "</td><td>%.2g</td><td>%c</td></tr>", h->qvalue,
					h->strand ? '-' : '+') < 0)
			return -1;
	}
	return kputs("</table></td>", k) < 0 ? -1 : 0;
}

static int pattern_row(kstring_t *k, const mf_rmodel_t *m, const mf_rpat_t *p)
{
	const mf_dtask_t *t = &m->res[p->task];
	size_t of = t->n_sign[p->d->sign > 0 ? 0 : 1];
	const char *flag = p->weak && !p->matched ? "weak, unmatched" : p->weak ? "weak" :
		!p->matched ? "unmatched" : "";
	if (ksprintf(k, "<tr class=\"%s\"><td><b>", *flag ? "faint" : "") < 0 || put_escaped(k, p->id) < 0 ||
			ksprintf(k, "</b><br>%s<br>%zu seqlets (%.1f%% of the %s ones)<br>core %d-%d: %s%s%s%s</td><td>",
				p->d->sign > 0 ? "positive" : "negative", p->d->p->n,
				of ? 100.0 * (double)p->d->p->n / (double)of : 0.0, p->d->sign > 0 ? "positive" : "negative",
				p->d->core0, p->d->core1, p->consensus, *flag ? "<br><i>" : "", flag,
				*flag ? "</i>" : "") < 0 ||
			svg_logo(k, p->cwm, p->w, 8, 70) < 0 || kputs("</td><td>", k) < 0 ||
			ppm_logo(k, p->ppm, p->w, 8, 50, 0) < 0 || kputs("</td>", k) < 0 ||
			matches_cell(k, m, p) < 0 || tomtom_cell(k, m, p) < 0)
		return -1;
	return kputs("</tr>\n", k) < 0 ? -1 : 0;
}

static int task_section(kstring_t *k, const mf_rmodel_t *m, int ti)
{
	const mf_dtask_t *t = &m->res[ti];
	if (kputs("<h2>Task ", k) < 0 || put_escaped(k, t->name) < 0 ||
			ksprintf(k, "</h2>\n<p>%zu seqlets called (%zu positive, %zu negative) from %llu "
				"windows; thresholds %.4g / %.4g (sign threshold %.4g); Laplace null: mu %.4g, "
				"rates %.4g / %.4g.%s%s</p>\n", t->n_seqlets, t->n_sign[0], t->n_sign[1],
				(unsigned long long)t->thr.windows, t->thr.pos, t->thr.neg, t->thr.weak, t->thr.null.mu,
				t->thr.null.lpos, t->thr.null.lneg,
				t->ran[0] ? "" : " Too few positive seqlets to cluster.",
				t->ran[1] ? "" : " Too few negative seqlets to cluster.") < 0)
		return -1;
	int any = 0;
	for (int i = 0; i < m->npat; ++i)
		any |= m->pat[i].task == ti;
	if (!any)
		return kputs("<p>No pattern.</p>\n", k) < 0 ? -1 : 0;
	if (kputs("<table><tr><th>pattern</th><th>CWM (mean actual contribution)</th>"
			"<th>PPM (bits)</th><th>best matches: score, core Pearson, strand</th>"
			"<th>Tomtom (motiflift compare): q-value, strand</th></tr>\n", k) < 0)
		return -1;
	for (int i = 0; i < m->npat; ++i)
		if (m->pat[i].task == ti && pattern_row(k, m, &m->pat[i]) < 0)
			return -1;
	return kputs("</table>\n", k) < 0 ? -1 : 0;
}

int mf_rep_html(kstring_t *k, const mf_rmodel_t *m, const char *cmdline)
{
	if (kputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>motiflift discover"
			"</title>\n<style>body{font-family:sans-serif;margin:1em 2em}table{border-collapse:"
			"collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;vertical-align:top;"
			"text-align:left}tr.faint{opacity:0.55}table.m td{border:none;padding:1px 6px}"
			"code{font-size:90%}</style></head><body>\n", k) < 0 || glyph_defs(k) < 0 ||
			kputs("<h1>motiflift discover</h1>\n<p><code>", k) < 0 ||
			put_escaped(k, cmdline ? cmdline : "") < 0 ||
			ksprintf(k, "</code></p>\n<p>%zu sequences in %d file%s. Best matches: column-Pearson "
				"similarity (information-weighted over both motifs' columns) against ", m->s->n,
				m->s->nfiles, m->s->nfiles == 1 ? "" : "s") < 0 ||
			put_escaped(k, m->dbpath ? m->dbpath : "(none)") < 0 ||
			ksprintf(k, "; a pattern is <i>unmatched</i> below %.2f and <i>weak</i> with fewer than "
				"%.0f%% of the seqlets of its task and sign's largest pattern. Tomtom: the core PPM "
				"against the same motifs as motiflift compare does with its defaults (Euclidean "
				"columns, q-values over the database).</p>\n", MF_MATCHED,
				100 * MF_WEAK_FRAC) < 0)
		return -1;
	for (int t = 0; t < m->nt; ++t)
		if (task_section(k, m, t) < 0)
			return -1;
	return kputs("</body></html>\n", k) < 0 ? -1 : 0;
}
