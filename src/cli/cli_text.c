/* cli_text.c: `tala text normalize|canonical|menk2uni|uni2menk|key|latin|tokens [FILE]`: the text
 * engine for operators converting archives. Streams FILE (or stdin) line by line to
 * stdout, one line out per line in; a line's trailing newline is kept apart.
 * `tala text specimen [FILE]` writes instead one HTML page showing each line as given, as
 * stored and in the canonical form, in the Noto Sans Mongolian Tala serves, with a script
 * that compares how the browser draws them (docs/text.md: the screenshot check).
 * `tala text reindex` is in cli_text_reindex.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/strbuf.h"
#include "cli/cli.h"
#include "html/html.h"
#include "text/text.h"

static const char usage[] =
    "usage: tala text normalize|canonical|menk2uni|uni2menk|key|latin|tokens [FILE]\n"
    "  normalize  what Tala stores: Menksoft decoded, NFC, controls no font uses removed\n"
    "  canonical  the standard encoding of GB/T 25914-2023 (NNBSP as MVS, no redundant FVS)\n"
    "  menk2uni   Menksoft legacy glyph codes -> Unicode Mongolian\n"
    "  uni2menk   Unicode Mongolian -> Menksoft glyph codes\n"
    "  key        the shape key of each Mongolian word, space-separated\n"
    "  latin      Mongolian letters -> Latin transliteration (docs/text.md)\n"
    "  tokens     the search analyzer's tokens (synonyms joined with '|')\n"
    "  specimen   an HTML page: each line as given, stored and canonical, side by side\n"
    "Reads FILE or standard input; writes one line per input line (specimen: one page).\n"
    "tala text reindex [--data DIR]: rebuilds the search index with this version's tokenizer\n";

static int tokens_line(const char *s, size_t n, struct strbuf *out);

static const struct {
	const char *name;
	int (*fn)(const char *s, size_t n, struct strbuf *out);
} commands[] = {
    {"normalize", text_normalize},
    {"canonical", text_canonical},
    {"menk2uni", text_menksoft_decode},
    {"uni2menk", text_menksoft_encode},
    {"key", text_shape_key},
    {"latin", text_latin},
    {"tokens", tokens_line},
};

static int token_out(void *ctx, const struct text_token *t)
{
	struct strbuf *out = ctx;
	if (out->len)
		strbuf_putc(out, t->colocated ? '|' : ' ');
	strbuf_append(out, t->text, t->len);
	return OK;
}

static int tokens_line(const char *s, size_t n, struct strbuf *out)
{
	return text_analyze(s, n, TEXT_INDEX, token_out, out);
}

/* The specimen page: the font as Tala serves it (the Debian file, also a system font). */
static const char specimen_head[] =
    "<!doctype html><html><head><meta charset=utf-8><title>tala text specimen</title><style>"
    "@font-face{font-family:TalaMong;src:url('file:///usr/share/fonts/truetype/noto/"
    "NotoSansMongolian-Regular.ttf'),local('Noto Sans Mongolian')}"
    "body{margin:6px;font:12px sans-serif;background:#fff}"
    ".w{display:inline-block;border:1px solid #bbb;margin:2px;padding:2px;vertical-align:top;"
    "width:170px}.w p{margin:0;height:58px;overflow:hidden;word-break:break-all}"
    ".m{font-family:TalaMong;font-size:32px;writing-mode:vertical-lr;height:180px;"
    "display:inline-block;width:54px}.diff{background:#fdd}</style></head><body>"
    "<pre id=check>checking…</pre>\n";

/* Compares how each given/stored/canonical triple draws (horizontal canvas: the same
 * shaping as vertical), marks the cells that differ and writes a summary into #check. */
static const char specimen_script[] =
    "<script>\n"
    "const F='40px TalaMong';\n"
    "function draw(s){const c=document.createElement('canvas');c.width=1600;c.height=80;"
    "const x=c.getContext('2d');x.font=F;x.textBaseline='middle';x.fillText(s,8,40);"
    "return x.measureText(s).width.toFixed(2)+':'+c.toDataURL();}\n"
    "document.fonts.load(F,'\\u182A\\u1822').then(()=>{let n=0,ds=[],dc=[];"
    "for(const e of document.querySelectorAll('.w')){n++;const g=draw(e.dataset.given);"
    "if(draw(e.dataset.stored)!==g){ds.push(e.dataset.line);e.classList.add('diff');}"
    "if(draw(e.dataset.canonical)!==g)dc.push(e.dataset.line);}"
    "document.getElementById('check').textContent=n+' lines; stored draws differently: '+"
    "ds.length+(ds.length?' (lines '+ds.join(' ')+')':'')+'; canonical draws differently: '+"
    "dc.length+(dc.length?' (lines '+dc.join(' ')+')':'');});\n"
    "</script></body></html>\n";

static int specimen(FILE *in)
{
	struct strbuf page, stored, canon, latin;
	strbuf_init(&page);
	strbuf_init(&stored);
	strbuf_init(&canon);
	strbuf_init(&latin);
	strbuf_puts(&page, specimen_head);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long no = 0;
	while ((n = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)n;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		line[len] = 0;
		no++;
		if (len == 0)
			continue;
		strbuf_reset(&stored);
		strbuf_reset(&canon);
		strbuf_reset(&latin);
		text_normalize(line, len, &stored);
		text_canonical(line, len, &canon);
		text_latin(stored.data, stored.len, &latin);
		html_printf(&page,
		            "<div class=w data-line=%d data-given=\"%s\" data-stored=\"%s\" "
		            "data-canonical=\"%s\"><p>%d %s%s%s</p>",
		            (int)no, line, stored.data, canon.data, (int)no, latin.data,
		            strcmp(line, stored.data) ? " · stored changed" : "",
		            strcmp(line, canon.data) ? " · canonical differs" : "");
		html_printf(
		    &page,
		    "<span class=m lang=mn-Mong>%s</span><span class=m lang=mn-Mong>%s</span>"
		    "<span class=m lang=mn-Mong>%s</span></div>\n",
		    line, stored.data, canon.data);
	}
	strbuf_puts(&page, specimen_script);
	int rc = fwrite(page.data, 1, page.len, stdout) == page.len && !ferror(in) ? 0 : 1;
	free(line);
	strbuf_free(&page);
	strbuf_free(&stored);
	strbuf_free(&canon);
	strbuf_free(&latin);
	return rc;
}

int cli_text_main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "reindex") == 0) {
		static char name[] = "text reindex"; /* how cli_parse names it in messages */
		argv[1] = name;
		return cli_text_reindex_main(argc - 1, argv + 1);
	}
	if (argc < 2 || argc > 3) {
		fputs("tala text: expected a conversion and at most one FILE (tala text --help)\n",
		      stderr);
		return 2;
	}
	int (*fn)(const char *, size_t, struct strbuf *) = NULL;
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			fn = commands[i].fn;
	bool page = strcmp(argv[1], "specimen") == 0;
	if (!fn && !page) {
		fprintf(stderr, "tala text: unknown conversion '%s' (tala text --help)\n", argv[1]);
		return 2;
	}
	FILE *in = stdin;
	if (argc == 3 && strcmp(argv[2], "-") != 0 && !(in = fopen(argv[2], "rb"))) {
		fprintf(stderr, "tala text: cannot open %s\n", argv[2]);
		return 1;
	}
	if (page) {
		int prc = specimen(in);
		if (in != stdin)
			fclose(in);
		return prc;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	struct strbuf out;
	strbuf_init(&out);
	int rc = 0;
	while ((n = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)n;
		bool nl = len > 0 && line[len - 1] == '\n';
		strbuf_reset(&out);
		fn(line, len - nl, &out);
		if (nl)
			strbuf_putc(&out, '\n');
		if (fwrite(out.data, 1, out.len, stdout) != out.len) {
			rc = 1;
			break;
		}
	}
	if (ferror(in) || fflush(stdout) != 0) {
		fputs("tala text: read or write error\n", stderr);
		rc = 1;
	}
	free(line);
	strbuf_free(&out);
	if (in != stdin)
		fclose(in);
	return rc;
}
