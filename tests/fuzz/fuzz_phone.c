/* fuzz_phone.c: libFuzzer target for the untrusted text of SMS sign-in — the mobile number
 * parser and the code check: on any bytes neither crashes; an accepted number is exactly 11
 * ASCII digits 1[3-9]…, and parsing it again gives itself; an accepted code is 6 digits. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth_phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct arena a;
	arena_init(&a, 256);
	const char *n = auth_mobile_normalize(&a, text);
	if (n) {
		bool ok = strlen(n) == 11 && n[0] == '1' && n[1] >= '3' && n[1] <= '9' &&
		          strspn(n, "0123456789") == 11;
		const char *again = auth_mobile_normalize(&a, n);
		if (!ok || !again || strcmp(again, n) != 0) {
			fprintf(stderr, "bad number '%s' from '%s'\n", n, text);
			abort();
		}
	}
	if (auth_code_wellformed(text) && (strlen(text) != 6 || strspn(text, "0123456789") != 6))
		abort();
	arena_free(&a);
	free(text);
	return 0;
}
