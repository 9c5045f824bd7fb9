/* bs-original.h: what a bounce tells about the message that bounced. */
#pragma once

#include "bs-gmime.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* Fills REPORT's original_* and list_id fields, where still empty, from
 * the headers of ORIGINAL, the returned message: From (or Return-Path when
 * there is no From), Message-ID, Subject decoded to UTF-8 and the id inside
 * List-Id. Returns TRUE if any field was filled. */
gboolean bs_original_read (BsReport *report, GMimeMessage *original);

/* The same from the LENGTH bytes of a header block at HEADERS (a quoted
 * copy's headers, text/rfc822-headers), read without building a message:
 * the block ends at its first blank line. */
gboolean bs_original_read_headers (BsReport *report, const char *headers,
                                   gsize length);

/* The same from the part that returns the original: message/rfc822 (its
 * message) or text/rfc822-headers (its header block). */
gboolean bs_original_read_part (BsReport *report, GMimeObject *original);

/* The id inside a List-Id value ("Name <id>" gives "id"); the trimmed
 * value when it has no angle brackets. (transfer full) */
char *bs_original_list_id (const char *value);

G_END_DECLS
