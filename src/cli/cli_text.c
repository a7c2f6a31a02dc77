/* cli_text.c: `tala text normalize|canonical|menk2uni|uni2menk|key|latin|tokens [FILE]`: the text
 * engine for operators converting archives. Streams FILE (or stdin) line by line to
 * stdout, one line out per line in; a line's trailing newline is kept apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/strbuf.h"
#include "cli/cli.h"
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
    "Reads FILE or standard input; writes one line per input line.\n";

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

int cli_text_main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
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
	if (!fn) {
		fprintf(stderr, "tala text: unknown conversion '%s' (tala text --help)\n", argv[1]);
		return 2;
	}
	FILE *in = stdin;
	if (argc == 3 && strcmp(argv[2], "-") != 0 && !(in = fopen(argv[2], "rb"))) {
		fprintf(stderr, "tala text: cannot open %s\n", argv[2]);
		return 1;
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
