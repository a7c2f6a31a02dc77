/* content_sanitize.c: the article-body sanitizer (see content_sanitize.h). Three steps:
 * the input is made valid UTF-8 without control characters; a tokenizer that follows the
 * HTML5 tokenizer's states for tags, attributes, comments and raw-text elements reads it;
 * a small tree builder keeps a stack of open allowed elements and writes each token in one
 * canonical form. Entities are decoded before any check and everything written is escaped
 * again, so what is checked is exactly what a browser will read. Owns no state beyond a
 * call; thread-safe. */
#include "content/content_sanitize.h"
#include "base/common.h"
#include "base/utf8.h"
#include "html/html.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- the policy tables ---- */

enum {
	T_VOID = 1 << 0,    /* no end tag: br hr img */
	T_CLOSES_P = 1 << 1 /* a block that closes an open p */
};

enum attr_id {
	A_HREF,
	A_TITLE,
	A_SRC,
	A_ALT,
	A_WIDTH,
	A_HEIGHT,
	A_COLSPAN,
	A_ROWSPAN,
	A_LANG,
	A_DIR,
	A_CLASS,
	A_COUNT
};

static const char *const attr_names[A_COUNT] = {
    [A_HREF] = "href",   [A_TITLE] = "title",   [A_SRC] = "src",         [A_ALT] = "alt",
    [A_WIDTH] = "width", [A_HEIGHT] = "height", [A_COLSPAN] = "colspan", [A_ROWSPAN] = "rowspan",
    [A_LANG] = "lang",   [A_DIR] = "dir",       [A_CLASS] = "class",
};

#define GLOBAL_ATTRS ((1u << A_LANG) | (1u << A_DIR) | (1u << A_CLASS))
#define CELL_ATTRS   ((1u << A_COLSPAN) | (1u << A_ROWSPAN))

struct tag {
	const char *name;
	unsigned flags;
	unsigned attrs; /* bit per enum attr_id, besides the global ones */
};

static const struct tag tags[] = {
    {"p", T_CLOSES_P, 0},
    {"br", T_VOID, 0},
    {"h2", T_CLOSES_P, 0},
    {"h3", T_CLOSES_P, 0},
    {"h4", T_CLOSES_P, 0},
    {"strong", 0, 0},
    {"em", 0, 0},
    {"b", 0, 0},
    {"i", 0, 0},
    {"u", 0, 0},
    {"s", 0, 0},
    {"sub", 0, 0},
    {"sup", 0, 0},
    {"blockquote", T_CLOSES_P, 0},
    {"ul", T_CLOSES_P, 0},
    {"ol", T_CLOSES_P, 0},
    {"li", T_CLOSES_P, 0},
    {"a", 0, (1u << A_HREF) | (1u << A_TITLE)},
    {"img", T_VOID, (1u << A_SRC) | (1u << A_ALT) | (1u << A_WIDTH) | (1u << A_HEIGHT)},
    {"figure", T_CLOSES_P, 0},
    {"figcaption", T_CLOSES_P, 0},
    {"table", T_CLOSES_P, 0},
    {"thead", 0, 0},
    {"tbody", 0, 0},
    {"tr", 0, 0},
    {"th", 0, CELL_ATTRS},
    {"td", 0, CELL_ATTRS},
    {"span", 0, 0},
    {"div", T_CLOSES_P, 0},
    {"code", 0, 0},
    {"pre", T_CLOSES_P, 0},
    {"hr", T_VOID | T_CLOSES_P, 0},
};

/* Elements dropped together with everything up to their end tag. */
static const char *const drop_with_content[] = {
    "script",   "style",    "iframe", "object", "svg",     "math",      "template",
    "noscript", "textarea", "title",  "xmp",    "noembed", "noframes",  "select",
    "applet",   "frameset", "head",   "audio",  "video",   "plaintext",
};

static const char *const class_allowed[] = {
    "mn",   "zh",    "note",   "warning", "tip",      "caption",
    "left", "right", "center", "wide",    "vertical", "horizontal",
};

static int tag_find(const char *name, size_t n)
{
	for (size_t i = 0; i < ARRAY_LEN(tags); i++)
		if (strlen(tags[i].name) == n && memcmp(tags[i].name, name, n) == 0)
			return (int)i;
	return -1;
}

static int tag_id(const char *name)
{
	return tag_find(name, strlen(name));
}

static bool in_list(const char *const *list, size_t count, const char *s, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return true;
	return false;
}

/* ---- characters ---- */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether a code point may appear in the output (controls other than tab, LF, FF, CR and
 * the C1 range may not). */
static bool cp_allowed(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r')
		return true;
	return !(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F));
}

static void put_cp(struct strbuf *out, uint32_t cp)
{
	char b[4];
	if (!cp_allowed(cp) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	strbuf_append(out, b, utf8_encode(cp, b));
}

/* Copies s[0..n) into out as valid UTF-8 without NUL or control characters (each bad byte
 * or control becomes U+FFFD). */
static void clean_input(const char *s, size_t n, struct strbuf *out)
{
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F)
			run++;
		strbuf_append(out, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			put_cp(out, UTF8_REPLACEMENT);
			i++;
		} else {
			put_cp(out, cp);
			i += len;
		}
	}
}

/* ---- character references ---- */

static const struct {
	const char *name, *text;
	bool legacy; /* recognised without the ';' too */
} entities[] = {
    {"amp", "&", true},
    {"AMP", "&", true},
    {"lt", "<", true},
    {"LT", "<", true},
    {"gt", ">", true},
    {"GT", ">", true},
    {"quot", "\"", true},
    {"QUOT", "\"", true},
    {"nbsp", "\xC2\xA0", true},
    {"copy", "\xC2\xA9", true},
    {"reg", "\xC2\xAE", true},
    {"apos", "'", false},
    {"hellip", "\xE2\x80\xA6", false},
    {"mdash", "\xE2\x80\x94", false},
    {"ndash", "\xE2\x80\x93", false},
    {"laquo", "\xC2\xAB", true},
    {"raquo", "\xC2\xBB", true},
    {"middot", "\xC2\xB7", true},
    {"times", "\xC3\x97", true},
    {"ldquo", "\xE2\x80\x9C", false},
    {"rdquo", "\xE2\x80\x9D", false},
    {"lsquo", "\xE2\x80\x98", false},
    {"rsquo", "\xE2\x80\x99", false},
    {"colon", ":", false},
    {"Tab", "\t", false},
    {"NewLine", "\n", false},
    {"sol", "/", false},
    {"lpar", "(", false},
    {"rpar", ")", false},
    {"period", ".", false},
    {"comma", ",", false},
    {"num", "#", false},
};

/* Windows-1252 code points that numeric references 0x80-0x9F stand for (HTML5). */
static const uint16_t cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Decodes the reference at s[0..n) (s[0] == '&') into out; returns the bytes it used, or 0
 * when there is none (the '&' is then literal). in_attr applies HTML5's rule that a legacy
 * name without ';' followed by an alphanumeric or '=' is not a reference. */
static size_t decode_ref(const char *s, size_t n, bool in_attr, struct strbuf *out)
{
	if (n >= 3 && s[1] == '#') {
		size_t i = 2;
		bool hex = s[i] == 'x' || s[i] == 'X';
		if (hex)
			i++;
		size_t start = i;
		uint32_t v = 0;
		while (i < n) {
			int d;
			if (is_digit(s[i]))
				d = s[i] - '0';
			else if (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')
				d = lower(s[i]) - 'a' + 10;
			else
				break;
			v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + (uint32_t)d;
			i++;
		}
		if (i == start)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		if (v >= 0x80 && v <= 0x9F && cp1252[v - 0x80])
			v = cp1252[v - 0x80];
		if (v == 0)
			v = UTF8_REPLACEMENT;
		put_cp(out, v);
		return i;
	}
	size_t i = 1;
	while (i < n && i < 12 && (is_alpha(s[i]) || is_digit(s[i])))
		i++;
	size_t len = i - 1;
	bool semi = i < n && s[i] == ';';
	for (size_t k = 0; k < ARRAY_LEN(entities); k++) {
		if (strlen(entities[k].name) != len || memcmp(entities[k].name, s + 1, len) != 0)
			continue;
		if (semi) {
			strbuf_puts(out, entities[k].text);
			return i + 1;
		}
		if (!entities[k].legacy)
			return 0;
		if (in_attr && i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '='))
			return 0;
		strbuf_puts(out, entities[k].text);
		return i;
	}
	return 0;
}

/* Appends s[0..n) with its character references decoded. */
static void decode_text(const char *s, size_t n, bool in_attr, struct strbuf *out)
{
	size_t i = 0;
	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - s) : n;
		strbuf_append(out, s + i, end - i);
		i = end;
		if (i >= n)
			break;
		size_t used = decode_ref(s + i, n - i, in_attr, out);
		if (used == 0) {
			strbuf_putc(out, '&');
			used = 1;
		}
		i += used;
	}
}

/* ---- URLs ---- */

/* Whether the scheme of URL u[0..n) is acceptable. Stricter than a browser: with every
 * character up to U+0020 ignored, anything before a ':' that comes before the first '/',
 * '?' or '#' is the scheme (so "java script:" and "x:y" are refused, not read as relative);
 * no such ':' means a relative URL. */
static bool url_scheme_ok(const char *u, size_t n, bool allow_mailto)
{
	char scheme[8];
	size_t k = 0;
	bool too_long = false;
	for (size_t i = 0; i < n; i++) {
		char c = u[i];
		if ((unsigned char)c <= 0x20)
			continue;
		if (c == '/' || c == '?' || c == '#')
			return true;
		if (c == ':') {
			if (too_long)
				return false;
			scheme[k] = '\0';
			return strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
			       (allow_mailto && strcmp(scheme, "mailto") == 0);
		}
		if (k + 1 < sizeof scheme)
			scheme[k++] = lower(c);
		else
			too_long = true;
	}
	return true;
}

/* Writes the URL v[0..n) as a browser reads it (tabs and newlines removed, control
 * characters and spaces trimmed) into out when its scheme is acceptable; returns whether
 * it is. mailto is accepted when allow_mailto. */
static bool url_clean(const char *v, size_t n, bool allow_mailto, struct strbuf *out)
{
	size_t b = 0, e = n;
	while (b < e && (unsigned char)v[b] <= 0x20)
		b++;
	while (e > b && (unsigned char)v[e - 1] <= 0x20)
		e--;
	for (size_t i = b; i < e; i++)
		if (v[i] != '\t' && v[i] != '\n' && v[i] != '\r')
			strbuf_putc(out, v[i]);
	if (out->len > SANITIZE_MAX_URL)
		return false;
	return url_scheme_ok(out->data, out->len, allow_mailto);
}

/* ---- the tokenizer and tree builder ---- */

struct san {
	const char *s;
	size_t n, i;
	struct strbuf *out;
	int stack[SANITIZE_MAX_DEPTH];
	int depth;
	struct strbuf attrs; /* the start tag's kept attributes, written */
	struct strbuf val;   /* an attribute value, decoded */
	struct strbuf tmp;   /* a value's cleaned form */
	unsigned seen;       /* attributes met in this tag (the first one wins) */
	bool has_src;
};

static void close_top(struct san *z)
{
	int t = z->stack[--z->depth];
	strbuf_printf(z->out, "</%s>", tags[t].name);
}

/* Closes open elements down to and including the nearest one of `names`, searching no
 * deeper than an element of `stop` (both space-separated, padded: " li "). */
static void close_nearest(struct san *z, const char *names, const char *stop)
{
	char key[16];
	for (int d = z->depth - 1; d >= 0; d--) {
		snprintf(key, sizeof key, " %s ", tags[z->stack[d]].name);
		if (strstr(names, key)) {
			while (z->depth > d)
				close_top(z);
			return;
		}
		if (stop && strstr(stop, key))
			return;
	}
}

/* The implicit end tags HTML5 writes before a start tag of t. */
static void implicit_closes(struct san *z, int t)
{
	const char *name = tags[t].name;
	if (strcmp(name, "li") == 0)
		close_nearest(z, " li ", " ul ol table td th ");
	else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
		close_nearest(z, " td th ", " tr table ");
	else if (strcmp(name, "tr") == 0)
		close_nearest(z, " tr ", " thead tbody table ");
	else if (strcmp(name, "thead") == 0 || strcmp(name, "tbody") == 0)
		close_nearest(z, " thead tbody ", " table ");
	else if (strcmp(name, "a") == 0)
		close_nearest(z, " a ", NULL);
	if (tags[t].flags & T_CLOSES_P)
		close_nearest(z, " p ", " table td th ");
}

static bool digits_only(const char *s, size_t n, size_t max)
{
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static void put_attr(struct san *z, enum attr_id a, const char *v, size_t n)
{
	strbuf_printf(&z->attrs, " %s=\"", attr_names[a]);
	html_escape(&z->attrs, v, n);
	strbuf_putc(&z->attrs, '"');
}

/* Keeps attribute a with decoded value z->val when the policy allows it. */
static void attr_keep(struct san *z, enum attr_id a)
{
	const char *v = z->val.data;
	size_t n = z->val.len;
	strbuf_reset(&z->tmp);
	switch (a) {
	case A_HREF:
	case A_SRC:
		if (!url_clean(v, n, a == A_HREF, &z->tmp) || (a == A_SRC && z->tmp.len == 0))
			return;
		put_attr(z, a, z->tmp.data, z->tmp.len);
		z->has_src |= a == A_SRC;
		return;
	case A_TITLE:
	case A_ALT:
		put_attr(z, a, v, n);
		return;
	case A_WIDTH:
	case A_HEIGHT:
	case A_COLSPAN:
	case A_ROWSPAN: {
		size_t b = 0, e = n;
		while (b < e && is_ws(v[b]))
			b++;
		while (e > b && is_ws(v[e - 1]))
			e--;
		if (digits_only(v + b, e - b, a == A_WIDTH || a == A_HEIGHT ? 4 : 3))
			put_attr(z, a, v + b, e - b);
		return;
	}
	case A_LANG:
		if (n == 0 || n > 35)
			return;
		for (size_t i = 0; i < n; i++)
			if (!is_alpha(v[i]) && !is_digit(v[i]) && v[i] != '-')
				return;
		put_attr(z, a, v, n);
		return;
	case A_DIR: {
		char d[8] = "";
		if (n >= sizeof d)
			return;
		for (size_t i = 0; i < n; i++)
			d[i] = lower(v[i]);
		if (strcmp(d, "ltr") == 0 || strcmp(d, "rtl") == 0 || strcmp(d, "auto") == 0)
			put_attr(z, a, d, n);
		return;
	}
	case A_CLASS:
		for (size_t i = 0; i < n;) {
			while (i < n && is_ws(v[i]))
				i++;
			size_t b = i;
			while (i < n && !is_ws(v[i]))
				i++;
			if (i > b &&
			    in_list(class_allowed, ARRAY_LEN(class_allowed), v + b, i - b)) {
				if (z->tmp.len)
					strbuf_putc(&z->tmp, ' ');
				strbuf_append(&z->tmp, v + b, i - b);
			}
		}
		if (z->tmp.len)
			put_attr(z, a, z->tmp.data, z->tmp.len);
		return;
	case A_COUNT:
		break;
	}
}

/* Considers one attribute (lowercased name[0..nlen), raw value) of tag t (-1: the tag is
 * not kept, the attribute only has to be read). */
static void attr_take(struct san *z, int t, const char *name, size_t nlen, const char *raw,
                      size_t rlen)
{
	if (t < 0)
		return;
	for (int a = 0; a < A_COUNT; a++) {
		if (strlen(attr_names[a]) != nlen || memcmp(attr_names[a], name, nlen) != 0)
			continue;
		if (z->seen & (1u << a))
			return; /* a repeated attribute is ignored, as browsers do */
		z->seen |= 1u << a;
		if (!((tags[t].attrs | GLOBAL_ATTRS) & (1u << a)))
			return;
		strbuf_reset(&z->val);
		decode_text(raw, rlen, true, &z->val);
		attr_keep(z, (enum attr_id)a);
		return;
	}
}

/* Reads the attributes of a tag from z->i up to and including its '>'; returns false when
 * the input ends first. */
static bool read_attrs(struct san *z, int t)
{
	const char *s = z->s;
	size_t n = z->n, i = z->i;
	char name[16];
	for (;;) {
		while (i < n && (is_ws(s[i]) || s[i] == '/'))
			i++;
		if (i >= n)
			return false;
		if (s[i] == '>') {
			z->i = i + 1;
			return true;
		}
		/* attribute name: up to whitespace, '/', '>' or '=' (a leading '=' belongs) */
		size_t nb = i++;
		while (i < n && !is_ws(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
			i++;
		size_t nlen = i - nb;
		bool fits = nlen < sizeof name;
		for (size_t k = 0; fits && k < nlen; k++)
			name[k] = lower(s[nb + k]);
		while (i < n && is_ws(s[i]))
			i++;
		const char *raw = "";
		size_t rlen = 0;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && is_ws(s[i]))
				i++;
			if (i >= n)
				return false;
			if (s[i] == '"' || s[i] == '\'') {
				const char *close = memchr(s + i + 1, s[i], n - i - 1);
				if (!close)
					return false;
				raw = s + i + 1;
				rlen = (size_t)(close - raw);
				i = (size_t)(close - s) + 1;
			} else if (s[i] != '>') {
				size_t vb = i;
				while (i < n && !is_ws(s[i]) && s[i] != '>')
					i++;
				raw = s + vb;
				rlen = i - vb;
			}
		}
		if (fits)
			attr_take(z, t, name, nlen, raw, rlen);
	}
}

/* Skips from z->i past the end tag </name...> (case-insensitive), or to the end. */
static void skip_to_end_tag(struct san *z, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = z->i; i + 2 + len <= z->n; i++) {
		if (z->s[i] != '<' || z->s[i + 1] != '/')
			continue;
		size_t k = 0;
		while (k < len && lower(z->s[i + 2 + k]) == name[k])
			k++;
		if (k < len)
			continue;
		size_t after = i + 2 + len;
		if (after < z->n && !is_ws(z->s[after]) && z->s[after] != '/' && z->s[after] != '>')
			continue;
		z->i = after;
		if (!read_attrs(z, -1))
			z->i = z->n;
		return;
	}
	z->i = z->n;
}

/* Skips a bogus comment (<!DOCTYPE ...>, <![CDATA[...]]>, <?...>, </ 1>) through its '>'. */
static void skip_bogus(struct san *z)
{
	const char *gt = memchr(z->s + z->i, '>', z->n - z->i);
	z->i = gt ? (size_t)(gt - z->s) + 1 : z->n;
}

static void skip_comment(struct san *z)
{
	size_t i = z->i + 4; /* after "<!--" */
	if (i < z->n && z->s[i] == '>') {
		z->i = i + 1;
		return;
	}
	if (i + 1 < z->n && z->s[i] == '-' && z->s[i + 1] == '>') {
		z->i = i + 2;
		return;
	}
	for (; i + 2 < z->n; i++) {
		if (z->s[i] != '-' || z->s[i + 1] != '-')
			continue;
		if (z->s[i + 2] == '>') {
			z->i = i + 3;
			return;
		}
		if (i + 3 < z->n && z->s[i + 2] == '!' && z->s[i + 3] == '>') {
			z->i = i + 4;
			return;
		}
	}
	z->i = z->n;
}

/* Reads a tag name at z->i into name (lowercased; "" when too long to be one we know). */
static void read_name(struct san *z, char *name, size_t cap)
{
	size_t b = z->i;
	while (z->i < z->n && !is_ws(z->s[z->i]) && z->s[z->i] != '/' && z->s[z->i] != '>')
		z->i++;
	size_t len = z->i - b;
	if (len >= cap)
		len = 0;
	for (size_t k = 0; k < len; k++)
		name[k] = lower(z->s[b + k]);
	name[len] = '\0';
}

static void end_tag(struct san *z)
{
	char name[16];
	z->i += 2;
	read_name(z, name, sizeof name);
	if (!read_attrs(z, -1)) {
		z->i = z->n;
		return;
	}
	int t = name[0] ? tag_id(name) : -1;
	if (t < 0 || (tags[t].flags & T_VOID))
		return;
	for (int d = z->depth - 1; d >= 0; d--) {
		if (z->stack[d] == t) {
			while (z->depth > d)
				close_top(z);
			return;
		}
	}
}

static void start_tag(struct san *z)
{
	char name[16];
	z->i += 1;
	read_name(z, name, sizeof name);
	int t = name[0] ? tag_id(name) : -1;
	z->seen = 0;
	z->has_src = false;
	strbuf_reset(&z->attrs);
	if (!read_attrs(z, t)) { /* the input ends inside the tag: browsers drop it */
		z->i = z->n;
		return;
	}
	if (t < 0) {
		if (name[0] &&
		    in_list(drop_with_content, ARRAY_LEN(drop_with_content), name, strlen(name))) {
			if (strcmp(name, "plaintext") == 0)
				z->i = z->n;
			else
				skip_to_end_tag(z, name);
		}
		return;
	}
	if (strcmp(name, "img") == 0 && !z->has_src)
		return;
	implicit_closes(z, t);
	bool is_void = tags[t].flags & T_VOID;
	if (!is_void && z->depth >= SANITIZE_MAX_DEPTH)
		return;
	strbuf_printf(z->out, "<%s", name);
	strbuf_append(z->out, z->attrs.data, z->attrs.len);
	strbuf_putc(z->out, '>');
	if (!is_void)
		z->stack[z->depth++] = t;
}

/* Handles the '<' at z->i; returns false when it starts no markup (it is text). */
static bool markup(struct san *z)
{
	const char *s = z->s + z->i;
	size_t left = z->n - z->i;
	if (left < 2)
		return false;
	if (s[1] == '!') {
		if (left >= 4 && s[2] == '-' && s[3] == '-')
			skip_comment(z);
		else
			skip_bogus(z);
		return true;
	}
	if (s[1] == '?') {
		skip_bogus(z);
		return true;
	}
	if (s[1] == '/') {
		if (left < 3)
			return false;
		if (is_alpha(s[2]))
			end_tag(z);
		else
			skip_bogus(z); /* "</>" included */
		return true;
	}
	if (!is_alpha(s[1]))
		return false;
	start_tag(z);
	return true;
}

int content_sanitize(const char *html, size_t n, struct strbuf *out)
{
	if (!html && n)
		return ERR;
	struct strbuf in;
	strbuf_init(&in);
	clean_input(html ? html : "", n, &in);
	struct san z = {.s = in.data, .n = in.len, .out = out};
	strbuf_init(&z.attrs);
	strbuf_init(&z.val);
	strbuf_init(&z.tmp);
	while (z.i < z.n) {
		if (z.s[z.i] == '<') {
			if (!markup(&z)) {
				strbuf_puts(out, "&lt;");
				z.i++;
			}
			continue;
		}
		const char *lt = memchr(z.s + z.i, '<', z.n - z.i);
		size_t end = lt ? (size_t)(lt - z.s) : z.n;
		strbuf_reset(&z.val);
		decode_text(z.s + z.i, end - z.i, false, &z.val);
		html_escape(out, z.val.data, z.val.len);
		z.i = end;
	}
	while (z.depth > 0)
		close_top(&z);
	strbuf_free(&z.attrs);
	strbuf_free(&z.val);
	strbuf_free(&z.tmp);
	strbuf_free(&in);
	return OK;
}

/* ---- the verifier: a separate, stricter reader of the canonical output ---- */

static const char *const verify_tags[] = {
    "p",  "br", "h2",  "h3",     "h4",         "strong",     "em",    "b",
    "i",  "u",  "s",   "sub",    "sup",        "blockquote", "ul",    "ol",
    "li", "a",  "img", "figure", "figcaption", "table",      "thead", "tbody",
    "tr", "th", "td",  "span",   "div",        "code",       "pre",   "hr",
};

/* Whether attribute `attr` may appear on `tag`. */
static bool verify_attr_ok(const char *tag, const char *attr)
{
	if (!strcmp(attr, "lang") || !strcmp(attr, "dir") || !strcmp(attr, "class"))
		return true;
	if (!strcmp(tag, "a"))
		return !strcmp(attr, "href") || !strcmp(attr, "title");
	if (!strcmp(tag, "img"))
		return !strcmp(attr, "src") || !strcmp(attr, "alt") || !strcmp(attr, "width") ||
		       !strcmp(attr, "height");
	if (!strcmp(tag, "td") || !strcmp(tag, "th"))
		return !strcmp(attr, "colspan") || !strcmp(attr, "rowspan");
	return false;
}

/* The length of the escape at s (one of the five html_escape writes), or 0. */
static size_t verify_escape(const char *s, size_t n)
{
	static const char *const ok[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
	for (size_t k = 0; k < ARRAY_LEN(ok); k++)
		if (n >= strlen(ok[k]) && memcmp(s, ok[k], strlen(ok[k])) == 0)
			return strlen(ok[k]);
	return 0;
}

/* Whether the (escaped) URL value is safe: decoded and with every character up to U+0020
 * dropped and letters lowered, what comes before a ':' that precedes any '/', '?' or '#'
 * is http, https or (when mailto) mailto. */
static bool verify_url(const char *v, size_t n, bool mailto)
{
	char scheme[16];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		if (c == '&') {
			c = v[i + 1] == 'a'   ? '&'
			    : v[i + 1] == 'q' ? '"'
			    : v[i + 1] == 'l' ? '<'
			                      : '>';
			i += verify_escape(v + i, n - i) - 1;
		}
		if ((unsigned char)c <= 0x20)
			continue;
		if (c == '/' || c == '?' || c == '#')
			return true;
		if (c == ':') {
			scheme[k < sizeof scheme ? k : sizeof scheme - 1] = '\0';
			return k < sizeof scheme &&
			       (!strcmp(scheme, "http") || !strcmp(scheme, "https") ||
			        (mailto && !strcmp(scheme, "mailto")));
		}
		if (k < sizeof scheme - 1)
			scheme[k] = lower(c);
		k++;
	}
	return true;
}

const char *content_sanitize_verify(const char *html, size_t n)
{
	if (!utf8_valid(html, n))
		return "invalid UTF-8";
	const char *stack[SANITIZE_MAX_DEPTH];
	int depth = 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)html[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r')
			return "control character";
		if (c == 0xC2 && i + 1 < n && (unsigned char)html[i + 1] <= 0x9F)
			return "C1 control character";
		if (c == '>')
			return "raw '>' in text";
		if (c == '&') {
			size_t e = verify_escape(html + i, n - i);
			if (!e)
				return "unknown character reference";
			i += e;
			continue;
		}
		if (c != '<') {
			i++;
			continue;
		}
		bool end = i + 1 < n && html[i + 1] == '/';
		size_t b = i + (end ? 2 : 1), e = b;
		while (e < n && html[e] >= 'a' && html[e] <= 'z')
			e++;
		while (e < n && html[e] >= '0' && html[e] <= '9' && e > b)
			e++;
		char tag[16];
		if (e == b || e - b >= sizeof tag)
			return "malformed tag";
		memcpy(tag, html + b, e - b);
		tag[e - b] = '\0';
		if (!in_list(verify_tags, ARRAY_LEN(verify_tags), tag, strlen(tag)))
			return "tag outside the allow-list";
		bool is_void = !strcmp(tag, "br") || !strcmp(tag, "hr") || !strcmp(tag, "img");
		if (end) {
			if (e >= n || html[e] != '>')
				return "malformed end tag";
			if (is_void)
				return "end tag of a void element";
			if (depth == 0 || strcmp(stack[depth - 1], tag) != 0)
				return "end tag does not match";
			depth--;
			i = e + 1;
			continue;
		}
		bool has_src = false;
		i = e;
		while (i < n && html[i] == ' ') {
			size_t ab = ++i;
			while (i < n && html[i] >= 'a' && html[i] <= 'z')
				i++;
			char attr[16];
			if (i == ab || i - ab >= sizeof attr)
				return "malformed attribute";
			memcpy(attr, html + ab, i - ab);
			attr[i - ab] = '\0';
			if (!strncmp(attr, "on", 2))
				return "event handler attribute";
			if (!verify_attr_ok(tag, attr))
				return "attribute outside the allow-list";
			if (i + 1 >= n || html[i] != '=' || html[i + 1] != '"')
				return "attribute value not double-quoted";
			size_t vb = i + 2;
			const char *q = memchr(html + vb, '"', n - vb);
			if (!q)
				return "unterminated attribute value";
			size_t vlen = (size_t)(q - html) - vb;
			for (size_t k = vb; k < vb + vlen; k++) {
				if (html[k] == '<' || html[k] == '>')
					return "raw '<' or '>' in an attribute";
				if (html[k] == '&' && !verify_escape(html + k, vb + vlen - k))
					return "unknown character reference in an attribute";
			}
			if ((!strcmp(attr, "href") || !strcmp(attr, "src")) &&
			    !verify_url(html + vb, vlen, !strcmp(attr, "href")))
				return "unsafe URL";
			has_src |= !strcmp(attr, "src");
			i = vb + vlen + 1;
		}
		if (i >= n || html[i] != '>')
			return "malformed tag";
		i++;
		if (!strcmp(tag, "img") && !has_src)
			return "img without src";
		if (!is_void) {
			if (depth >= SANITIZE_MAX_DEPTH)
				return "nested too deeply";
			for (size_t k = 0; k < ARRAY_LEN(verify_tags); k++)
				if (!strcmp(verify_tags[k], tag))
					stack[depth] = verify_tags[k];
			depth++;
		}
	}
	return depth == 0 ? NULL : "unclosed element";
}
