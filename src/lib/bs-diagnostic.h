/* bs-diagnostic.h: the diagnostic of each failed address of a prose
 * bounce, and the SMTP command it answered when a transcript shows it. */
#pragma once

#include "bs-prose.h"

G_BEGIN_DECLS

/* Every mention of the ADDRESSES (char *) in PROSE's report part, in text
 * order, outside summary lines: one pass over the '@' signs. To hand to
 * the functions below. (transfer full) */
GArray *bs_diagnostic_mentions (const BsProse *prose, GPtrArray *addresses);

/* The diagnostic of recipient I (ADDRESS, one of COUNT), whose mentions
 * FOUND holds: the words after its first mention, up to the next mention
 * of another recipient (or the copy); a lone recipient whose words say
 * nothing gets the whole report. NULL when there is nothing. (transfer
 * full) */
char *bs_diagnostic_of (const BsProse *prose, GArray *found, guint i,
                        const char *address, guint count);

/* The command a session transcript shows sent with recipient I's first
 * mention (">>> RCPT To:<a@b>": "rcpt"), or the one its session's reply
 * answered, or NULL. (transfer none) */
const char *bs_diagnostic_command (const BsProse *prose, GArray *found,
                                   guint i);

G_END_DECLS
