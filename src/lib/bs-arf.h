/* bs-arf.h: feedback reports (RFC 5965), which are complaints, not
 * bounces. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* The "arf" reader: finds a message/feedback-report part, and reports the
 * complained-about recipient (Original-Rcpt-To, else Removal-Recipient, else
 * the To of the attached original) with its Feedback-Type. */
gboolean bs_arf_read (BsReport *report, BsInput *input);

G_END_DECLS
