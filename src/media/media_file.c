/* media_file.c: media bytes on disk, content-addressed: <data_dir>/media/<aa>/<sha256>.
 * A file appears under its name only complete and durable (temporary file in the same
 * directory, fsync, rename, fsync of the directory), so a crash leaves either nothing or
 * the whole file; at worst a file without a row, which the next identical upload reuses. */
#include "media/media.h"
#include "base/common.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool media_sha_valid(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

void media_sha256_hex(const void *data, size_t n, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

void media_path(const char *data_dir, const char *sha, char *out, size_t cap)
{
	snprintf(out, cap, "%s/media/%.2s/%s", data_dir, sha, sha);
}

static int mkdir_once(const char *path)
{
	if (mkdir(path, 0750) == 0 || errno == EEXIST)
		return OK;
	log_msg(LOG_ERROR, "media.mkdir", "%s: %s", path, strerror(errno));
	return ERR;
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ERR;
	int rc = fsync(fd) == 0 ? OK : ERR;
	close(fd);
	return rc;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ERR;
		p += w;
		n -= (size_t)w;
	}
	return OK;
}

int media_file_store(const char *data_dir, const char *sha, const void *data, size_t n,
                     bool *created)
{
	char dir[CONFIG_PATH_MAX + 16], sub[CONFIG_PATH_MAX + 24], path[CONFIG_PATH_MAX + 96],
	    tmp[CONFIG_PATH_MAX + 112];
	*created = false;
	snprintf(dir, sizeof dir, "%s/media", data_dir);
	snprintf(sub, sizeof sub, "%s/%.2s", dir, sha);
	media_path(data_dir, sha, path, sizeof path);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == n)
		return OK; /* the same bytes are there already */
	if (mkdir_once(dir) != OK || mkdir_once(sub) != OK)
		return ERR;
	snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", sub, sha);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		log_msg(LOG_ERROR, "media.create", "%s: %s", tmp, strerror(errno));
		return ERR;
	}
	int rc = write_all(fd, data, n) == OK && fsync(fd) == 0 ? OK : ERR;
	int saved = rc == OK ? 0 : errno;
	if (close(fd) != 0)
		rc = ERR;
	if (rc == OK)
		rc = rename(tmp, path) == 0 ? OK : ERR;
	if (rc != OK) {
		log_msg(LOG_ERROR, "media.write", "%s: %s", path, strerror(saved ? saved : errno));
		unlink(tmp);
		return ERR;
	}
	if (fsync_dir(sub) != OK || fsync_dir(dir) != OK)
		log_msg(LOG_WARN, "media.fsync", "%s: directory fsync failed", sub);
	*created = true;
	return OK;
}
