/* log.c: logfmt writer. The level is process configuration (set once at start). */
#include "base/log.h"
#include "base/clock.h"
#include "base/common.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static _Atomic int min_level = LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	min_level = level;
}

int log_set_level_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(level_names); i++)
		if (strcmp(name, level_names[i]) == 0) {
			min_level = (int)i;
			return OK;
		}
	return ERR;
}

bool log_enabled(enum log_level level)
{
	return (int)level >= min_level;
}

static void put(struct logline *l, const char *s, size_t n)
{
	size_t room = sizeof l->buf - 2 - l->len; /* keep space for '\n' */
	if (n > room)
		n = room;
	memcpy(l->buf + l->len, s, n);
	l->len += (unsigned)n;
}

static bool needs_quotes(const char *v)
{
	if (*v == '\0')
		return true;
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || strchr(" =\"\\", *v))
			return true;
	return false;
}

static void put_value(struct logline *l, const char *v)
{
	bool quote = needs_quotes(v);
	if (!quote) {
		put(l, v, strlen(v));
		return;
	}
	put(l, "\"", 1);
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			put(l, esc, 2);
		} else if (c < 0x20) {
			char esc[8];
			int n = snprintf(esc, sizeof esc, "\\x%02x", c);
			put(l, esc, (size_t)n);
		} else {
			put(l, (const char *)&c, 1);
		}
	}
	put(l, "\"", 1);
}

void log_begin(struct logline *l, enum log_level level, const char *event)
{
	l->len = 0;
	l->enabled = log_enabled(level);
	if (!l->enabled)
		return;
	char ts[32];
	clock_format_rfc3339(clock_wall_ms(), ts);
	put(l, "ts=", 3);
	put(l, ts, strlen(ts));
	put(l, " level=", 7);
	put(l, level_names[level], strlen(level_names[level]));
	put(l, " event=", 7);
	put_value(l, event);
}

void log_str(struct logline *l, const char *key, const char *value)
{
	if (!l->enabled)
		return;
	put(l, " ", 1);
	put(l, key, strlen(key));
	put(l, "=", 1);
	put_value(l, value ? value : "");
}

void log_int(struct logline *l, const char *key, int64_t value)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)value);
	log_str(l, key, num);
}

void log_end(struct logline *l)
{
	if (!l->enabled)
		return;
	l->buf[l->len++] = '\n';
	ssize_t ignored =
	    write(STDERR_FILENO, l->buf, l->len); /* one write: lines never interleave */
	(void)ignored;
}

void log_msg(enum log_level level, const char *event, const char *fmt, ...)
{
	struct logline l;
	log_begin(&l, level, event);
	if (!l.enabled)
		return;
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_str(&l, "msg", msg);
	log_end(&l);
}
