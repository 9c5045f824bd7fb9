/* bs-verp.h: variable envelope return paths: the failed recipient encoded
 * in the address a bounce was sent to. */
#pragma once

#include <glib.h>

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* TRUE if PATTERN is a usable VERP pattern: one {local} followed by one
 * {domain}, with literal text around and between them, e.g.
 * "list-bounces+{local}={domain}@example.org". Else sets ERROR
 * (BS_ERROR_USAGE). */
gboolean bs_verp_check (const char *pattern, GError **error);

/* The recipient encoded in ADDRESS by PATTERN, or NULL when ADDRESS does
 * not have the pattern's shape. Literal parts match case-insensitively.
 * (transfer full) */
char *bs_verp_decode (const char *pattern, const char *address);

/* Applies OPTIONS->verp to a scanned message: the address the bounce was
 * sent to (X-Original-To, Delivered-To, Envelope-To or To) is decoded; a
 * bounce that named no recipient gets one row for it (detected_by "verp"),
 * and rows that do name it are confirmed in the trace. Returns TRUE if it
 * added a row. */
gboolean bs_verp_apply (BsReport *report, BsInput *input);

G_END_DECLS
