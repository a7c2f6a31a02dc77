/* content_sanitize.h: the HTML sanitizer for article bodies. A tokenizer (not patterns)
 * reads untrusted HTML and writes the safe subset articles may hold: an allow-list of tags
 * and attributes, URLs limited to http, https, mailto (links only), relative and /media/
 * paths, all text escaped, every element closed. The output is canonical: sanitizing it
 * again gives the same bytes. content_sanitize_verify is an independent, stricter reader
 * of that canonical form, for tests, the fuzzer and assertions on stored bodies. */
#ifndef TALA_CONTENT_SANITIZE_H
#define TALA_CONTENT_SANITIZE_H

#include "base/strbuf.h"

#include <stddef.h>

/* Sanitizer limits: deeper nesting drops the start tag (its content is kept); a longer URL
 * drops the attribute. */
#define SANITIZE_MAX_DEPTH 64
#define SANITIZE_MAX_URL   4096

/* Appends the sanitized form of html[0..n) to out. Never fails on any bytes (invalid UTF-8
 * becomes U+FFFD); returns OK, or ERR only when html is NULL with n > 0. Policy:
 * - tags: p br h2 h3 h4 strong em b i u s sub sup blockquote ul ol li a img figure
 *   figcaption table thead tbody tr th td span div code pre hr; others are dropped and
 *   their text kept, except script style iframe object embed svg math template noscript
 *   textarea title xmp noembed noframes select applet frameset head plaintext, which are
 *   dropped with everything inside them;
 * - attributes: a href title; img src alt width height; td/th colspan rowspan; lang, dir
 *   and class (tokens of a short list: mn zh note warning tip caption left right center
 *   wide vertical horizontal) on any; everything else (on*, style, srcdoc, ...) dropped;
 * - URLs, after entity decoding and the browser's removal of tabs and newlines and
 *   trimming: http, https, mailto (a only), scheme-less (relative, /media/...); data: is
 *   refused everywhere (images come from /media/, sniffed on upload); img without an
 *   acceptable src is dropped;
 * - comments, CDATA, doctypes and processing instructions dropped; stray end tags
 *   dropped; unclosed elements closed; a p is closed by a block that starts inside it,
 *   an li by the next li of its list, td/th and tr by their next sibling. */
int content_sanitize(const char *html, size_t n, struct strbuf *out);

/* Returns NULL when html[0..n) is in the sanitizer's canonical safe form (only allowed
 * tags and attributes, double-quoted values, safe URLs, escaped text, balanced elements,
 * valid UTF-8), else a short English reason. */
const char *content_sanitize_verify(const char *html, size_t n);

#endif
