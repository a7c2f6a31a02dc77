/* portal_feed.c: Atom (RFC 4287) and JSON Feed 1.1 of a site's or a column's latest
 * articles, and the XML escaper they use. Absolute URLs start at the request's origin. */
#include "portal/portal.h"
#include "base/clock.h"
#include "base/common.h"
#include "content/content.h"
#include "html/html.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void portal_xml_escape(struct strbuf *out, const char *s, size_t n)
{
	/* html_escape's output (&amp; &lt; &gt; &quot; &#39;) is valid XML; XML 1.0 also forbids
	 * the C0 controls other than tab, newline and carriage return: they are dropped */
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			continue;
		html_escape(out, s + start, i - start);
		start = i + 1;
	}
	html_escape(out, s + start, n - start);
}

static void x(struct strbuf *o, const char *s)
{
	if (s)
		portal_xml_escape(o, s, strlen(s));
}

/* The entry's text in lang (else the other language) and its published and updated times. */
static const struct article_text *entry(const struct article *a, const char *lang, const char **got,
                                        char pub[32], char upd[32])
{
	clock_format_rfc3339(a->published_at, pub);
	clock_format_rfc3339(a->updated_at > a->published_at ? a->updated_at : a->published_at,
	                     upd);
	return portal_text_in(a, lang, got);
}

static const char *bcp47(const char *lang)
{
	return strcmp(lang, "mn") == 0 ? "mn-Mong" : "zh-Hans";
}

static void atom(struct strbuf *o, const char *self, const char *home, const char *base,
                 const char *title, const struct site *s, const struct article_page *p,
                 const struct portal_cover *covers, const char *lang)
{
	char t[32];
	int64_t newest = 0;
	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].updated_at > newest)
			newest = p->items[i].updated_at;
	clock_format_rfc3339(newest ? newest : 0, t);
	strbuf_printf(o,
	              "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	              "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n<id>",
	              bcp47(lang));
	x(o, home);
	strbuf_puts(o, "</id>\n<title>");
	x(o, title);
	strbuf_printf(o,
	              "</title>\n<updated>%s</updated>\n<link rel=\"self\" "
	              "type=\"application/atom+xml\" href=\"",
	              t);
	x(o, self);
	strbuf_puts(o, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	x(o, home);
	strbuf_puts(o, "\"/>\n<author><name>");
	x(o, content_site_name(s, lang));
	strbuf_puts(o, "</name></author>\n<generator>Tala</generator>\n");
	for (size_t i = 0; i < p->n; i++) {
		const struct article *a = &p->items[i];
		const char *got;
		char pub[32], upd[32];
		const struct article_text *tx = entry(a, lang, &got, pub, upd);
		if (!tx)
			continue;
		strbuf_printf(o, "<entry xml:lang=\"%s\">\n<id>", bcp47(got));
		x(o, base);
		strbuf_printf(o, "/s/");
		x(o, s->slug);
		strbuf_printf(o, "/a/%lld</id>\n<title>", (long long)a->id);
		x(o, tx->title);
		strbuf_puts(o, "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
		x(o, base);
		strbuf_puts(o, "/s/");
		x(o, s->slug);
		strbuf_printf(
		    o, "/a/%lld?v=%s\"/>\n<published>%s</published>\n<updated>%s</updated>\n",
		    (long long)a->id, got, pub, upd);
		if (tx->author && *tx->author) {
			strbuf_puts(o, "<author><name>");
			x(o, tx->author);
			strbuf_puts(o, "</name></author>\n");
		}
		for (size_t k = 0; k < a->ntags; k++) {
			strbuf_puts(o, "<category term=\"");
			x(o, a->tags[k]);
			strbuf_puts(o, "\"/>\n");
		}
		if (covers[i].url) {
			strbuf_puts(o, "<link rel=\"enclosure\" type=\"");
			x(o, covers[i].mime);
			strbuf_puts(o, "\" href=\"");
			x(o, covers[i].url);
			strbuf_puts(o, "\"/>\n");
		}
		if (tx->summary && *tx->summary) {
			strbuf_puts(o, "<summary>");
			x(o, tx->summary);
			strbuf_puts(o, "</summary>\n");
		}
		strbuf_puts(o, "<content type=\"html\">");
		x(o, tx->body);
		strbuf_puts(o, "</content>\n</entry>\n");
	}
	strbuf_puts(o, "</feed>\n");
}

static void jsonfeed(struct strbuf *o, const char *self, const char *home, const char *base,
                     const char *title, const struct site *s, const struct article_page *p,
                     const struct portal_cover *covers, const char *lang)
{
	json_t *items = json_array();
	for (size_t i = 0; i < p->n; i++) {
		const struct article *a = &p->items[i];
		const char *got;
		char pub[32], upd[32], url[512];
		const struct article_text *tx = entry(a, lang, &got, pub, upd);
		if (!tx)
			continue;
		snprintf(url, sizeof url, "%s/s/%s/a/%lld?v=%s", base, s->slug, (long long)a->id,
		         got);
		char id[512];
		snprintf(id, sizeof id, "%s/s/%s/a/%lld", base, s->slug, (long long)a->id);
		json_t *it =
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", id, "url", url, "title",
		              tx->title, "content_html", tx->body ? tx->body : "", "date_published",
		              pub, "date_modified", upd, "language", bcp47(got));
		if (tx->summary && *tx->summary)
			json_object_set_new(it, "summary", json_string(tx->summary));
		if (covers[i].url)
			json_object_set_new(it, "image", json_string(covers[i].url));
		if (tx->author && *tx->author)
			json_object_set_new(it, "authors",
			                    json_pack("[{s:s}]", "name", tx->author));
		if (a->ntags) {
			json_t *tags = json_array();
			for (size_t k = 0; k < a->ntags; k++)
				json_array_append_new(tags, json_string(a->tags[k]));
			json_object_set_new(it, "tags", tags);
		}
		json_array_append_new(items, it);
	}
	json_t *feed =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "version",
	              "https://jsonfeed.org/version/1.1", "title", title, "home_page_url", home,
	              "feed_url", self, "language", bcp47(lang), "items", items);
	char *txt = json_dumps(feed, JSON_COMPACT);
	if (txt)
		strbuf_puts(o, txt);
	free(txt);
	json_decref(feed);
}

void portal_feed_render(struct req *rq, struct resp *rs, bool feed_json, const char *base,
                        const struct site *s, const struct content_column *c,
                        const struct article_page *page, const struct portal_cover *covers,
                        const char *lang)
{
	const char *home = c ? arena_printf(rq->arena, "%s/s/%s/c/%s", base, s->slug, c->slug)
	                     : arena_printf(rq->arena, "%s/s/%s/", base, s->slug);
	const char *self = arena_printf(rq->arena, "%s%s%s", home, c ? "/" : "",
	                                feed_json ? "feed.json" : "feed.atom");
	const char *title = c ? arena_printf(rq->arena, "%s · %s", content_site_name(s, lang),
	                                     content_column_name(c, lang))
	                      : content_site_name(s, lang);
	rs->status = 200;
	if (feed_json) {
		rs->content_type = "application/feed+json; charset=utf-8";
		jsonfeed(&rs->body, self, home, base, title, s, page, covers, lang);
	} else {
		rs->content_type = "application/atom+xml; charset=utf-8";
		atom(&rs->body, self, home, base, title, s, page, covers, lang);
	}
}
