/* cli_serve.c: `tala serve` — opens (and migrates) the database, mounts every route, serves
 * until SIGTERM/SIGINT, then shuts down cleanly: stop accepting, finish in-flight
 * requests, drain the writer, close the database. */
#include "app/app.h"
#include "base/common.h"
#include "base/log.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "http/server.h"

#include <malloc.h>
#include <signal.h>
#include <stdio.h>

static const struct cli_flag serve_flags[] = {
    {"--port", "server.port", "TCP port (default 8080; 0 picks a free one)"},
    {"--bind", "server.bind", "address to listen on (default 127.0.0.1)"},
    {"--threads", "server.threads", "request threads (default: one per core)"},
};

int cli_serve_main(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(argc, argv, "serve [--port N] [--bind ADDR]", serve_flags,
	                   ARRAY_LEN(serve_flags), 0, 0, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	/* Signals are taken by sigwait below; every thread started from here inherits the mask. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Requests allocate and free the same sizes over and over: keep freed memory instead of
	 * returning it to the kernel and faulting it back in on the next request. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);

	char err[512];
	struct store *s = app_store_open(&args.cfg, false, true, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala serve: %s\n", err);
		return 1;
	}
	struct app app;
	if (app_init(&app, &args.cfg, s, err, sizeof err) != OK ||
	    server_start(&app, err, sizeof err) != OK) {
		fprintf(stderr, "tala serve: %s\n", err);
		app_free(&app);
		store_close(s);
		return 1;
	}
	struct logline l;
	log_begin(&l, LOG_INFO, "server.start");
	log_str(&l, "bind", args.cfg.bind);
	log_int(&l, "port", server_port(&app));
	log_int(&l, "routes", (int64_t)app.router.n);
	log_end(&l);
	printf("tala: serving on http://%s:%d/\n", args.cfg.bind, server_port(&app));
	fflush(stdout);

	int sig = 0;
	sigwait(&stop, &sig);
	log_msg(LOG_INFO, "server.stop", "signal %d: finishing in-flight requests", sig);
	server_stop(&app, 10000);
	app_free(&app);
	store_close(s);
	log_msg(LOG_INFO, "server.stopped", "database closed");
	return 0;
}
