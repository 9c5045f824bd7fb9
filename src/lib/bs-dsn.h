/* bs-dsn.h: the RFC 3464 / RFC 6533 delivery status notification reader. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* Reads the LENGTH bytes of TEXT, the body of a message/delivery-status or
 * message/global-delivery-status part, into REPORT: the per-message fields
 * into the report and one BsRecipient per per-recipient block. Tolerates
 * missing blank lines between blocks, junk lines and missing fields (noted
 * on the report). Returns the number of recipients added. */
guint bs_dsn_parse (BsReport *report, const char *text, gsize length,
                    const BsOptions *options);

/* The "dsn" reader: finds the delivery-status part in the message (see
 * bs_mime_find()), parses it and reads the returned original's headers.
 * Returns TRUE if it found a DSN with at least one recipient. */
gboolean bs_dsn_read (BsReport *report, BsInput *input);

/* The "dsn-text" reader: delivery-status fields that are not in a part of
 * their own, because the MIME structure is broken (a wrong boundary) or the
 * report was forwarded inline as text. Looks in the raw message for a
 * block starting with Reporting-MTA or a recipient field. */
gboolean bs_dsn_read_text (BsReport *report, BsInput *input);

G_END_DECLS
