#include "base/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

int mf_verbose = MF_LOG_WARN;
long mf_log_count[MF_LOG_DEBUG + 1];

static char level_letter(int level)
{
	switch (level) {
	case MF_LOG_ERROR: return 'E';
	case MF_LOG_WARN: return 'W';
	case MF_LOG_INFO: return 'M';
	default: return 'D';
	}
}

void mf_log(int level, const char *where, const char *fmt, ...)
{
	int saved_errno = errno; /* callers may still want to report errno after logging */
	if (level >= 0 && level <= MF_LOG_DEBUG)
		__atomic_add_fetch(&mf_log_count[level], 1, __ATOMIC_RELAXED);
	if (level > mf_verbose) {
		errno = saved_errno;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	flockfile(stderr);
	fprintf(stderr, "[%c::%s] ", level_letter(level), where);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	va_end(ap);
	errno = saved_errno;
}
