/* bs-autoreply.h: automatic replies (RFC 3834), which are not bounces. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* The "autoreply" reader: a message marked as an automatic reply (RFC
 * 3834 Auto-Submitted: auto-replied, or the vendor headers and subjects
 * used instead) gives one row for its sender. Tried after the bounce
 * readers, since real bounces carry Auto-Submitted too; and a message that
 * looks like a bounce or a complaint (a report's MIME structure, a
 * delivery system's sender, a failure subject or wording) is not taken
 * even when no other reader could read it. */
gboolean bs_autoreply_read (BsReport *report, BsInput *input);

G_END_DECLS
