/* config.c: the table of settings and the three loaders (file, environment, key=value). */
#include "base/config.h"
#include "base/common.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_STR, K_INT, K_BOOL };

struct setting {
	const char *key;
	enum kind kind;
	size_t offset;
	size_t size; /* K_STR: buffer size */
	long min, max;
};

#define STR(k, f)                                                                                  \
	{                                                                                          \
		k, K_STR, offsetof(struct config, f), sizeof(((struct config *)0)->f), 0, 0        \
	}
#define INT(k, f, lo, hi)                                                                          \
	{                                                                                          \
		k, K_INT, offsetof(struct config, f), 0, lo, hi                                    \
	}
#define BOOL(k, f)                                                                                 \
	{                                                                                          \
		k, K_BOOL, offsetof(struct config, f), 0, 0, 1                                     \
	}

static const struct setting settings[] = {
    STR("data_dir", data_dir),
    STR("server.bind", bind),
    INT("server.port", port, 0, 65535),
    INT("server.threads", threads, 0, 256),
    INT("server.max_connections", max_connections, 1, 100000),
    INT("server.max_header_bytes", max_header_bytes, 1024, 1 << 20),
    INT("server.max_body_bytes", max_body_bytes, 1024, 1 << 30),
    INT("server.request_timeout", request_timeout_s, 1, 3600),
    BOOL("server.access_log", access_log),
    BOOL("server.tls", tls),
    STR("paths.web_dir", web_dir),
    STR("paths.font_dir", font_dir),
    STR("log.level", log_level),
    BOOL("store.group_commit", group_commit),
    INT("store.batch_max", batch_max, 1, 100000),
    INT("store.busy_timeout_ms", busy_timeout_ms, 0, 600000),
    INT("auth.argon2_t", argon2_t, 1, 64),
    INT("auth.argon2_m_kib", argon2_m_kib, 8, 4 << 20),
    INT("auth.argon2_p", argon2_p, 1, 16),
    INT("auth.session_idle", session_idle_s, 10, 30 * 86400),
    INT("auth.session_max", session_max_s, 10, 365 * 86400),
    INT("auth.lock_failures", lock_failures, 1, 1000),
    INT("auth.lock_window", lock_window_s, 1, 86400),
    INT("auth.lock_duration", lock_s, 1, 30 * 86400),
    INT("auth.backoff_ms", backoff_ms, 100, 60000),
    INT("cache.ttl", cache_ttl_s, 0, 86400),
    INT("feedback.max_chars", feedback_max_chars, 1, 100000),
    INT("feedback.rate_per_minute", feedback_rate_per_minute, 0, 1000000),
    INT("media.max_image_bytes", media_max_image_bytes, 1, 1 << 30),
    INT("media.max_audio_bytes", media_max_audio_bytes, 1, 1 << 30),
    INT("media.max_video_bytes", media_max_video_bytes, 1, 1 << 30),
    INT("media.max_document_bytes", media_max_document_bytes, 1, 1 << 30),
    INT("officer.flush_ms", officer_flush_ms, 10, 600000),
    INT("officer.attribution_window", officer_attribution_s, 0, 365 * 86400),
    STR("sms.gateway", sms_gateway),
    STR("sms.command", sms_command),
    INT("sms.command_timeout", sms_command_timeout_s, 1, 600),
    INT("sms.code_ttl", sms_code_ttl_s, 30, 3600),
    INT("sms.code_attempts", sms_code_attempts, 1, 20),
    INT("sms.resend_interval", sms_resend_s, 0, 3600),
    INT("sms.per_phone_hour", sms_per_phone_hour, 1, 1000),
    INT("sms.per_ip_hour", sms_per_ip_hour, 1, 1000000),
    INT("quiz.grace_ms", quiz_grace_ms, 0, 600000),
    INT("quiz.answer_floor_ms", quiz_answer_floor_ms, 0, 600000),
    INT("quiz.rate_per_minute", quiz_rate_per_minute, 0, 100000000),
    INT("quiz.participant_rate_per_minute", quiz_participant_rate_per_minute, 0, 100000000),
    INT("quiz.expire_seconds", quiz_expire_s, 0, 3600),
    INT("content.schedule_seconds", content_schedule_s, 1, 86400),
    INT("points.share", points_share, 0, 10000),
    INT("points.reader", points_reader, 0, 10000),
    INT("points.task", points_task, 1, 10000),
    INT("points.signin", points_signin, 0, 10000),
    INT("points.streak_step", points_streak_step, 0, 10000),
    INT("points.streak_cap", points_streak_cap, 0, 365),
    INT("points.batch", points_batch, 1, 1000000),
    INT("points.interval_ms", points_interval_ms, 10, 3600000),
    INT("fraud.self_clicks", fraud_self_clicks, 1, 1000000),
    INT("fraud.net_window_s", fraud_net_window_s, 1, 86400),
    INT("fraud.net_readers", fraud_net_readers, 2, 1000000),
    INT("fraud.repeat_visits", fraud_repeat_visits, 2, 1000000),
    INT("fraud.repeat_readers", fraud_repeat_readers, 1, 1000000),
    INT("honours.min_readers", honours_min_readers, 0, 100000000),
    INT("honours.min_months", honours_min_months, 0, 12),
};

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->data_dir, sizeof c->data_dir, "./var");
	snprintf(c->bind, sizeof c->bind, "127.0.0.1");
	c->port = 8080;
	c->threads = 0;
	c->max_connections = 1024;
	c->max_header_bytes = 16384;
	c->max_body_bytes = 1 << 20;
	c->request_timeout_s = 30;
	c->access_log = true;
	snprintf(c->web_dir, sizeof c->web_dir, "%s/web", TALA_SOURCE_DIR);
	snprintf(c->font_dir, sizeof c->font_dir, "/usr/share/fonts/truetype/noto");
	snprintf(c->log_level, sizeof c->log_level, "info");
	c->group_commit = true;
	c->batch_max = 512;
	c->busy_timeout_ms = 5000;
	c->argon2_t = 3;
	c->argon2_m_kib = 65536;
	c->argon2_p = 1;
	c->session_idle_s = 30 * 60;
	c->session_max_s = 12 * 3600;
	c->lock_failures = 5;
	c->lock_window_s = 15 * 60;
	c->lock_s = 15 * 60;
	c->backoff_ms = 1000;
	c->cache_ttl_s = 30;
	c->feedback_max_chars = 2000;
	c->feedback_rate_per_minute = 10;
	c->media_max_image_bytes = 10 << 20;
	c->media_max_audio_bytes = 50 << 20;
	c->media_max_video_bytes = 200 << 20;
	c->media_max_document_bytes = 20 << 20;
	c->officer_flush_ms = 1000;
	c->officer_attribution_s = 7 * 86400;
	snprintf(c->sms_gateway, sizeof c->sms_gateway, "spool");
	c->sms_command_timeout_s = 30;
	c->sms_code_ttl_s = 300;
	c->sms_code_attempts = 5;
	c->sms_resend_s = 60;
	c->sms_per_phone_hour = 5;
	c->sms_per_ip_hour = 20;
	c->quiz_grace_ms = 5000;
	c->quiz_answer_floor_ms = 1500;
	c->quiz_rate_per_minute = 1200;
	c->quiz_participant_rate_per_minute = 120;
	c->quiz_expire_s = 10;
	c->content_schedule_s = 60;
	c->points_share = 2;
	c->points_reader = 1;
	c->points_task = 5;
	c->points_signin = 1;
	c->points_streak_step = 1;
	c->points_streak_cap = 6;
	c->points_batch = 5000;
	c->points_interval_ms = 3000;
	c->fraud_self_clicks = 5;
	c->fraud_net_window_s = 600;
	c->fraud_net_readers = 20;
	c->fraud_repeat_visits = 200;
	c->fraud_repeat_readers = 5;
	c->honours_min_readers = 100;
	c->honours_min_months = 6;
}

static const struct setting *find_setting(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(settings); i++)
		if (strcmp(settings[i].key, key) == 0)
			return &settings[i];
	return NULL;
}

int config_set(struct config *c, const char *key, const char *value, char *err, size_t errlen)
{
	const struct setting *s = find_setting(key);
	if (!s) {
		snprintf(err, errlen, "unknown setting '%s'", key);
		return ERR;
	}
	void *field = (char *)c + s->offset;
	switch (s->kind) {
	case K_STR:
		if (strlen(value) >= s->size) {
			snprintf(err, errlen, "%s: value longer than %zu bytes", key, s->size - 1);
			return ERR;
		}
		memcpy(field, value, strlen(value) + 1);
		return OK;
	case K_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < s->min || v > s->max) {
			snprintf(err, errlen,
			         "%s: expected a whole number from %ld to %ld, got '%s'", key,
			         s->min, s->max, value);
			return ERR;
		}
		*(int *)field = (int)v;
		return OK;
	}
	case K_BOOL:
		if (!strcmp(value, "on") || !strcmp(value, "true") || !strcmp(value, "yes") ||
		    !strcmp(value, "1")) {
			*(bool *)field = true;
		} else if (!strcmp(value, "off") || !strcmp(value, "false") ||
		           !strcmp(value, "no") || !strcmp(value, "0")) {
			*(bool *)field = false;
		} else {
			snprintf(err, errlen, "%s: expected on or off, got '%s'", key, value);
			return ERR;
		}
		return OK;
	}
	return ERR;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

int config_load_file(struct config *c, const char *path, bool must_exist, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must_exist && errno == ENOENT)
			return OK;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ERR;
	}
	char line[1024], section[64] = "", key[160], msg[256];
	int lineno = 0, rc = OK;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		size_t len = strlen(line);
		bool too_long = len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f);
		if (too_long) { /* skip the rest of the physical line: it is one line */
			int ch;
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
		}
		char *s = trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (too_long) {
			snprintf(err, errlen, "%s:%d: line longer than %zu bytes", path, lineno,
			         sizeof line - 2);
			rc = ERR;
			break;
		}
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close[1] != '\0' ||
			    (size_t)(close - s - 1) >= sizeof section) {
				snprintf(err, errlen, "%s:%d: malformed section header", path,
				         lineno);
				rc = ERR;
				break;
			}
			*close = '\0';
			snprintf(section, sizeof section, "%s", trim(s + 1));
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
			rc = ERR;
			break;
		}
		*eq = '\0';
		char *k = trim(s), *v = trim(eq + 1);
		if (section[0])
			snprintf(key, sizeof key, "%s.%s", section, k);
		else
			snprintf(key, sizeof key, "%s", k);
		if (config_set(c, key, v, msg, sizeof msg) != OK) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			rc = ERR;
			break;
		}
	}
	fclose(f);
	return rc;
}

int config_load_env(struct config *c, char **envp, char *err, size_t errlen)
{
	for (size_t i = 0; i < ARRAY_LEN(settings); i++) {
		char name[96] = "TALA_";
		size_t n = 5;
		for (const char *k = settings[i].key; *k && n < sizeof name - 1; k++)
			name[n++] = *k == '.' ? '_' : (char)toupper((unsigned char)*k);
		name[n] = '\0';
		for (char **e = envp; e && *e; e++) {
			if (strncmp(*e, name, n) != 0 || (*e)[n] != '=')
				continue;
			char msg[256];
			if (config_set(c, settings[i].key, *e + n + 1, msg, sizeof msg) != OK) {
				snprintf(err, errlen, "%s: %s", name, msg);
				return ERR;
			}
		}
	}
	return OK;
}

void config_dump(const struct config *c, char *out, size_t outlen)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(settings) && used < outlen; i++) {
		const struct setting *s = &settings[i];
		const void *field = (const char *)c + s->offset;
		int n = 0;
		if (s->kind == K_STR)
			n = snprintf(out + used, outlen - used, "%s = %s\n", s->key,
			             (const char *)field);
		else if (s->kind == K_INT)
			n = snprintf(out + used, outlen - used, "%s = %d\n", s->key,
			             *(const int *)field);
		else
			n = snprintf(out + used, outlen - used, "%s = %s\n", s->key,
			             *(const bool *)field ? "on" : "off");
		if (n < 0)
			break;
		used += (size_t)n;
	}
}
