/* bs-textbounce.h: reading bounces written as prose rather than RFC 3464
 * reports (qmail, Exim, old Sendmail, Exchange, webmail providers...). */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* What marks one MTA family's prose bounce. All strings are matched as
 * case-insensitive substrings; NULL-terminated lists, any one suffices. */
typedef struct {
    const char *name;                  /* detected_by, e.g. "qmail" */
    const char *const *headers;        /* in From, Subject, X-Mailer, ... */
    const char *const *body;           /* in the bounce's own text */
} BsTextFormat;

/* TRUE if INPUT looks like a bounce at all: a delivery-system sender, a
 * failure subject, an X-Failed-Recipients header or failure wording in the
 * text, in a combination that a person's mail does not show. */
gboolean bs_textbounce_is_bounce (BsInput *input);

/* TRUE if INPUT's From names a delivery system (MAILER-DAEMON, postmaster,
 * "Mail Delivery System", ...): no person's mail, whatever else it says. */
gboolean bs_textbounce_from_delivery_system (BsInput *input);

/* The first format in FORMATS (COUNT rows) whose markers INPUT shows, or
 * NULL. (transfer none) */
const BsTextFormat *bs_textbounce_family (BsInput *input,
                                          const BsTextFormat *formats,
                                          gsize count);

/* Reads the recipients and their diagnostics from INPUT's text: the failed
 * addresses are those named before the returned original (or listed in
 * X-Failed-Recipients), other than the bounce's own sender and receiver;
 * each one's diagnostic is the text that follows it. Also recovers the
 * original's headers from an attachment or the quoted copy. Returns TRUE
 * if it found at least one recipient. */
gboolean bs_textbounce_read (BsReport *report, BsInput *input);

/* Fills REPORT's original_* fields from the returned original: an
 * attached message or header block, else the quoted copy's header at CUT
 * (in bs_input_text(), where bs_prose_cut() found it). */
void bs_textbounce_read_original (BsReport *report, BsInput *input,
                                  const char *cut);

G_END_DECLS
