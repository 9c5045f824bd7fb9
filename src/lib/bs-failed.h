/* bs-failed.h: which addresses a prose bounce reports as failed. */
#pragma once

#include "bs-prose.h"

G_BEGIN_DECLS

/* The failed addresses of the prose bounce INPUT, whose text is PROSE:
 * X-Failed-Recipients when present; else the local parts the report lists
 * alone whose address the bounce confirms (bs-localpart.h); else those the
 * report part names, but not as the sender (system addresses only when
 * nobody else is); else listed local parts at the bounce's own domain;
 * else the envelope recipient of the returned copy; else the summary's
 * To; else the attached original's envelope recipient or To. (transfer
 * full: a GPtrArray of char *, maybe empty) */
GPtrArray *bs_failed_find (BsInput *input, const BsProse *prose);

G_END_DECLS
