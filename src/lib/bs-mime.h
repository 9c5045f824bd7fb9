/* bs-mime.h: finding parts in a GMime message tree and getting their text. */
#pragma once

#include <glib.h>

#include "bs-gmime.h"
#include "bs-options.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* Where a report part sits in a message. All pointers are borrowed from
 * the message that was searched. */
typedef struct {
    GMimeObject *report;     /* e.g. the message/delivery-status part */
    GMimeObject *original;   /* the returned message or headers, or NULL */
    GMimeMessage *message;   /* the (possibly nested) message holding them */
} BsMimeReport;

/* Looks for the first part whose MIME type is one of TYPES (a NULL-
 * terminated list of lower-case "type/subtype" strings), level by level: the
 * parts of MESSAGE itself first, then those of each attached message, so a
 * report nested in a forward is found, but a bounce quoted inside a bounce
 * does not hide the outer one. The returned original is a sibling of the
 * report: message/rfc822, message/global or text/rfc822-headers. Nesting and
 * part counts are bounded by OPTIONS. Returns FALSE when nothing matches. */
gboolean bs_mime_find (GMimeMessage *message, const char *const *types,
                       const BsOptions *options, BsMimeReport *found);

/* The content of the leaf PART with its transfer encoding undone, as
 * bytes; NULL when PART is not a leaf. (transfer full) */
GBytes *bs_mime_part_bytes (GMimeObject *part);

/* The content of the leaf PART as UTF-8: transfer encoding undone and the
 * charset converted (an unknown charset is read as Latin-1 would be, bytes
 * that still do not fit are replaced). NULL when PART is not a leaf.
 * (transfer full) */
char *bs_mime_part_text (GMimeObject *part);

/* The message held by ORIGINAL: the inner message of a message/rfc822 or
 * message/global part, or the headers of a text/rfc822-headers part parsed
 * as a message with no body. NULL when it holds none. (transfer full) */
GMimeMessage *bs_mime_original_message (GMimeObject *original);

/* Parses a message from bytes in memory, which must outlive the result's
 * parse; NULL for empty input (GMime's memory stream refuses a NULL
 * buffer, and a parser without a stream corrupts the heap). */
GMimeMessage *bs_mime_parse (const char *data, gsize length);

/* A header's value from its RAW value, as GMime gives it: unfolded, its
 * encoded words decoded. A plain ASCII value with no encoded word is only
 * unfolded, which is all decoding would do to it, at a tenth of the cost.
 * NULL for NULL. (transfer full) */
char *bs_mime_header_decode (const char *raw);

/* The value of HEADER as g_mime_header_get_value() gives it, decoded only
 * when it needs to be (see bs_mime_header_decode()). (transfer full) */
char *bs_mime_header_value (GMimeHeader *header);

/* TRUE if OBJECT's type is one of TYPES, NULL-terminated lower-case
 * "type/subtype" strings. Compared in place: bs_mime_type() builds a
 * string, and readers test types of every part. */
gboolean bs_mime_is (GMimeObject *object, const char *const *types);

/* The lower-case "type/subtype" of OBJECT. (transfer full) */
char *bs_mime_type (GMimeObject *object);

/* Appends an indented outline of MESSAGE's MIME tree to REPORT's trace. */
void bs_mime_trace_tree (GMimeMessage *message, BsReport *report);

G_END_DECLS
