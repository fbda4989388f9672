/* scan_ahead.c: records read ahead of the scan by a thread of their own.
 *
 * Reading a genome (parsing lines, copying) costs about as much as scanning it for a few
 * motifs, and it comes a whole record at a time: a 10 Mb chromosome is one read. Doing it
 * between chunks leaves the other threads idle; doing it as a task beside each chunk's
 * scan leaves them idle too, since one chunk's read may be a whole chromosome and the next
 * ones nothing. So when reading is a large part of the work (mf_scan_file decides), a
 * reader runs on its own and keeps records ready while the chunks of the ones before are
 * scanned. It reads on while the records not yet taken hold less than `ahead` bases and
 * the records held in all (taken, not yet given back) less than `hold` bases, which the
 * scan raises while reading is much of the work (to overlap the reading of a chromosome
 * with the scan of the one before, both must be held); when the scan waits for a record,
 * it reads whatever the limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <pthread.h>
#define HAVE_READ_THREAD 1
#else
#define HAVE_READ_THREAD 0
#endif

#include "base/log.h"
#include "motif/scan_chunk.h"

struct mf_ahead {
	mf_seqreader_t *r;
	mf_seq_t **q;        /* records in order: [head, taken) taken, [taken, tail) ready */
	size_t cap, head, taken, tail; /* positions count up; slot = position % cap */
	mf_seq_t **spare;    /* given back, buffers kept for the next reads */
	size_t n_spare, cap_spare;
	size_t ready_bases, held_bases, ahead, hold;
	double read_seconds; /* spent reading read_bases */
	uint64_t read_bases;
	int end;             /* 1 the input ended, -1 a read failed (logged) */
	int threaded, stop, waiting;
#if HAVE_READ_THREAD
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t more, room; /* a record is ready; the reader may read on */
#endif
};

static void lock(mf_ahead_t *a)
{
#if HAVE_READ_THREAD
	if (a->threaded)
		pthread_mutex_lock(&a->lock);
#else
	(void)a;
#endif
}

static void unlock(mf_ahead_t *a)
{
#if HAVE_READ_THREAD
	if (a->threaded)
		pthread_mutex_unlock(&a->lock);
#else
	(void)a;
#endif
}

/* The reader may read on (limits changed, a record taken or given back). Under the lock. */
static void wake_reader(mf_ahead_t *a)
{
#if HAVE_READ_THREAD
	if (a->threaded)
		pthread_cond_signal(&a->room);
#else
	(void)a;
#endif
}

/* A record to read into (a spare one, or new); NULL out of memory. Under the lock. */
static mf_seq_t *take_spare(mf_ahead_t *a)
{
	if (a->n_spare)
		return a->spare[--a->n_spare];
	mf_seq_t *s = malloc(sizeof *s);
	if (s)
		mf_seq_init(s);
	return s;
}

/* Appends s to the ready records (the queue doubles when full). 0 or -1. Under the lock. */
static int push_ready(mf_ahead_t *a, mf_seq_t *s)
{
	if (a->tail - a->head == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 64;
		mf_seq_t **q = malloc(cap * sizeof *q);
		if (!q)
			return -1;
		for (size_t i = a->head; i < a->tail; ++i)
			q[i % cap] = a->q[i % a->cap];
		free(a->q);
		a->q = q, a->cap = cap;
	}
	a->q[a->tail++ % a->cap] = s;
	a->ready_bases += s->len, a->held_bases += s->len;
	return 0;
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Reads one record into the queue (and counts its seconds per base): 1, 0 at the end, -1
 * (logged). Called without the lock (the read itself runs unlocked). */
static int read_one(mf_ahead_t *a)
{
	lock(a);
	mf_seq_t *s = take_spare(a);
	unlock(a);
	if (!s) {
		mf_error("out of memory reading sequences");
		return -1;
	}
	double t0 = seconds_now();
	int ret = mf_seqreader_read(a->r, s);
	double t = seconds_now() - t0;
	lock(a);
	if (ret == 1)
		a->read_seconds += t, a->read_bases += s->len;
	if (ret == 1 && push_ready(a, s) < 0) {
		mf_error("out of memory reading sequences");
		ret = -1;
	}
	if (ret != 1) {
		mf_seq_free(s);
		free(s);
		a->end = ret == 0 ? 1 : -1;
	}
	unlock(a);
	return ret;
}

#if HAVE_READ_THREAD
static int may_read_on(const mf_ahead_t *a)
{
	return a->waiting || (a->ready_bases < a->ahead && a->held_bases < a->hold);
}

static void *reader_main(void *arg)
{
	mf_ahead_t *a = arg;
	for (;;) {
		pthread_mutex_lock(&a->lock);
		while (!a->stop && !may_read_on(a))
			pthread_cond_wait(&a->room, &a->lock);
		int stop = a->stop;
		pthread_mutex_unlock(&a->lock);
		if (stop)
			break;
		int ret = read_one(a);
		pthread_mutex_lock(&a->lock);
		pthread_cond_signal(&a->more);
		pthread_mutex_unlock(&a->lock);
		if (ret != 1)
			break;
	}
	return NULL;
}
#endif

mf_ahead_t *mf_ahead_start(mf_seqreader_t *r, size_t ahead, size_t hold)
{
	mf_ahead_t *a = calloc(1, sizeof *a);
	if (!a) {
		mf_error("out of memory");
		return NULL;
	}
	a->r = r, a->ahead = ahead, a->hold = hold;
	return a;
}

int mf_ahead_thread(mf_ahead_t *a)
{
#if HAVE_READ_THREAD
	if (a->threaded || a->end)
		return a->threaded;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->more, NULL);
	pthread_cond_init(&a->room, NULL);
	a->threaded = 1;
	if (pthread_create(&a->thread, NULL, reader_main, a) != 0) {
		pthread_mutex_destroy(&a->lock);
		pthread_cond_destroy(&a->more), pthread_cond_destroy(&a->room);
		a->threaded = 0; /* read when asked, as before */
	}
	return a->threaded;
#else
	(void)a;
	return 0;
#endif
}

int mf_ahead_next(mf_ahead_t *a, mf_seq_t **rec)
{
	if (!a->threaded && a->taken == a->tail && !a->end && read_one(a) < 0)
		return -1;
	lock(a);
#if HAVE_READ_THREAD
	if (a->threaded) {
		while (a->taken == a->tail && !a->end) {
			a->waiting = 1;
			pthread_cond_signal(&a->room);
			pthread_cond_wait(&a->more, &a->lock);
		}
		a->waiting = 0;
	}
#endif
	int ret = a->taken < a->tail ? 1 : a->end < 0 ? -1 : 0;
	if (ret == 1) {
		*rec = a->q[a->taken++ % a->cap];
		a->ready_bases -= (*rec)->len;
		wake_reader(a);
	}
	unlock(a);
	return ret;
}

void mf_ahead_hold(mf_ahead_t *a, size_t hold)
{
	lock(a);
	a->hold = hold;
	wake_reader(a);
	unlock(a);
}

double mf_ahead_read_cost(mf_ahead_t *a)
{
	lock(a);
	double r = a->read_bases ? a->read_seconds / (double)a->read_bases : 0;
	unlock(a);
	return r;
}

void mf_ahead_release(mf_ahead_t *a, size_t n)
{
	lock(a);
	for (size_t i = 0; i < n && a->head < a->taken; ++i) {
		mf_seq_t *s = a->q[a->head++ % a->cap];
		a->held_bases -= s->len;
		if (mf_scan_grow((void **)&a->spare, &a->cap_spare, a->n_spare + 1,
				sizeof *a->spare) < 0) {
			mf_seq_free(s);
			free(s);
		} else {
			a->spare[a->n_spare++] = s;
		}
	}
	wake_reader(a);
	unlock(a);
}

void mf_ahead_stop(mf_ahead_t *a)
{
	if (!a)
		return;
#if HAVE_READ_THREAD
	if (a->threaded) {
		pthread_mutex_lock(&a->lock);
		a->stop = 1;
		pthread_cond_signal(&a->room);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->thread, NULL);
		pthread_mutex_destroy(&a->lock);
		pthread_cond_destroy(&a->more), pthread_cond_destroy(&a->room);
	}
#endif
	for (size_t i = a->head; i < a->tail; ++i) {
		mf_seq_free(a->q[i % a->cap]);
		free(a->q[i % a->cap]);
	}
	for (size_t i = 0; i < a->n_spare; ++i) {
		mf_seq_free(a->spare[i]);
		free(a->spare[i]);
	}
	free(a->q), free(a->spare), free(a);
}
