/* auth_keys.c: the secret key file (DATA/secret.key, mode 0600, created by `tala init`),
 * and what it protects: phone numbers sealed with libsodium secretbox, found again through
 * a keyed BLAKE2b index, and shown masked; the keyed hash of one-time SMS codes. The loaded keys
 * are process configuration. */
#include "auth/auth.h"
#include "auth/auth_phone.h"
#include "base/common.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct {
	pthread_mutex_t lock;
	bool loaded;
	unsigned char box[crypto_secretbox_KEYBYTES];
	unsigned char index[crypto_generichash_KEYBYTES];
	unsigned char derive[crypto_generichash_KEYBYTES]; /* base of auth_subkey */
} keys = {PTHREAD_MUTEX_INITIALIZER, false, {0}, {0}, {0}};

static void key_path(const char *data_dir, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s/%s", data_dir, AUTH_KEY_FILE);
}

int auth_keys_create(const char *data_dir, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return ERR;
	}
	char path[600];
	key_path(data_dir, path, sizeof path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return OK;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ERR;
	}
	unsigned char master[crypto_kdf_KEYBYTES];
	crypto_kdf_keygen(master);
	ssize_t w = write(fd, master, sizeof master);
	sodium_memzero(master, sizeof master);
	if (w != (ssize_t)sizeof master || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return ERR;
	}
	close(fd);
	return OK;
}

int auth_keys_load(const char *data_dir, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return ERR;
	}
	char path[600];
	key_path(data_dir, path, sizeof path);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s (run `tala init`)", path, strerror(errno));
		return ERR;
	}
	struct stat st;
	unsigned char master[crypto_kdf_KEYBYTES];
	int rc = ERR;
	if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
		snprintf(err, errlen, "%s: must be readable by its owner only (chmod 600)", path);
	} else if (read(fd, master, sizeof master) != (ssize_t)sizeof master) {
		snprintf(err, errlen, "%s: not a Tala key file", path);
	} else {
		pthread_mutex_lock(&keys.lock);
		crypto_kdf_derive_from_key(keys.box, sizeof keys.box, 1, "talaphon", master);
		crypto_kdf_derive_from_key(keys.index, sizeof keys.index, 2, "talaphon", master);
		crypto_kdf_derive_from_key(keys.derive, sizeof keys.derive, 3, "talasubk", master);
		keys.loaded = true;
		pthread_mutex_unlock(&keys.lock);
		rc = OK;
	}
	sodium_memzero(master, sizeof master);
	close(fd);
	return rc;
}

int auth_subkey(const char *purpose, unsigned char out[32])
{
	if (!keys.loaded)
		return ERR;
	crypto_generichash(out, 32, (const unsigned char *)purpose, strlen(purpose), keys.derive,
	                   sizeof keys.derive);
	return OK;
}

char *auth_phone_normalize(struct arena *a, const char *in)
{
	char *out = arena_alloc(a, strlen(in) + 1);
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (isdigit((unsigned char)*p))
			out[n++] = *p;
		else if (*p == '+' && n == 0)
			out[n++] = '+';
		else if (*p != ' ' && *p != '-')
			return NULL;
	}
	out[n] = '\0';
	size_t digits = out[0] == '+' ? n - 1 : n;
	return digits >= 5 && digits <= 15 ? out : NULL;
}

int auth_phone_seal(const char *phone, struct strbuf *out)
{
	if (!keys.loaded)
		return ERR;
	size_t n = strlen(phone);
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	randombytes_buf(nonce, sizeof nonce);
	strbuf_reset(out);
	strbuf_grow(out, sizeof nonce + crypto_secretbox_MACBYTES + n);
	memcpy(out->data, nonce, sizeof nonce);
	crypto_secretbox_easy((unsigned char *)out->data + sizeof nonce,
	                      (const unsigned char *)phone, n, nonce, keys.box);
	out->len = sizeof nonce + crypto_secretbox_MACBYTES + n;
	out->data[out->len] = '\0';
	return OK;
}

char *auth_phone_open(struct arena *a, const void *sealed, size_t len)
{
	if (!keys.loaded || len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return NULL;
	const unsigned char *s = sealed;
	size_t n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *out = arena_alloc(a, n + 1);
	if (crypto_secretbox_open_easy((unsigned char *)out, s + crypto_secretbox_NONCEBYTES,
	                               len - crypto_secretbox_NONCEBYTES, s, keys.box) != 0)
		return NULL;
	out[n] = '\0';
	return out;
}

void auth_phone_index(const char *phone, unsigned char out[16])
{
	crypto_generichash(out, 16, (const unsigned char *)phone, strlen(phone), keys.index,
	                   sizeof keys.index);
}

void auth_code_hash(const unsigned char phone_index[16], const char *code, unsigned char out[32])
{
	unsigned char key[32];
	crypto_generichash_state st;
	if (auth_subkey("auth.sms_code", key) != OK)
		memset(key, 0,
		       sizeof key); /* only before auth_keys_load: serve loads the keys first */
	crypto_generichash_init(&st, key, sizeof key, 32);
	crypto_generichash_update(&st, phone_index, 16);
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(key, sizeof key);
}

char *auth_mask(struct arena *a, const char *value)
{
	size_t n = strlen(value);
	char *out = arena_strdup(a, value);
	if (n <= 4) {
		memset(out, '*', n);
		return out;
	}
	size_t keep_head = n >= 11 ? 3 : 1, keep_tail = 4;
	if (keep_head + keep_tail >= n)
		keep_head = 0;
	for (size_t i = keep_head; i < n - keep_tail; i++)
		out[i] = '*';
	return out;
}
