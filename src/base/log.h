/* log.h: the one leveled logger. Messages go to stderr as "[E::where] message".
 * Library code reports through these macros and returns an error code; it never
 * exits and never writes to stdout. */
#ifndef MF_LOG_H
#define MF_LOG_H

enum mf_log_level {
	MF_LOG_QUIET = 0, /* nothing, not even errors */
	MF_LOG_ERROR = 1,
	MF_LOG_WARN = 2,
	MF_LOG_INFO = 3,
	MF_LOG_DEBUG = 4
};

/* Process-wide verbosity; the CLI sets it from -v/-q before any work starts. */
extern int mf_verbose;
/* Messages asked for at each level (shown or not): lets tests and fuzz harnesses check that
 * a failure was reported once. */
extern long mf_log_count[MF_LOG_DEBUG + 1];

void mf_log(int level, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define mf_error(...) mf_log(MF_LOG_ERROR, __func__, __VA_ARGS__)
#define mf_warn(...) mf_log(MF_LOG_WARN, __func__, __VA_ARGS__)
#define mf_info(...) mf_log(MF_LOG_INFO, __func__, __VA_ARGS__)
#define mf_debug(...) mf_log(MF_LOG_DEBUG, __func__, __VA_ARGS__)

#endif
