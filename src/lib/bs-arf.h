/* bs-arf.h: feedback reports (RFC 5965), which are complaints, not
 * bounces. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* The "arf" reader: finds a message/feedback-report part, and reports each
 * complained-about recipient (Original-Rcpt-To, else Removal-Recipient, else
 * the To of the attached original; one row with an empty recipient when
 * none is named) with its Feedback-Type. */
gboolean bs_arf_read (BsReport *report, BsInput *input);

/* The "arf-text" reader: the same fields (RFC 5965 3.1: Feedback-Type,
 * User-Agent and Version at least) where the MIME structure does not label
 * them: a report part typed text/plain, or a report forwarded inline.
 * Tried after the bounce readers. */
gboolean bs_arf_read_text (BsReport *report, BsInput *input);

G_END_DECLS
