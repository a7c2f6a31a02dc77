/* html.h: the HTML writer and page layout. Every interpolated value is escaped by default:
 * html_printf's %s writes escaped text (safe in element content and quoted attributes),
 * %u writes a percent-encoded URL component, %U a URL checked for a safe scheme, %d/%ld
 * numbers, and %R raw trusted markup (only for HTML this program built itself). */
#ifndef TALA_HTML_H
#define TALA_HTML_H

#include "base/strbuf.h"
#include "http/http.h"

#include <stddef.h>

/* Appends s escaped for element content and quoted attribute values. */
void html_escape(struct strbuf *out, const char *s, size_t n);
/* Appends s percent-encoded for a URL path segment or query value (RFC 3986 unreserved
 * characters kept). */
void html_url_component(struct strbuf *out, const char *s);
/* Appends a URL for href/src: relative or http(s)/mailto only ("#" otherwise), escaped. */
void html_url(struct strbuf *out, const char *url);
/* Writes fmt with the conversions above. */
void html_printf(struct strbuf *out, const char *fmt, ...);

/* Translated text for the request's language. */
const char *T(struct req *rq, const char *key);

/* Starts a page: doctype, head (title, css, fonts), header with the language switch.
 * title is plain text. The page body goes into rs->body between begin and end. */
void page_begin(struct req *rq, struct resp *rs, const char *title);
void page_end(struct req *rq, struct resp *rs);
/* Opens/closes a block in the current language: Mongolian blocks are vertical. */
void html_block_open(struct req *rq, struct strbuf *out, const char *tag, const char *cls);
/* Writes text in the language it is in: a Mongolian span (vertical inside horizontal
 * Chinese pages) or plain escaped text. */
void html_mn_text(struct strbuf *out, const char *s);

/* The error page used by reply_error for HTML requests. */
void html_error_page(struct req *rq, struct resp *rs, const char *message);

#endif
