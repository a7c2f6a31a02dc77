/* site.h: the public front page. */
#ifndef TALA_SITE_H
#define TALA_SITE_H

#include "http/http.h"

void site_mount(struct router *r);

#endif
