/* bs-smtpcode.h: SMTP reply codes and RFC 3463 enhanced status codes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest enhanced status code we report: "5.123.123". */
#define BS_SMTPCODE_STATUS_SIZE 10
#define BS_SMTPCODE_REPLY_SIZE 4

/* The codes found in one text. It holds no pointers, so it lives wherever
 * the caller puts it, typically on the stack. */
typedef struct {
    char reply_code[BS_SMTPCODE_REPLY_SIZE];   /* "550", or "" if none */
    char status[BS_SMTPCODE_STATUS_SIZE];      /* "5.1.1", or "" if none */
    gssize reply_offset;   /* byte offset of reply_code in text, -1 if none */
    gssize status_offset;  /* byte offset of status in text, -1 if none */
} BsSmtpCode;

/* Scans LENGTH bytes of TEXT (need not be NUL-terminated; may contain NULs and
 * invalid UTF-8) and fills the caller-owned RESULT with the first SMTP reply
 * code and the first RFC 3463 enhanced status code found. Allocates nothing.
 * Returns TRUE if either was found. TEXT is only read and may be NULL when
 * LENGTH is 0; RESULT is always filled, with "" and -1 for what is missing.
 * Numbers that the text around them shows to be an IP address, a version,
 * a date, a time, a size, a count or a port are not codes. */
gboolean bs_smtpcode_scan (const char *text, gsize length, BsSmtpCode *result);

/* TRUE if STATUS is a syntactically valid enhanced status code:
 * class 2, 4 or 5, subject and detail 1-3 digits each. STATUS is only
 * read (transfer none); NULL is not valid. */
gboolean bs_smtpcode_status_valid (const char *status);

/* Returns the more specific of two enhanced codes that agree on class:
 * "5.1.1" over "5.0.0"; when they disagree on class or neither is more
 * specific, returns A. Either may be NULL or ""; an A that is not a valid
 * code gives way to a valid B. The result is A or B itself, borrowed from
 * the caller. (transfer none) */
const char *bs_smtpcode_more_specific (const char *a, const char *b);

G_END_DECLS
