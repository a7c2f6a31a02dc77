/* embedded.h: files compiled into the binary by tools/embed.c (migrations, data, catalogs). */
#ifndef TALA_EMBEDDED_H
#define TALA_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path; /* relative to the source root, e.g. "db/migrations/0001_base.sql" */
	const char *data; /* NUL-terminated */
	size_t len;
};

/* Terminated by an entry whose path is NULL. */
extern const struct embedded_file embedded_files[];

/* Returns the file at `path`, or NULL; the data is static. */
const struct embedded_file *embedded_find(const char *path);

#endif
