#include "io/tmpfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"

/* Temporaries not yet renamed or removed, for the signal handler: a run stopped by
 * Snakemake or Ctrl-C leaves no '.name.tmp.XXXXXX' behind. */
#define MAX_LIVE 256
static char *volatile live[MAX_LIVE];
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;

static void live_add(char *tmp)
{
	pthread_mutex_lock(&live_lock);
	for (int i = 0; i < MAX_LIVE; ++i)
		if (!live[i]) {
			live[i] = tmp;
			break;
		}
	pthread_mutex_unlock(&live_lock);
}

static void live_remove(const char *tmp)
{
	pthread_mutex_lock(&live_lock);
	for (int i = 0; i < MAX_LIVE; ++i)
		if (live[i] && strcmp(live[i], tmp) == 0)
			live[i] = NULL;
	pthread_mutex_unlock(&live_lock);
}

static void remove_live_and_die(int sig)
{
	for (int i = 0; i < MAX_LIVE; ++i)
		if (live[i])
			unlink(live[i]); /* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

void mf_tmpfile_cleanup_on_signals(void)
{
	const int sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGPIPE};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; ++i) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = remove_live_and_die;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}

int mf_tmpfile_create(const char *path, char **tmp)
{
	*tmp = NULL;
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
	const char *base = path + dirlen;
	if (*base == '\0') {
		mf_error("'%s' names a directory, not a file", path);
		return -1;
	}
	size_t n = strlen(path) + 16;
	char *t = malloc(n);
	if (!t) {
		mf_error("out of memory");
		return -1;
	}
	snprintf(t, n, "%.*s.%s.tmp.XXXXXX", (int)dirlen, path, base);
	int fd = mkstemp(t);
	if (fd < 0) {
		mf_error("cannot create a file next to '%s': %s", path, strerror(errno));
		free(t);
		return -1;
	}
	/* mkstemp gives 0600; outputs should look like any other file the user writes */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0)
		mf_debug("cannot set permissions of '%s': %s", t, strerror(errno));
	*tmp = t;
	live_add(t);
	return fd;
}

/* Outputs finished while a commit group is open, renamed together at its end. */
static struct {
	int open;
	size_t n, cap;
	char **tmp, **path;
} group;

void mf_commit_group_begin(void)
{
	group.open = 1;
}

/* Records tmp -> path in the open group; 0, or -1 when out of memory. */
static int group_add(const char *tmp, const char *path)
{
	if (group.n == group.cap) {
		size_t cap = group.cap ? 2 * group.cap : 16;
		char **t = realloc(group.tmp, cap * sizeof *t), **p = t ? realloc(group.path, cap * sizeof *p) : NULL;
		if (t)
			group.tmp = t;
		if (!p)
			return -1;
		group.path = p, group.cap = cap;
	}
	if (!(group.tmp[group.n] = strdup(tmp)) || !(group.path[group.n] = strdup(path))) {
		free(group.tmp[group.n]);
		return -1;
	}
	/* the signal handler's list now points at the group's copy: the writer frees its own */
	live_remove(tmp);
	live_add(group.tmp[group.n]);
	++group.n;
	return 0;
}

int mf_commit_group_end(int rc)
{
	size_t done = 0;
	for (; rc == 0 && done < group.n; ++done)
		if (rename(group.tmp[done], group.path[done]) != 0) {
			mf_error("cannot rename '%s' to '%s': %s", group.tmp[done], group.path[done],
				strerror(errno));
			rc = -1;
			break;
		}
	for (size_t i = 0; i < group.n; ++i) {
		if (rc != 0)
			unlink(i < done ? group.path[i] : group.tmp[i]);
		live_remove(group.tmp[i]);
		free(group.tmp[i]);
		free(group.path[i]);
	}
	free(group.tmp);
	free(group.path);
	memset(&group, 0, sizeof group);
	return rc;
}

int mf_tmpfile_commit(const char *tmp, const char *path, int rc)
{
	live_remove(tmp);
	if (rc == 0 && rename(tmp, path) != 0) {
		mf_error("cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
	return rc;
}

char *mf_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	return slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
}

/* The file an output path names: the target of a symlink (absolute), else path. */
static char *resolve_output(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *real = realpath(path, NULL);
		if (real)
			return real;
	}
	return strdup(path);
}

static int is_special(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int mf_output_create(const char *path, char **tmp)
{
	*tmp = NULL;
	char *target = resolve_output(path);
	if (!target) {
		mf_error("out of memory");
		return -1;
	}
	if (!is_special(target)) {
		int fd = mf_tmpfile_create(target, tmp);
		free(target);
		return fd;
	}
	int fd = open(target, O_WRONLY);
	if (fd < 0) {
		mf_error("cannot write '%s': %s", path, strerror(errno));
		free(target);
		return -1;
	}
	*tmp = target;
	return fd;
}

int mf_output_commit(const char *tmp, const char *path, int rc)
{
	if (!tmp || is_special(tmp)) /* written in place: never rename over or unlink it */
		return rc;
	char *target = resolve_output(path);
	if (!target) {
		mf_error("out of memory");
		return mf_tmpfile_commit(tmp, path, -1);
	}
	if (rc == 0 && group.open) {
		if (group_add(tmp, target) == 0) { /* renamed, with the others, by mf_commit_group_end */
			free(target);
			return 0;
		}
		mf_error("out of memory");
		rc = -1;
	}
	rc = mf_tmpfile_commit(tmp, target, rc);
	free(target);
	return rc;
}

int mf_scratch_open(const char *near)
{
	struct stat st;
	char *tmp = NULL, *alt = NULL;
	if (strcmp(near, "-") == 0 || (stat(near, &st) == 0 && !S_ISREG(st.st_mode))) {
		const char *dir = getenv("TMPDIR");
		dir = dir && *dir ? dir : "/tmp";
		size_t n = strlen(dir) + 32;
		if (!(alt = malloc(n))) {
			mf_error("out of memory");
			return -1;
		}
		snprintf(alt, n, "%s/motiflift-scratch", dir);
	}
	int fd = mf_tmpfile_create(alt ? alt : near, &tmp);
	if (fd >= 0) {
		unlink(tmp); /* the data lives only as long as the open file, whatever happens */
		live_remove(tmp);
	}
	free(tmp);
	free(alt);
	return fd;
}
