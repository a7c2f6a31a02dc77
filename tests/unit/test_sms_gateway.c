/* test_sms_gateway.c: the command gateway (src/sms/sms_gateway.c) and the sender's retries
 * (src/sms/sms_sender.c) — a program that exits 0 gets the message's bytes on its standard
 * input; one that fails is reported with its exit code; one that hangs is killed with
 * everything it started once sms.command_timeout has passed, the sender is free again, and
 * the message stays pending until a later pass delivers it. Errors never carry the number or
 * the text. */
#include "sms/sms.h"
#include "test_util.h"

#include "base/common.h"
#include "base/log.h"
#include "store/store.h"

#include <signal.h>
#include <sys/stat.h>
#include <time.h>

static const struct sms_message msg = {7, "13812345678", "验证码 042917", 1800000000000LL};

static int quiet(void **state)
{
	(void)state;
	log_set_level(LOG_ERROR);
	signal(SIGPIPE, SIG_IGN); /* as the server does */
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* A command gateway running script (a /bin/sh body) written into dir. */
static void command_config(struct config *cfg, const char *dir, const char *script)
{
	config_defaults(cfg);
	snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s", dir);
	snprintf(cfg->sms_gateway, sizeof cfg->sms_gateway, "command");
	char text[1200], path[512];
	snprintf(text, sizeof text, "#!/bin/sh\n%s\n", script);
	tu_write_file(dir, "gateway.sh", text, path, sizeof path);
	assert_int_equal(chmod(path, 0700), 0);
	snprintf(cfg->sms_command, sizeof cfg->sms_command, "%s", path);
	assert_null(sms_gateway_check(cfg));
}

/* The whole content of path into out (empty when it does not exist). */
static void read_file(const char *path, char *out, size_t cap)
{
	out[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	size_t n = fread(out, 1, cap - 1, f);
	out[n] = 0;
	fclose(f);
}

static void no_personal_data(const char *err)
{
	assert_null(strstr(err, msg.phone));
	assert_null(strstr(err, "042917"));
}

static void command_delivers(void **state)
{
	(void)state;
	char dir[256], script[512], got[1024], path[512];
	tu_mkdtemp(dir, sizeof dir);
	snprintf(script, sizeof script, "cat > %s/got", dir);
	struct config cfg;
	command_config(&cfg, dir, script);
	char err[256] = "";
	assert_int_equal(sms_deliver(&cfg, &msg, err, sizeof err), OK);
	struct strbuf want;
	strbuf_init(&want);
	sms_format(&msg, &want);
	snprintf(path, sizeof path, "%s/got", dir);
	read_file(path, got, sizeof got);
	assert_string_equal(got, want.data);
	strbuf_free(&want);
	tu_rmtree(dir);
}

static void command_fails(void **state)
{
	(void)state;
	char dir[256];
	tu_mkdtemp(dir, sizeof dir);
	struct config cfg;
	command_config(&cfg, dir, "cat > /dev/null; exit 3");
	char err[256] = "";
	assert_int_equal(sms_deliver(&cfg, &msg, err, sizeof err), ERR);
	assert_non_null(strstr(err, "message 7"));
	assert_non_null(strstr(err, "exit 3"));
	no_personal_data(err);
	tu_rmtree(dir);
}

/* true once pid has exited (gone, or a zombie waiting for init); waits up to 10 s for the
 * kernel to finish the kill. */
static bool process_ended(long pid)
{
	char path[64], stat[256];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	for (int i = 0; i < 1000; i++) {
		read_file(path, stat, sizeof stat);
		const char *paren = strrchr(stat, ')');
		if (!stat[0] || (paren && paren[1] == ' ' && paren[2] == 'Z'))
			return true;
		sleep_ms(10);
	}
	return false;
}

static void command_hangs_killed(void **state)
{
	(void)state;
	char dir[256], script[1024], path[512], child[64];
	tu_mkdtemp(dir, sizeof dir);
	/* the program starts a child of its own, then waits for it: both must go */
	snprintf(script, sizeof script,
	         "sleep 300 &\necho $! > %s/child.tmp\nmv %s/child.tmp %s/child\nwait", dir, dir,
	         dir);
	struct config cfg;
	command_config(&cfg, dir, script);
	cfg.sms_command_timeout_s = 1;
	char err[256] = "";
	assert_int_equal(sms_deliver(&cfg, &msg, err, sizeof err), ERR);
	assert_non_null(strstr(err, "message 7"));
	assert_non_null(strstr(err, "killed after 1 s"));
	no_personal_data(err);
	snprintf(path, sizeof path, "%s/child", dir);
	read_file(path, child, sizeof child);
	long pid = strtol(child, NULL, 10);
	assert_true(pid > 1);
	assert_true(process_ended(pid));
	tu_rmtree(dir);
}

/* ---- the sender: a hung gateway, then a working one ---- */

static char *open_plain(struct arena *a, const void *sealed, size_t len)
{
	char *s = arena_alloc(a, len + 1);
	memcpy(s, sealed, len);
	s[len] = 0;
	return s;
}

static int enqueue(sqlite3 *db, void *ctx)
{
	(void)ctx;
	return sms_enqueue(db, msg.phone, strlen(msg.phone), msg.body, strlen(msg.body),
	                   msg.created_ms, NULL);
}

static int64_t outbox_int(const char *dbpath, const char *sql, int64_t want)
{
	int64_t v = -1;
	for (int i = 0; i < 3000 && (v = tu_path_int(dbpath, sql)) != want; i++)
		sleep_ms(10);
	return v;
}

static void sender_retries_after_hang(void **state)
{
	(void)state;
	struct tu_db d;
	tu_db_open(&d, 8);
	tu_db_migrate(&d);
	char script[1024], path[512], got[1024];
	/* the first run hangs; every later one delivers */
	snprintf(script, sizeof script,
	         "if [ ! -e %s/hung ]; then touch %s/hung; sleep 300; fi\ncat > %s/got", d.dir,
	         d.dir, d.dir);
	struct config cfg;
	command_config(&cfg, d.dir, script);
	cfg.sms_command_timeout_s = 1;
	assert_int_equal(store_write(d.s, enqueue, NULL), OK);
	char err[256] = "";
	assert_int_equal(sms_start(&cfg, d.s, open_plain, err, sizeof err), OK);
	/* the hung try is recorded as a failed attempt and the message stays pending */
	assert_int_equal(outbox_int(d.path, "SELECT attempts FROM sms_outbox", 1), 1);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM sms_outbox"
	                                     " WHERE sent_at IS NULL AND last_error LIKE"
	                                     " '%killed after 1 s%'"),
	                 1);
	/* the sender is free again: the next pass delivers it */
	sms_kick();
	assert_int_equal(outbox_int(d.path, "SELECT count(*) FROM sms_outbox WHERE sent_at > 0", 1),
	                 1);
	assert_int_equal(tu_path_int(d.path, "SELECT attempts FROM sms_outbox"), 2);
	sms_stop();
	snprintf(path, sizeof path, "%s/got", d.dir);
	read_file(path, got, sizeof got);
	assert_non_null(strstr(got, "Id: 1\n"));
	tu_db_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(command_delivers),
	    cmocka_unit_test(command_fails),
	    cmocka_unit_test(command_hangs_killed),
	    cmocka_unit_test(sender_retries_after_hang),
	};
	return cmocka_run_group_tests(tests, quiet, NULL);
}
