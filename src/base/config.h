/* config.h: Tala's settings. Sources, lowest to highest precedence: built-in defaults,
 * the INI file (tala.conf), TALA_* environment variables, command-line flags. Every key
 * is declared once in config.c's table with its type and bounds. */
#ifndef TALA_CONFIG_H
#define TALA_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_PATH_MAX 512

struct config {
	char data_dir[CONFIG_PATH_MAX]; /* data_dir */
	char bind[64];                  /* server.bind */
	int port;                       /* server.port */
	int threads;                    /* server.threads (0: one per core) */
	int max_connections;            /* server.max_connections */
	int max_header_bytes;           /* server.max_header_bytes */
	int max_body_bytes;             /* server.max_body_bytes */
	int request_timeout_s;          /* server.request_timeout */
	bool access_log;                /* server.access_log */
	bool tls;                       /* server.tls (behind a TLS proxy: Secure cookies) */
	char web_dir[CONFIG_PATH_MAX];  /* paths.web_dir */
	char font_dir[CONFIG_PATH_MAX]; /* paths.font_dir */
	char log_level[16];             /* log.level */
	bool group_commit;              /* store.group_commit */
	int batch_max;                  /* store.batch_max */
	int busy_timeout_ms;            /* store.busy_timeout_ms */
	int argon2_t;                   /* auth.argon2_t: passes */
	int argon2_m_kib;               /* auth.argon2_m_kib: memory */
	int argon2_p;                   /* auth.argon2_p: lanes */
	int session_idle_s;             /* auth.session_idle */
	int session_max_s;              /* auth.session_max */
	int lock_failures;              /* auth.lock_failures: failures in the window that lock */
	int lock_window_s;              /* auth.lock_window */
	int backoff_ms;                 /* auth.backoff_ms: first back-off step */
	int lock_s;                     /* auth.lock_duration */
	int cache_ttl_s;                /* cache.ttl (0: no response cache) */
	int feedback_max_chars;         /* feedback.max_chars */
	int feedback_rate_per_minute;   /* feedback.rate_per_minute (0: unlimited) */
	int media_max_image_bytes;      /* media.max_image_bytes (server.max_body_bytes caps too) */
	int media_max_audio_bytes;      /* media.max_audio_bytes */
	int media_max_video_bytes;      /* media.max_video_bytes */
	int media_max_document_bytes;   /* media.max_document_bytes */
	int officer_flush_ms;           /* officer.flush_ms: visits are written this often */
	int officer_attribution_s; /* officer.attribution_window: forwards keep the first officer */
	char sms_gateway[16];      /* sms.gateway: "spool" or "command" */
	char sms_command[CONFIG_PATH_MAX]; /* sms.command: program fed each message on stdin */
	/* sms.command_timeout: seconds before a hung sms.command is killed */
	int sms_command_timeout_s;
	int sms_code_ttl_s;       /* sms.code_ttl: seconds a code stays valid */
	int sms_code_attempts;    /* sms.code_attempts: wrong entries that void a code */
	int sms_resend_s;         /* sms.resend_interval: seconds between codes to a number */
	int sms_per_phone_hour;   /* sms.per_phone_hour: codes per number per hour */
	int sms_per_ip_hour;      /* sms.per_ip_hour: codes per client address per hour */
	int quiz_grace_ms;        /* quiz.grace_ms: answers accepted this long after a deadline */
	int quiz_answer_floor_ms; /* quiz.answer_floor_ms: faster answers are flagged for review */
	int quiz_rate_per_minute; /* quiz.rate_per_minute: attempt requests per client address */
	int quiz_participant_rate_per_minute; /* quiz.participant_rate_per_minute: per participant
	                                       */
	int quiz_expire_s; /* quiz.expire_seconds: longest wait of the attempt-expiry sweep; 0 off
	                    */
	int content_schedule_s; /* content.schedule_seconds: longest wait of the publishing
	                           scheduler */
	int points_share;               /* points.share: a link's first counted visit */
	int points_reader;              /* points.reader: a unique reader per item and day */
	int points_task;                /* points.task: a sharing task (default of a new task) */
	int points_signin;              /* points.signin: a day's sign-in */
	int points_streak_step;         /* points.streak_step: bonus per day of a streak */
	int points_streak_cap;          /* points.streak_cap: streak days that add a bonus */
	int points_batch;               /* points.batch: visits per batch of the points job */
	int points_interval_ms;         /* points.interval_ms: how often the job runs */
	int fraud_self_clicks;          /* fraud.self_clicks: self-clicks a day that flag */
	int fraud_net_window_s;         /* fraud.net_window_s: the click-farm window */
	int fraud_net_readers;          /* fraud.net_readers: readers from one network in it */
	int fraud_repeat_visits;        /* fraud.repeat_visits: visits of an item a day ... */
	int fraud_repeat_readers;       /* fraud.repeat_readers: ... by at most this many readers */
	int honours_min_readers;        /* honours.min_readers: default criterion */
	int honours_min_months;         /* honours.min_months: default active months */
};

void config_defaults(struct config *c);
/* Sets `key` from text. Returns OK, or ERR with a one-line reason in err. */
int config_set(struct config *c, const char *key, const char *value, char *err, size_t errlen);
/* Reads an INI file ("[section]" then "key = value"; '#' and ';' comments). A missing file
 * is ERR only when must_exist. On ERR, err names the file, line and reason. */
int config_load_file(struct config *c, const char *path, bool must_exist, char *err, size_t errlen);
/* Applies TALA_SECTION_KEY variables from envp (e.g. TALA_SERVER_PORT=9000). */
int config_load_env(struct config *c, char **envp, char *err, size_t errlen);
/* Writes every key and its value as INI lines into out (for `tala help config`). */
void config_dump(const struct config *c, char *out, size_t outlen);

#endif
