/* sms_gateway.c: the two gateways — a spool directory of one file per message, and a
 * program fed each message on its standard input — and the message format both receive
 * (docs/sms.md). Errors name the message id and the cause, never the number or the text. */
#include "sms/sms.h"
#include "base/clock.h"
#include "base/common.h"

#include <errno.h>
#include <sodium.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
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
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return OK;
}

/* Runs sms.command with the message on its standard input; OK when it exits 0. */
static int command_run(const struct config *cfg, const struct sms_message *m,
                       const struct strbuf *bytes, char *err, size_t errlen)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "message %lld: pipe: %s", (long long)m->id, strerror(errno));
		return ERR;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[0], 0);
	char *argv[] = {(char *)cfg->sms_command, NULL};
	pid_t pid;
	int rc = posix_spawn(&pid, cfg->sms_command, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
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
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
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
