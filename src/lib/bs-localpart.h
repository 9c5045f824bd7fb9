/* bs-localpart.h: failed recipients a prose bounce names by local part
 * alone (AOL screen names, a Sendmail local user). */
#pragma once

#include "bs-prose.h"

G_BEGIN_DECLS

/* The addresses of the bare local parts (no '@') that the report part of
 * PROSE lists as failed, one a line under a heading that names recipients
 * or addresses and ends with a colon (or is a Sendmail "----- ... -----"
 * section title). Each is the address with that local part that the
 * bounce names elsewhere or that the returned original's To gives; unless
 * CONFIRMED, failing that, the local part at the domain of the bounce's
 * From. (transfer full: a GPtrArray of char *, maybe empty) */
GPtrArray *bs_localpart_find (BsInput *input, const BsProse *prose,
                              gboolean confirmed);

G_END_DECLS
