/* bs-scan.c: the pipeline for one message: parse once with GMime, let the
 * readers (bs-readers.c, tried in table order) find the recipients, then
 * derive codes and classify each recipient. */
#include <string.h>

#include "bs-classify.h"
#include "bs-error.h"
#include "bs-mime.h"
#include "bs-readers.h"
#include "bs-rules.h"
#include "bs-scan.h"
#include "bs-smtpcode.h"
#include "bs-subscriber.h"
#include "bs-text.h"
#include "bs-verp.h"

/* The bounce's own Date as ISO 8601, e.g. 2026-01-05T10:00:00+09:00. */
static char *
bounce_date (GMimeMessage *message)
{
    GDateTime *date = g_mime_message_get_date (message);

    return date != NULL ? bs_text_iso_date (date) : NULL;
}

/* For explain: where the state machine found the codes, and which status
 * was chosen. Scans again, but only when tracing. */
static void
trace_codes (BsReport *report, const BsRecipient *recipient)
{
    BsSmtpCode code;
    const char *text = recipient->diagnostic ? recipient->diagnostic : "";
    char reply[64] = "no reply code", status[64] = "no enhanced code";

    if (report->trace == NULL)
        return;
    bs_smtpcode_scan (text, strlen (text), &code);
    bs_report_trace (report, "recipient %s:", recipient->recipient);
    if (*code.reply_code)
        g_snprintf (reply, sizeof reply, "reply code %s at byte %"
                    G_GSSIZE_FORMAT, code.reply_code, code.reply_offset);
    if (*code.status)
        g_snprintf (status, sizeof status, "enhanced code %s at byte %"
                    G_GSSIZE_FORMAT, code.status, code.status_offset);
    bs_report_trace (report, "  diagnostic: %s, %s", reply, status);
    bs_report_trace (report, "  Status field %s; chosen status %s",
                     recipient->status_field ? recipient->status_field : "-",
                     recipient->status ? recipient->status : "-");
}

static void
classify (BsReport *report, const BsOptions *options)
{
    for (guint i = 0; i < report->recipients->len; i++) {
        BsRecipient *recipient = g_ptr_array_index (report->recipients, i);

        bs_classify_complete (recipient);
        trace_codes (report, recipient);
        if (options->rules == NULL ||
            bs_rules_apply (options->rules, report, recipient) < 0) {
            bs_classify_fallback (recipient);
            bs_report_trace (report, "  no rule matched: fallback");
        }
        bs_classify_infer_status (recipient);
    }
}

/* The Message-ID (which a resent or re-filed copy keeps) and a SHA-256
 * of the bytes (which tells apart two bounces that reuse an ID). */
static char *
fingerprint (const char *message_id, BsInput *input)
{
    g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
    gsize length = 0;
    const char *raw = bs_input_raw (input, &length);

    if (message_id != NULL)
        g_checksum_update (checksum, (const guchar *) message_id, -1);
    g_checksum_update (checksum, (const guchar *) "", 1);
    g_checksum_update (checksum, (const guchar *) raw, length);
    return g_strdup (g_checksum_get_string (checksum));
}

/* Reads MESSAGE, whose raw bytes are RAW when at hand. */
static BsReport *
scan (const char *source, GMimeMessage *message, const char *raw,
      gsize length, const BsOptions *options)
{
    g_autoptr (BsReport) report = bs_report_new (source);
    g_autoptr (BsInput) input = bs_input_new (message, raw, length, options);
    const BsReaderEntry *reader;

    if (options->trace)
        report->trace = g_ptr_array_new_with_free_func (g_free);
    report->bounce_date = bounce_date (message);
    report->message_id = g_strdup (g_mime_message_get_message_id (message));
    if (options->fingerprint)
        report->fingerprint = fingerprint (report->message_id, input);
    bs_mime_trace_tree (message, report);
    reader = bs_readers_run (report, input);
    bs_subscriber_settle (report, input);
    if (reader == NULL && bs_verp_apply (report, input))
        report->detected_by = g_strdup ("verp");
    else if (reader != NULL)
        bs_verp_apply (report, input);
    if (reader == NULL && report->recipients->len == 0) {
        bs_report_note (report, "not a bounce: no reader recognised it");
        return g_steal_pointer (&report);
    }
    /* A reader may name the format more precisely than its own name. */
    if (report->detected_by == NULL && reader != NULL)
        report->detected_by = g_strdup (reader->name);
    classify (report, options);
    return g_steal_pointer (&report);
}

BsReport *
bs_scan_message (const char *source, GMimeMessage *message,
                 const BsOptions *options)
{
    g_return_val_if_fail (GMIME_IS_MESSAGE (message), NULL);
    g_return_val_if_fail (options != NULL, NULL);
    return scan (source, message, NULL, 0, options);
}

BsReport *
bs_scan_bytes (const char *source, const char *data, gsize length,
               const BsOptions *options, GError **error)
{
    g_autoptr (GMimeMessage) message = NULL;

    g_return_val_if_fail (data != NULL || length == 0, NULL);
    g_return_val_if_fail (options != NULL, NULL);
    if (length > options->max_size) {
        g_set_error (error, BS_ERROR, BS_ERROR_LIMIT,
                     "message of %" G_GSIZE_FORMAT " bytes exceeds the "
                     "size limit of %" G_GSIZE_FORMAT " bytes",
                     length, options->max_size);
        return NULL;
    }
    /* Nothing to read as mail at all (an empty file, /dev/null, a binary
     * file) is the input's failure, not a message that is no bounce: the
     * caller names it as it names a file it cannot open. */
    message = length > 0 ? bs_mime_parse (data, length) : NULL;
    if (message == NULL) {
        g_set_error (error, BS_ERROR, BS_ERROR_INPUT, "%s",
                     length == 0 ? "empty, not a message"
                                 : "not a message: no header could be read");
        return NULL;
    }
    return scan (source, message, data, length, options);
}
