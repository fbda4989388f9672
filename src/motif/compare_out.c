/* compare_out.c: compare's outputs: Tomtom's TSV, and an HTML page of aligned logos (SVG). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "motif/compare.h"
#include "io/writer.h"

/* ---- TSV -------------------------------------------------------------------------------- */

static int write_footer(mf_out_t *out, const char *footer)
{
	if (!footer)
		return 0;
	int rc = mf_out_puts(out, "\n");
	while (rc == 0 && *footer) {
		size_t n = strcspn(footer, "\n");
		rc = mf_out_printf(out, "# %.*s\n", (int)n, footer);
		footer += n + (footer[n] == '\n');
	}
	return rc;
}

int mf_compare_write_tsv(const char *path, const mf_compare_db_t *db, const mf_motif_t *queries,
		int nq, const mf_compare_result_t *res, const char *footer)
{
	mf_out_t *out = mf_out_open(path);
	if (!out)
		return -1;
	int rc = mf_out_puts(out, "Query_ID\tTarget_ID\tOptimal_offset\tp-value\tE-value\tq-value\t"
		"Overlap\tQuery_consensus\tTarget_consensus\tOrientation\n");
	for (int i = 0; rc == 0 && i < nq; ++i)
		for (int k = 0; rc == 0 && k < res[i].n; ++k) {
			const mf_compare_hit_t *h = &res[i].hit[k];
			rc = mf_out_printf(out, "%s\t%s\t%d\t%g\t%g\t%g\t%d\t%s\t%s\t%c\n", queries[i].name,
				mf_compare_db_motif(db, h->target)->name, h->offset, h->pvalue, h->evalue,
				h->qvalue, h->overlap, res[i].consensus,
				mf_compare_db_consensus(db, h->target, h->strand), h->strand ? '-' : '+');
		}
	if (rc == 0)
		rc = write_footer(out, footer);
	if (rc < 0) {
		mf_out_abort(out);
		return -1;
	}
	return mf_out_close(out);
}

/* ---- HTML + SVG logos --------------------------------------------------------------------- */

#define COL_W 18     /* pixels per motif column */
#define LOGO_H 60    /* pixels for 2 bits (or for the largest signed row) */
#define GAP 8

static int put_escaped(mf_out_t *out, const char *s)
{
	int rc = 0;
	for (; rc == 0 && *s; ++s) {
		switch (*s) {
		case '&': rc = mf_out_puts(out, "&amp;"); break;
		case '<': rc = mf_out_puts(out, "&lt;"); break;
		case '>': rc = mf_out_puts(out, "&gt;"); break;
		case '"': rc = mf_out_puts(out, "&quot;"); break;
		default: rc = mf_out_write(out, s, 1);
		}
	}
	return rc;
}

/* One letter filling the box (x, y_bottom, width, height), glyph scaled to it. */
static int put_letter(mf_out_t *out, int b, double x, double y, double h)
{
	static const char *const colour[4] = {"#109648", "#255C99", "#F7B32B", "#D62839"};
	if (h < 0.05)
		return 0;
	/* a bold monospace capital at font-size 100 is about 60 wide and 72 tall */
	return mf_out_printf(out, "<text transform=\"translate(%.2f,%.2f) scale(%.4f,%.4f)\" "
		"fill=\"%s\">%c</text>", x, y, COL_W / 60.0, h / 72.0, colour[b], "ACGT"[b]);
}

static int signed_columns(const double *c, int w)
{
	for (int i = 0; i < w * 4; ++i)
		if (c[i] < 0)
			return 1;
	return 0;
}

/* Letter heights of column c: probability x information content (bits, 2 = LOGO_H), or
 * for signed columns value / largest row mass (positive up, negative down). */
static void heights(const double *c, int is_signed, double scale, double h[4])
{
	double ic = 2;
	for (int b = 0; b < 4 && !is_signed; ++b)
		ic += c[b] > 0 ? c[b] * log2(c[b]) : 0;
	for (int b = 0; b < 4; ++b)
		h[b] = is_signed ? c[b] * scale : c[b] * ic * LOGO_H / 2;
}

/* A logo of w columns starting at column x0, baseline at y; letters stacked smallest first. */
static int put_logo(mf_out_t *out, const double *cols, int w, int x0, double y)
{
	int is_signed = signed_columns(cols, w), rc = 0;
	double top = 0;
	for (int i = 0; is_signed && i < w; ++i) {
		double up = 0, down = 0;
		for (int b = 0; b < 4; ++b) {
			if (cols[i * 4 + b] > 0)
				up += cols[i * 4 + b];
			else
				down -= cols[i * 4 + b];
		}
		top = fmax(top, fmax(up, down));
	}
	double scale = top > 0 ? LOGO_H / 2 / top : 0;
	for (int i = 0; rc == 0 && i < w; ++i) {
		double h[4], up = y - (is_signed ? LOGO_H / 2 : 0), down = up;
		heights(cols + i * 4, is_signed, scale, h);
		int order[4] = {0, 1, 2, 3};
		for (int a = 1; a < 4; ++a)
			for (int k = a; k > 0 && fabs(h[order[k]]) < fabs(h[order[k - 1]]); --k) {
				int t = order[k];
				order[k] = order[k - 1];
				order[k - 1] = t;
			}
		for (int k = 0; rc == 0 && k < 4; ++k) {
			int b = order[k];
			double x = (x0 + i) * COL_W;
			if (h[b] >= 0) {
				rc = put_letter(out, b, x, up, h[b]);
				up -= h[b];
			} else {
				down -= h[b];
				rc = put_letter(out, b, x, down, -h[b]);
			}
		}
	}
	return rc;
}

/* The query's logo over the target's, aligned at the hit's offset. */
static int put_pair(mf_out_t *out, const mf_compare_db_t *db, const mf_compare_result_t *r,
		const mf_compare_hit_t *h)
{
	int tw = mf_compare_db_motif(db, h->target)->w;
	int qx = h->offset > 0 ? h->offset : 0, tx = h->offset < 0 ? -h->offset : 0;
	int span = qx + r->w > tx + tw ? qx + r->w : tx + tw;
	int rc = mf_out_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" font-family=\"monospace\" font-weight=\"bold\" font-size=\"100\">",
		span * COL_W, 2 * LOGO_H + GAP);
	if (rc == 0)
		rc = put_logo(out, r->cols, r->w, qx, LOGO_H);
	if (rc == 0)
		rc = put_logo(out, mf_compare_db_columns(db, h->target, h->strand), tw, tx,
			2 * LOGO_H + GAP);
	return rc == 0 ? mf_out_puts(out, "</svg>") : -1;
}

static int put_query(mf_out_t *out, const mf_compare_db_t *db, const mf_motif_t *q,
		const mf_compare_result_t *r)
{
	int rc = mf_out_puts(out, "<h2>");
	if (rc == 0)
		rc = put_escaped(out, q->name);
	if (rc == 0)
		rc = mf_out_printf(out, "</h2>\n<p>%s, columns %d-%d, %d match%s</p>\n", r->consensus,
			r->start + 1, r->start + r->w, r->n, r->n == 1 ? "" : "es");
	if (rc == 0 && r->n > 0)
		rc = mf_out_puts(out, "<table>\n<tr><th>target</th><th>strand</th><th>offset</th>"
			"<th>overlap</th><th>p-value</th><th>E-value</th><th>q-value</th>"
			"<th>query (top) and target</th></tr>\n");
	for (int k = 0; rc == 0 && k < r->n; ++k) {
		const mf_compare_hit_t *h = &r->hit[k];
		rc = mf_out_puts(out, "<tr><td>");
		if (rc == 0)
			rc = put_escaped(out, mf_compare_db_motif(db, h->target)->name);
		if (rc == 0)
			rc = mf_out_printf(out, "</td><td>%c</td><td>%d</td><td>%d</td><td>%.3g</td>"
				"<td>%.3g</td><td>%.3g</td><td>", h->strand ? '-' : '+', h->offset, h->overlap,
				h->pvalue, h->evalue, h->qvalue);
		if (rc == 0)
			rc = put_pair(out, db, r, h);
		if (rc == 0)
			rc = mf_out_puts(out, "</td></tr>\n");
	}
	return rc == 0 && r->n > 0 ? mf_out_puts(out, "</table>\n") : rc;
}

int mf_compare_write_html(const char *path, const mf_compare_db_t *db, const mf_motif_t *queries,
		int nq, const mf_compare_result_t *res, const char *title)
{
	mf_out_t *out = mf_out_open(path);
	if (!out)
		return -1;
	int rc = mf_out_puts(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
	if (rc == 0)
		rc = put_escaped(out, title ? title : "motiflift compare");
	if (rc == 0)
		rc = mf_out_puts(out, "</title>\n<style>body{font-family:sans-serif}"
			"table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;"
			"text-align:left;vertical-align:middle}</style></head><body>\n<h1>");
	if (rc == 0)
		rc = put_escaped(out, title ? title : "motiflift compare");
	if (rc == 0)
		rc = mf_out_puts(out, "</h1>\n");
	for (int i = 0; rc == 0 && i < nq; ++i)
		rc = put_query(out, db, &queries[i], &res[i]);
	if (rc == 0)
		rc = mf_out_puts(out, "</body></html>\n");
	if (rc < 0) {
		mf_out_abort(out);
		return -1;
	}
	return mf_out_close(out);
}
