/* static.c: the static files under web/ (and the Mongolian font from Debian's
 * fonts-noto-core under fonts/, and npm libraries such as ECharts under vendor/), loaded into
 * memory at start with their content type and a content-hash ETag. Served with If-None-Match → 304,
 * and cached for a year when the link carries the matching ?v= (see static_url). */
#include "http/server.h"
#include "http/cache.h"
#include "base/common.h"
#include "base/log.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct static_file {
	char *path; /* relative, e.g. "css/tala.css" */
	char *data;
	size_t len;
	const char *ctype;
	char etag[HTTP_ETAG_SIZE]; /* quoted hex */
};

struct static_files {
	struct static_file *items;
	size_t n, cap;
};

static const struct {
	const char *ext, *type;
} content_types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".html", "text/html; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".ttf", "font/ttf"},
    {".otf", "font/otf"},
    {".woff2", "font/woff2"},
    {".map", "application/json; charset=utf-8"},
};

static const char *type_for(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot)
		for (size_t i = 0; i < ARRAY_LEN(content_types); i++)
			if (strcmp(dot, content_types[i].ext) == 0)
				return content_types[i].type;
	return "application/octet-stream";
}

static int add_file(struct static_files *sf, const char *full, const char *rel)
{
	FILE *f = fopen(full, "rb");
	if (!f)
		return ERR;
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || st.st_size > (64 << 20)) {
		fclose(f);
		return ERR;
	}
	char *data = malloc((size_t)st.st_size + 1);
	if (!data || fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(data);
		fclose(f);
		return ERR;
	}
	fclose(f);
	if (sf->n == sf->cap) {
		sf->cap = sf->cap ? sf->cap * 2 : 32;
		sf->items = realloc(sf->items, sf->cap * sizeof *sf->items);
		if (!sf->items)
			abort();
	}
	struct static_file *s = &sf->items[sf->n++];
	s->path = strdup(rel);
	s->data = data;
	s->len = (size_t)st.st_size;
	s->ctype = type_for(rel);
	http_etag(data, s->len, s->etag);
	return OK;
}

static int load_dir(struct static_files *sf, const char *dir, const char *prefix, int depth)
{
	if (depth > 8)
		return OK;
	DIR *d = opendir(dir);
	if (!d)
		return ERR;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char full[1024], rel[512];
		snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
		snprintf(rel, sizeof rel, "%s%s%s", prefix, *prefix ? "/" : "", e->d_name);
		struct stat st;
		if (stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			load_dir(sf, full, rel, depth + 1);
		else if (S_ISREG(st.st_mode) && add_file(sf, full, rel) != OK)
			log_msg(LOG_WARN, "static.load", "cannot read %s", full);
	}
	closedir(d);
	return OK;
}

/* Fonts Tala serves from Debian's packages. */
static const char *const served_fonts[] = {"NotoSansMongolian-Regular.ttf"};

/* Libraries Tala serves from npm (package.json, `npm ci`): node_modules beside web/. */
static const struct {
	const char *npm, *served;
} served_npm[] = {
    {"echarts/dist/echarts.min.js", "vendor/echarts.min.js"},
};

struct static_files *static_load(const char *web_dir, const char *font_dir, char *err,
                                 size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return NULL;
	}
	struct static_files *sf = calloc(1, sizeof *sf);
	if (!sf)
		abort();
	if (load_dir(sf, web_dir, "", 0) != OK) {
		snprintf(err, errlen, "%s: cannot read the web directory", web_dir);
		static_free(sf);
		return NULL;
	}
	for (size_t i = 0; i < ARRAY_LEN(served_fonts); i++) {
		char full[1024], rel[256];
		snprintf(full, sizeof full, "%s/%s", font_dir, served_fonts[i]);
		snprintf(rel, sizeof rel, "fonts/%s", served_fonts[i]);
		if (add_file(sf, full, rel) != OK)
			log_msg(LOG_WARN, "static.font", "%s missing: install fonts-noto-core",
			        full);
	}
	for (size_t i = 0; i < ARRAY_LEN(served_npm); i++) {
		char full[1024];
		snprintf(full, sizeof full, "%s/../node_modules/%s", web_dir, served_npm[i].npm);
		if (add_file(sf, full, served_npm[i].served) != OK)
			log_msg(LOG_WARN, "static.npm", "%s missing: run npm ci", full);
	}
	return sf;
}

void static_free(struct static_files *sf)
{
	if (!sf)
		return;
	for (size_t i = 0; i < sf->n; i++) {
		free(sf->items[i].path);
		free(sf->items[i].data);
	}
	free(sf->items);
	free(sf);
}

static const struct static_file *static_find(const struct static_files *sf, const char *path)
{
	for (size_t i = 0; sf && i < sf->n; i++)
		if (strcmp(sf->items[i].path, path) == 0)
			return &sf->items[i];
	return NULL;
}

const char *static_url(struct req *rq, const char *path)
{
	const struct static_file *f = static_find(rq->app->statics, path);
	if (!f)
		return arena_printf(rq->arena, "/static/%s", path);
	/* the version is the ETag without its quotes */
	return arena_printf(rq->arena, "/static/%s?v=%.*s", path, (int)strlen(f->etag) - 2,
	                    f->etag + 1);
}

/* GET /static/{path} */
int static_get(struct req *rq, struct resp *rs)
{
	const struct static_file *f = static_find(rq->app->statics, req_param(rq, "path"));
	if (!f)
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	const char *v = req_query(rq, "v");
	bool versioned =
	    v && strlen(v) + 2 == strlen(f->etag) && strncmp(v, f->etag + 1, strlen(v)) == 0;
	resp_header(rs, "Cache-Control",
	            versioned ? "public, max-age=31536000, immutable" : "public, no-cache");
	rs->content_type = f->ctype;
	rs->status = 200;
	if (resp_etag_matches(rq, rs, f->etag))
		return OK;
	rs->static_body = f->data;
	rs->static_len = f->len;
	return OK;
}
