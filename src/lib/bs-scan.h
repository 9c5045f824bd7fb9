/* bs-scan.h: reading one message, from bytes or a parsed GMime message, to
 * a classified BsReport. The library's main entry point. */
#pragma once

#include "bs-gmime.h"
#include "bs-options.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* Parses the LENGTH bytes at DATA as one RFC 5322 message and reads it
 * (see bs_scan_message()). SOURCE names it in the report (may be NULL).
 * Unrecognised or malformed mail is not an error: the report then has no
 * recipients and a note saying why. Returns NULL and sets ERROR when DATA
 * exceeds a limit in OPTIONS (BS_ERROR_LIMIT), or is no mail at all:
 * empty, or without a header GMime can read (BS_ERROR_INPUT).
 * (transfer full) */
BsReport *bs_scan_bytes (const char *source, const char *data, gsize length,
                         const BsOptions *options, GError **error);

/* Reads MESSAGE with each reader in turn until one recognises it, then
 * completes and classifies every recipient with OPTIONS' rules (or the
 * fallback). Never fails. (transfer full) */
BsReport *bs_scan_message (const char *source, GMimeMessage *message,
                           const BsOptions *options);

G_END_DECLS
