/* sms_gateway.c: the two gateways — a spool directory of one file per message, and a
 * program fed each message on its standard input — and the message format both receive
 * (docs/sms.md). Errors name the message id and the cause, never the number or the text. */
#include "sms/sms.h"
#include "base/clock.h"
#include "base/common.h"

#include <errno.h>
#include <sodium.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char *sms_gateway_check(const struct config *cfg)
{
	if (strcmp(cfg->sms_gateway, "spool") == 0)
		return NULL;
	if (strcmp(cfg->sms_gateway, "command") != 0)
		return "sms.gateway: expected spool or command";
	if (!cfg->sms_command[0])
		return "sms.gateway=command needs sms.command (the program to run)";
	if (access(cfg->sms_command, X_OK) != 0)
		return "sms.command: not an executable file";
	return NULL;
}

void sms_format(const struct sms_message *m, struct strbuf *out)
{
	char created[32];
	clock_format_rfc3339(m->created_ms, created);
	strbuf_printf(out, "Tala-SMS: 1\nId: %lld\nTo: %s\nCreated: %s\n\n%s\n", (long long)m->id,
	              m->phone, created, m->body);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ERR;
		p += w;
		n -= (size_t)w;
	}
	return OK;
}

/* DATA/sms-outbox/<id>.sms through .<id>.tmp: written, synced, renamed, directory synced. */
static int spool_write(const struct config *cfg, const struct sms_message *m,
                       const struct strbuf *bytes, char *err, size_t errlen)
{
	char dir[CONFIG_PATH_MAX + 16], tmp[CONFIG_PATH_MAX + 64], path[CONFIG_PATH_MAX + 64];
	snprintf(dir, sizeof dir, "%s/%s", cfg->data_dir, SMS_SPOOL_DIR);
	snprintf(tmp, sizeof tmp, "%s/.%lld.tmp", dir, (long long)m->id);
	snprintf(path, sizeof path, "%s/%lld.sms", dir, (long long)m->id);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "message %lld: %s: %s", (long long)m->id, tmp,
		         strerror(errno));
		return ERR;
	}
	if (write_all(fd, bytes->data, bytes->len) != OK || fsync(fd) != 0) {
		snprintf(err, errlen, "message %lld: writing %s: %s", (long long)m->id, tmp,
		         strerror(errno));
		close(fd);
		unlink(tmp);
		return ERR;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "message %lld: rename: %s", (long long)m->id,
		         strerror(errno));
		unlink(tmp);
		return ERR;
	}
	/* the rename is durable only once the directory is synced; if that fails the message
	 * is tried again (delivery is at least once, the id lets the gateway drop a repeat) */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0) {
		snprintf(err, errlen, "message %lld: syncing %s: %s", (long long)m->id, dir,
		         strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return ERR;
	}
	close(dfd);
	return OK;
}

/* Waits for pid until deadline_ms (monotonic); then kills its process group and reaps it.
 * Returns true when it exited by itself, with its status in *status. */
static bool wait_until(pid_t pid, int64_t deadline_ms, int *status)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return true;
		if (r < 0 && errno != EINTR)
			return true; /* not our child any more: nothing left to wait for */
		if ((clock_mono_ns() / 1000000) >= deadline_ms)
			break;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	kill(-pid, SIGKILL); /* the program and whatever it started */
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return false;
}

/* Runs sms.command with the message on its standard input; OK when it exits 0 within
 * sms.command_timeout seconds. The program runs in its own process group, which is killed
 * when the time is up, so a hung gateway delays the sender by at most that long. */
static int command_run(const struct config *cfg, const struct sms_message *m,
                       const struct strbuf *bytes, char *err, size_t errlen)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "message %lld: pipe: %s", (long long)m->id, strerror(errno));
		return ERR;
	}
	/* a message is far below the pipe's buffer, so the write below never blocks */
	if (fcntl(pipefd[1], F_SETFL, O_NONBLOCK) != 0) {
		snprintf(err, errlen, "message %lld: pipe: %s", (long long)m->id, strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return ERR;
	}
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int rc = posix_spawn_file_actions_init(&fa);
	if (rc == 0 && (rc = posix_spawnattr_init(&at)) != 0)
		posix_spawn_file_actions_destroy(&fa);
	pid_t pid = 0;
	if (rc == 0) {
		rc = posix_spawn_file_actions_adddup2(&fa, pipefd[0], 0);
		if (rc == 0)
			rc = posix_spawnattr_setpgroup(&at, 0);
		if (rc == 0)
			rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
		char *argv[] = {(char *)cfg->sms_command, NULL};
		if (rc == 0)
			rc = posix_spawn(&pid, cfg->sms_command, &fa, &at, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		posix_spawnattr_destroy(&at);
	}
	close(pipefd[0]);
	if (rc != 0) {
		close(pipefd[1]);
		snprintf(err, errlen, "message %lld: %s: %s", (long long)m->id, cfg->sms_command,
		         strerror(rc));
		return ERR;
	}
	int wrote = write_all(pipefd[1], bytes->data, bytes->len); /* SIGPIPE is ignored */
	close(pipefd[1]);
	int status = 0;
	int64_t deadline = (clock_mono_ns() / 1000000) + (int64_t)cfg->sms_command_timeout_s * 1000;
	if (!wait_until(pid, deadline, &status)) {
		snprintf(err, errlen, "message %lld: %s killed after %d s", (long long)m->id,
		         cfg->sms_command, cfg->sms_command_timeout_s);
		return ERR;
	}
	if (wrote != OK || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "message %lld: %s failed (%s %d)", (long long)m->id,
		         cfg->sms_command, WIFEXITED(status) ? "exit" : "signal",
		         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return ERR;
	}
	return OK;
}

int sms_deliver(const struct config *cfg, const struct sms_message *m, char *err, size_t errlen)
{
	if (!m->phone || !m->body) {
		snprintf(err, errlen, "message %lld: sealed with another key", (long long)m->id);
		return ERR;
	}
	struct strbuf bytes;
	strbuf_init(&bytes);
	sms_format(m, &bytes);
	int rc = strcmp(cfg->sms_gateway, "command") == 0
	             ? command_run(cfg, m, &bytes, err, errlen)
	             : spool_write(cfg, m, &bytes, err, errlen);
	sodium_memzero(bytes.data, bytes.len); /* the code is not left in freed memory */
	strbuf_free(&bytes);
	return rc;
}
