/* log.h: logfmt lines on stderr ("ts=… level=info event=http.start port=8080").
 * A line is built with log_begin/log_str/log_int/log_end so every value is quoted and
 * escaped in one place. Never pass secrets or personal data as values. */
#ifndef TALA_LOG_H
#define TALA_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

struct logline {
	char buf[1024];
	unsigned len;
	bool enabled;
};

/* Sets the lowest level written; returns ERR for an unknown name. */
int log_set_level_name(const char *name);
void log_set_level(enum log_level level);
bool log_enabled(enum log_level level);

void log_begin(struct logline *l, enum log_level level, const char *event);
void log_str(struct logline *l, const char *key, const char *value);
void log_int(struct logline *l, const char *key, int64_t value);
void log_end(struct logline *l);

/* One-shot: event plus a human message (msg="…"). */
void log_msg(enum log_level level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
