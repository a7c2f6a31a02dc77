/* fts5_tala.c: the SQLite FTS5 tokenizer "tala": the analyzer (analyzer.c) behind FTS5's
 * tokenizer interface. Documents are tokenized in TEXT_INDEX mode, queries in TEXT_QUERY
 * mode, documents re-read by highlight()/snippet() (FTS5_TOKENIZE_AUX) in TEXT_AUX; synonyms are
 * FTS5_TOKEN_COLOCATED, which FTS5 indexes at the same position and, in a query, matches as
 * alternatives. Usage: CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'tala'). The tokenizer
 * has no options and no state. */
#include <sqlite3.h>
#include <string.h>

#include "base/common.h"
#include "text/text.h"

struct tala_tokenizer {
	int unused;
};

static struct tala_tokenizer the_tokenizer;

static int tala_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR; /* "tala" takes no options */
	*out = (Fts5Tokenizer *)&the_tokenizer;
	return SQLITE_OK;
}

static void tala_delete(Fts5Tokenizer *t)
{
	(void)t;
}

struct fts_ctx {
	void *pctx;
	int (*xToken)(void *, int, const char *, int, int, int);
};

static int fts_token(void *ctx, const struct text_token *t)
{
	struct fts_ctx *f = ctx;
	int rc = f->xToken(f->pctx, t->colocated ? FTS5_TOKEN_COLOCATED : 0, t->text, (int)t->len,
	                   (int)t->start, (int)t->end);
	return rc == SQLITE_OK ? OK : rc;
}

static int tala_tokenize(Fts5Tokenizer *t, void *pctx, int flags, const char *text, int n,
                         int (*xToken)(void *, int, const char *, int, int, int))
{
	(void)t;
	struct fts_ctx f = {pctx, xToken};
	enum text_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? TEXT_QUERY
	                      : (flags & FTS5_TOKENIZE_AUX) ? TEXT_AUX
	                                                    : TEXT_INDEX;
	int rc = text_analyze(text, n > 0 ? (size_t)n : 0, mode, fts_token, &f);
	return rc == OK ? SQLITE_OK : rc;
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int text_fts5_register(struct sqlite3 *db)
{
	static fts5_tokenizer tok = {tala_create, tala_delete, tala_tokenize};
	fts5_api *api = fts5_api_of(db);
	if (!api)
		return ERR;
	return api->xCreateTokenizer(api, "tala", NULL, &tok, NULL) == SQLITE_OK ? OK : ERR;
}
