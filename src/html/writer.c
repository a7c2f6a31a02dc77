/* writer.c: escaping HTML writer (see html.h for the conversions). */
#include "html/html.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

void html_escape(struct strbuf *out, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\0':
			rep = "\xEF\xBF\xBD";
			break;
		default:
			continue;
		}
		strbuf_append(out, s + start, i - start);
		strbuf_puts(out, rep);
		start = i + 1;
	}
	strbuf_append(out, s + start, n - start);
}

void html_url_component(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			strbuf_putc(out, (char)*p);
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			strbuf_append(out, enc, 3);
		}
	}
}

void html_url(struct strbuf *out, const char *url)
{
	/* a scheme is what comes before a ':' that precedes any '/', '?' or '#' */
	bool has_scheme = url[strcspn(url, ":/?#")] == ':';
	if (has_scheme && strncasecmp(url, "http:", 5) != 0 && strncasecmp(url, "https:", 6) != 0 &&
	    strncasecmp(url, "mailto:", 7) != 0) {
		strbuf_putc(out, '#');
		return;
	}
	html_escape(out, url, strlen(url));
}

void html_printf(struct strbuf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			strbuf_puts(out, p);
			break;
		}
		strbuf_append(out, p, (size_t)(pct - p));
		char conv = pct[1];
		if (conv == 'l' && pct[2] == 'd') {
			strbuf_printf(out, "%ld", va_arg(ap, long));
			p = pct + 3;
			continue;
		}
		switch (conv) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s)
				html_escape(out, s, strlen(s));
			break;
		}
		case 'u': {
			const char *s = va_arg(ap, const char *);
			if (s)
				html_url_component(out, s);
			break;
		}
		case 'U': {
			const char *s = va_arg(ap, const char *);
			html_url(out, s ? s : "#");
			break;
		}
		case 'R': {
			const char *s = va_arg(ap, const char *);
			if (s)
				strbuf_puts(out, s);
			break;
		}
		case 'd':
			strbuf_printf(out, "%d", va_arg(ap, int));
			break;
		case '%':
			strbuf_putc(out, '%');
			break;
		default: /* unknown conversion: write it literally, consume nothing */
			strbuf_append(out, pct, conv ? 2 : 1);
			break;
		}
		p = conv ? pct + 2 : pct + 1;
	}
	va_end(ap);
}
