/* progress.c: one refreshing line on a terminal, a plain line now and then elsewhere. */
#include "base/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

struct mf_progress {
	char what[32], unit[32];
	uint64_t total, done;
	double t0, last;     /* start, last line drawn (seconds, monotonic) */
	double period;       /* seconds between lines */
	int tty, drawn;      /* stderr is a terminal; a line is on screen (tty) or was printed */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double period_from_env(int tty)
{
	if (tty)
		return 0.1;
	const char *e = getenv("MOTIFLIFT_PROGRESS_SECONDS");
	char *end;
	double s = e && *e ? strtod(e, &end) : 10.0;
	return e && *e && (*end || s < 0) ? 10.0 : s;
}

mf_progress_t *mf_progress_start(const char *what, const char *unit, uint64_t total)
{
	mf_progress_t *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	snprintf(p->what, sizeof p->what, "%s", what);
	snprintf(p->unit, sizeof p->unit, "%s", unit);
	p->total = total;
	p->tty = isatty(STDERR_FILENO);
	p->period = period_from_env(p->tty);
	p->t0 = p->last = now();
	return p;
}

void mf_progress_set_total(mf_progress_t *p, uint64_t total)
{
	if (p)
		p->total = total;
}

/* "0:02", "1:05:09" */
static void format_duration(char *buf, size_t n, double s)
{
	long t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

static void draw(mf_progress_t *p, double t)
{
	double el = t - p->t0, rate = el > 0 ? (double)p->done / el : 0;
	char line[256], eta[32] = "";
	int k = snprintf(line, sizeof line, "[M::%s] %llu", p->what, (unsigned long long)p->done);
	if (p->total > 0)
		k += snprintf(line + k, sizeof line - (size_t)k, "/%llu", (unsigned long long)p->total);
	k += snprintf(line + k, sizeof line - (size_t)k, " %s", p->unit);
	if (p->total > 0)
		k += snprintf(line + k, sizeof line - (size_t)k, " (%.0f%%)",
			100.0 * (double)p->done / (double)p->total);
	if (rate > 0) {
		k += snprintf(line + k, sizeof line - (size_t)k, ", %.0f/s", rate);
		if (p->total > p->done) {
			format_duration(eta, sizeof eta, (double)(p->total - p->done) / rate);
			snprintf(line + k, sizeof line - (size_t)k, ", ETA %s", eta);
		}
	}
	if (p->tty)
		fprintf(stderr, "\r%s\033[K", line);
	else
		fprintf(stderr, "%s\n", line);
	fflush(stderr);
	p->drawn = 1;
	p->last = t;
}

void mf_progress_update(mf_progress_t *p, uint64_t done)
{
	if (!p)
		return;
	p->done = done;
	if (mf_verbose < MF_LOG_WARN)
		return;
	double t = now();
	if (t - p->last >= p->period)
		draw(p, t);
}

void mf_progress_finish(mf_progress_t *p)
{
	if (!p)
		return;
	if (p->tty && mf_verbose >= MF_LOG_WARN && p->drawn) {
		draw(p, now());
		fputc('\n', stderr);
	}
	free(p);
}

void mf_progress_discard(mf_progress_t *p)
{
	if (!p)
		return;
	if (p->tty && mf_verbose >= MF_LOG_WARN && p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	free(p);
}
