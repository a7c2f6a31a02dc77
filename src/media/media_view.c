/* media_view.c: how pages show a media file — an image, or an audio or video player that
 * works without JavaScript (the browser's own controls). */
#include "html/html.h"
#include "media/media.h"

#include <string.h>

void media_view_html(struct strbuf *o, const struct media_row *m, const char *url_prefix)
{
	if (strcmp(m->kind, "image") == 0) {
		html_printf(o, "<img src=\"%R/media/%s\" alt=\"%s\" loading=\"lazy\">", url_prefix,
		            m->sha256, m->filename ? m->filename : "");
		return;
	}
	const char *tag = strcmp(m->kind, "audio") == 0 ? "audio" : "video";
	html_printf(o,
	            "<%R controls preload=\"none\"><source src=\"%R/media/%s\" type=\"%s\">"
	            "<a href=\"%R/media/%s\">%s</a></%R>",
	            tag, url_prefix, m->sha256, m->mime, url_prefix, m->sha256,
	            m->filename && *m->filename ? m->filename : m->mime, tag);
}
