/* auth_password.c: argon2id password hashing (libargon2, cost from config), the password
 * policy (length, not the login, not a common password from data/auth/), and a constant
 * cost for unknown logins. */
#include "auth/auth.h"
#include "base/common.h"
#include "base/embedded.h"
#include "base/utf8.h"

#include <argon2.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#define COMMON_PASSWORDS   "data/auth/common-passwords.txt"
#define MIN_PASSWORD_CHARS 10

static bool is_common(const char *password)
{
	const struct embedded_file *f = embedded_find(COMMON_PASSWORDS);
	if (!f)
		return false;
	size_t n = strlen(password);
	const char *p = f->data, *end = f->data + f->len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len == n && strncasecmp(p, password, n) == 0)
			return true;
		p = eol ? eol + 1 : end;
	}
	return false;
}

const char *auth_password_policy(const char *login, const char *password)
{
	if (utf8_length(password, strlen(password)) < MIN_PASSWORD_CHARS)
		return "auth.password_short";
	if (login && strcasecmp(login, password) == 0)
		return "auth.password_is_login";
	if (login && strcasestr(password, login) && strlen(login) >= 4 &&
	    strlen(password) - strlen(login) < 4)
		return "auth.password_is_login";
	if (is_common(password))
		return "auth.password_common";
	return NULL;
}

int auth_password_hash(const struct config *cfg, const char *password, char *out, size_t outlen)
{
	unsigned char salt[16];
	randombytes_buf(salt, sizeof salt);
	int rc = argon2id_hash_encoded((uint32_t)cfg->argon2_t, (uint32_t)cfg->argon2_m_kib,
	                               (uint32_t)cfg->argon2_p, password, strlen(password), salt,
	                               sizeof salt, 32, out, outlen);
	return rc == ARGON2_OK ? OK : ERR;
}

bool auth_password_verify(const char *encoded, const char *password)
{
	return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
}

void auth_password_burn(const struct config *cfg, const char *password)
{
	char encoded[160];
	if (auth_password_hash(cfg, "tala-unknown-login", encoded, sizeof encoded) == OK)
		(void)auth_password_verify(encoded, password);
}
