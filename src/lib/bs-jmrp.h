/* bs-jmrp.h: Microsoft's older, non-ARF complaint reports (JMRP, the
 * Outlook.com and Hotmail feedback loop), which are complaints, not
 * bounces. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* The "jmrp" reader: a message that returns the complained-about message
 * (message/rfc822, or the whole body) carrying Microsoft's
 * X-HmXmrOriginalRecipient header, which names the complainant. One row
 * for that address, feedback type "abuse"; the original's fields are read
 * from the returned message. */
gboolean bs_jmrp_read (BsReport *report, BsInput *input);

/* TRUE if INPUT's bytes name the X-HmXmrOriginalRecipient header at all:
 * a JMRP complaint, or a copy of one. */
gboolean bs_jmrp_marked (BsInput *input);

G_END_DECLS
