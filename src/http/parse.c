/* parse.c: request-byte parsers (see parse.h). Everything returned lives in the arena. */
#include "http/parse.h"
#include "base/common.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void kvlist_add(struct arena *a, struct kvlist *l, const char *key, const char *value,
                size_t value_len)
{
	l->items = arena_grow_array(a, l->items, l->n, &l->cap, sizeof *l->items);
	l->items[l->n++] = (struct kv){key, value, value_len};
}

const char *kvlist_get(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].value;
	return NULL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *url_decode(struct arena *a, const char *s, size_t n, bool plus_is_space, size_t *out_len)
{
	char *out = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return NULL;
			int hi = hexval((unsigned char)s[i + 1]),
			    lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == '\0')
			return NULL;
		out[j++] = c;
	}
	out[j] = '\0';
	if (!utf8_valid(out, j))
		return NULL;
	if (out_len)
		*out_len = j;
	return out;
}

static void set_error(struct parse_error *err, const char *field, const char *reason)
{
	if (!err)
		return;
	err->field = field;
	err->reason = reason;
	err->detail[0] = '\0';
}

int parse_urlencoded(struct arena *a, const char *s, size_t n, struct kvlist *out,
                     struct parse_error *err)
{
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && s[end] != '&')
			end++;
		if (end > i) {
			const char *eq = memchr(s + i, '=', end - i);
			size_t klen = eq ? (size_t)(eq - (s + i)) : end - i;
			const char *v = eq ? eq + 1 : s + end;
			size_t vlen = eq ? (size_t)(s + end - v) : 0;
			char *key = url_decode(a, s + i, klen, true, NULL);
			if (!key) {
				set_error(err, NULL, "bad_field_name");
				return ERR;
			}
			size_t value_len;
			char *value = url_decode(a, v, vlen, true, &value_len);
			if (!value) {
				set_error(err, key, "invalid_encoding");
				return ERR;
			}
			kvlist_add(a, out, key, value, value_len);
		}
		i = end + 1;
	}
	return OK;
}

void parse_cookies(struct arena *a, const char *header, struct kvlist *out)
{
	const char *p = header;
	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (eq && eq > p) {
			size_t klen = (size_t)(eq - p);
			while (klen && (p[klen - 1] == ' ' || p[klen - 1] == '\t'))
				klen--;
			const char *v = eq + 1;
			size_t vlen = len - (size_t)(v - p);
			while (vlen && (*v == ' ' || *v == '\t')) {
				v++;
				vlen--;
			}
			while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			if (klen && utf8_valid(v, vlen) && !memchr(v, '\0', vlen))
				kvlist_add(a, out, arena_strndup(a, p, klen),
				           arena_strndup(a, v, vlen), vlen);
		}
		p = end ? end + 1 : NULL;
	}
}

bool content_type_is(const char *header, const char *type)
{
	if (!header)
		return false;
	while (*header == ' ')
		header++;
	size_t n = strlen(type);
	if (strncasecmp(header, type, n) != 0)
		return false;
	char next = header[n];
	return next == '\0' || next == ';' || next == ' ';
}

/* Returns the ';' that ends the parameter at p, skipping quoted strings, or NULL. */
static const char *param_end(const char *p)
{
	bool quoted = false;
	for (; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ';' && !quoted)
			return p;
	}
	return NULL;
}

/* Returns the value of parameter `name` in a header like `multipart/form-data; boundary=x`,
 * unquoted, in the arena; NULL when absent. */
static char *header_param(struct arena *a, const char *header, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = param_end(header);
	while (p) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == '=') {
			const char *v = p + nlen + 1;
			if (*v == '"') {
				const char *close = strchr(v + 1, '"');
				if (!close)
					return NULL;
				return arena_strndup(a, v + 1, (size_t)(close - v - 1));
			}
			size_t len = strcspn(v, "; \t");
			return arena_strndup(a, v, len);
		}
		p = param_end(p);
	}
	return NULL;
}

static const char *memmem_after(const char *hay, size_t n, const char *needle, size_t nlen)
{
	const char *p = memmem(hay, n, needle, nlen);
	return p;
}

/* Parses one part's headers (up to the blank line); fills name/filename/content type. */
static int part_headers(struct arena *a, const char *h, size_t n, const char **name,
                        const char **filename, const char **ctype)
{
	*name = *filename = *ctype = NULL;
	size_t i = 0;
	while (i < n) {
		const char *eol = memmem_after(h + i, n - i, "\r\n", 2);
		size_t len = eol ? (size_t)(eol - (h + i)) : n - i;
		char *line = arena_strndup(a, h + i, len);
		if (strlen(line) != len)
			return ERR;
		if (strncasecmp(line, "Content-Disposition:", 20) == 0) {
			const char *v = line + 20;
			while (*v == ' ')
				v++;
			if (strncasecmp(v, "form-data", 9) != 0)
				return ERR;
			*name = header_param(a, v, "name");
			*filename = header_param(a, v, "filename");
		} else if (strncasecmp(line, "Content-Type:", 13) == 0) {
			const char *v = line + 13;
			while (*v == ' ')
				v++;
			*ctype = v;
		}
		i += len + 2;
	}
	return *name ? OK : ERR;
}

int parse_multipart(struct arena *a, const char *content_type, const char *body, size_t n,
                    struct kvlist *fields, struct uploads *files, struct parse_error *err)
{
	char *boundary = header_param(a, content_type, "boundary");
	if (!boundary || !*boundary || strlen(boundary) > 200) {
		set_error(err, NULL, "bad_multipart");
		return ERR;
	}
	char *delim = arena_printf(a, "--%s", boundary);
	size_t dlen = strlen(delim);
	const char *p = memmem(body, n, delim, dlen);
	if (!p) {
		set_error(err, NULL, "bad_multipart");
		return ERR;
	}
	const char *end = body + n;
	for (;;) {
		p += dlen;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return OK; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			break;
		p += 2;
		const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			break;
		const char *name, *filename, *ctype;
		if (part_headers(a, p, (size_t)(hend - p), &name, &filename, &ctype) != OK)
			break;
		const char *data = hend + 4;
		char *next = arena_printf(a, "\r\n%s", delim);
		const char *stop = memmem(data, (size_t)(end - data), next, dlen + 2);
		if (!stop)
			break;
		size_t len = (size_t)(stop - data);
		if (filename) {
			files->items = arena_grow_array(a, files->items, files->n, &files->cap,
			                                sizeof *files->items);
			files->items[files->n++] =
			    (struct upload){name, filename, ctype, data, len};
		} else {
			if (!utf8_valid(data, len) || memchr(data, '\0', len)) {
				set_error(err, name, "invalid_encoding");
				return ERR;
			}
			kvlist_add(a, fields, name, arena_strndup(a, data, len), len);
		}
		p = stop + 2;
	}
	set_error(err, NULL, "bad_multipart");
	return ERR;
}

json_t *parse_json(const char *body, size_t n, struct parse_error *err)
{
	json_error_t je;
	json_t *j = json_loadb(body, n, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		set_error(err, NULL, "malformed_json");
		if (err)
			snprintf(err->detail, sizeof err->detail,
			         "line %d, column %d (position %d): %.100s", je.line, je.column,
			         je.position, je.text);
		return NULL;
	}
	return j;
}
