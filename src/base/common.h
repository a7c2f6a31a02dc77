/* common.h: the return convention shared by every Tala module (OK / ERR) and tiny macros. */
#ifndef TALA_COMMON_H
#define TALA_COMMON_H

#include <stddef.h>

#define OK  0
#define ERR (-1)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
