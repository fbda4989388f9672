#include "tmpfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

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
	return fd;
}

int mf_tmpfile_commit(const char *tmp, const char *path, int rc)
{
	if (rc == 0 && rename(tmp, path) != 0) {
		mf_error("cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
	return rc;
}
