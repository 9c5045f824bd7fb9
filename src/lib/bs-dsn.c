/* bs-dsn.c: maps the fields of a delivery-status body (RFC 3464 section 2,
 * RFC 6533 section 3 for the utf-8 address type) onto a BsReport. Field
 * handling is a table; recipients are split on blank lines and also on a
 * repeated recipient field, since some MTAs leave the blank lines out. */
#include <string.h>

#include "bs-address.h"
#include "bs-command.h"
#include "bs-dsn.h"
#include "bs-fields.h"
#include "bs-mime.h"
#include "bs-original.h"
#include "bs-smtpcode.h"
#include "bs-text.h"

typedef struct {
    BsReport *report;
    BsRecipient *current;   /* the recipient block being read, or NULL */
    guint max_recipients;
    guint added;
} Reader;

typedef void (*FieldFunc) (Reader *reader, const char *value);

static BsRecipient *
start_recipient (Reader *reader)
{
    if (reader->report->recipients->len >= reader->max_recipients) {
        reader->current = NULL;
        return NULL;
    }
    reader->current = bs_recipient_new ();
    g_ptr_array_add (reader->report->recipients, reader->current);
    reader->added++;
    return reader->current;
}

/* The recipient a per-recipient field belongs to, starting a new one when
 * the current block already has a value for it. */
static BsRecipient *
recipient_for (Reader *reader, gboolean starts_new)
{
    if (reader->current == NULL || starts_new)
        return start_recipient (reader);
    return reader->current;
}

static char *
address_or_text (const char *value)
{
    char *address = bs_address_parse (value);

    return address != NULL ? address
                           : bs_text_one_line (bs_text_skip_type (value, NULL),
                                               -1);
}

static void
final_recipient (Reader *reader, const char *value)
{
    BsRecipient *current = reader->current;
    BsRecipient *recipient = recipient_for (
        reader, current != NULL && current->recipient != NULL);

    if (recipient != NULL) {
        g_free (recipient->recipient);
        recipient->recipient = address_or_text (value);
    }
}

/* Original-Recipient starts a new block only when the current one already
 * has one: it may come before or after Final-Recipient, and some MTAs even
 * put Action first. */
static void
original_recipient (Reader *reader, const char *value)
{
    BsRecipient *current = reader->current;
    BsRecipient *recipient = recipient_for (
        reader, current != NULL && current->original_recipient != NULL);

    if (recipient != NULL) {
        g_free (recipient->original_recipient);
        recipient->original_recipient = address_or_text (value);
    }
}

static void
action (Reader *reader, const char *value)
{
    BsRecipient *recipient = recipient_for (reader, FALSE);
    gsize length = strcspn (value, " \t;(");

    if (recipient != NULL && length > 0) {
        g_free (recipient->action);
        recipient->action = g_ascii_strdown (value, length);
    }
}

/* "Status: 5.2.1 (mailbox disabled, not accepting messages)": the
 * comment is the reporting MTA's own reading of the status, evidence the
 * rules weigh with the remote server's words. */
static void
status_note (BsRecipient *recipient, const char *value)
{
    const char *open = strchr (value, '(');
    const char *close = open != NULL ? strrchr (open, ')') : NULL;
    g_autofree char *note = NULL;

    if (close == NULL || close - open < 2)
        return;
    note = g_strstrip (g_strndup (open + 1, close - open - 1));
    if (*note != '\0')
        bs_set_string (&recipient->status_note, note);
}

static void
status (Reader *reader, const char *value)
{
    BsRecipient *recipient = recipient_for (reader, FALSE);
    BsSmtpCode code;

    if (recipient == NULL)
        return;
    if (bs_smtpcode_scan (value, strlen (value), &code) && *code.status)
        bs_set_string (&recipient->status_field, code.status);
    else
        bs_report_note (reader->report, "unreadable Status field: %s", value);
    status_note (recipient, value);
}

static void
diagnostic_code (Reader *reader, const char *value)
{
    BsRecipient *recipient = recipient_for (reader, FALSE);
    char *type = NULL;
    const char *text = bs_text_skip_type (value, &type);

    if (recipient == NULL) {
        g_free (type);
        return;
    }
    g_free (recipient->diagnostic_type);
    recipient->diagnostic_type = type;
    g_free (recipient->diagnostic);
    recipient->diagnostic = bs_text_one_line (text, -1);
}

static void
set_typed (char **field, const char *value)
{
    g_free (*field);
    *field = bs_text_one_line (bs_text_skip_type (value, NULL), -1);
}

static void
remote_mta (Reader *reader, const char *value)
{
    BsRecipient *recipient = recipient_for (reader, FALSE);

    if (recipient != NULL)
        set_typed (&recipient->remote_mta, value);
}

static void
last_attempt_date (Reader *reader, const char *value)
{
    BsRecipient *recipient = recipient_for (reader, FALSE);

    if (recipient != NULL)
        bs_set_string (&recipient->last_attempt_date, value);
}

static void
will_retry_until (Reader *reader, const char *value)
{
    BsRecipient *recipient = recipient_for (reader, FALSE);

    if (recipient != NULL)
        bs_set_string (&recipient->will_retry_until, value);
}

static void
reporting_mta (Reader *reader, const char *value)
{
    set_typed (&reader->report->reporting_mta, value);
}

static void
received_from_mta (Reader *reader, const char *value)
{
    set_typed (&reader->report->received_from_mta, value);
}

static void
arrival_date (Reader *reader, const char *value)
{
    bs_set_string (&reader->report->arrival_date, value);
}

static void
original_envelope_id (Reader *reader, const char *value)
{
    bs_set_string (&reader->report->original_envelope_id, value);
}

/* RFC 3464 2.2 (per-message) and 2.3 (per-recipient) fields we read. */
static const struct {
    const char *name;
    FieldFunc read;
} dsn_fields[] = {
    { "Reporting-MTA", reporting_mta },
    { "Received-From-MTA", received_from_mta },
    { "Arrival-Date", arrival_date },
    { "Original-Envelope-Id", original_envelope_id },
    { "Final-Recipient", final_recipient },
    { "Original-Recipient", original_recipient },
    { "Action", action },
    { "Status", status },
    { "Remote-MTA", remote_mta },
    { "Diagnostic-Code", diagnostic_code },
    { "Last-Attempt-Date", last_attempt_date },
    { "Will-Retry-Until", will_retry_until },
};

static void
read_field (Reader *reader, const BsField *field)
{
    for (gsize i = 0; i < G_N_ELEMENTS (dsn_fields); i++) {
        if (g_ascii_strcasecmp (dsn_fields[i].name, field->name) == 0) {
            bs_report_trace (reader->report, "  line %u: %s: %s",
                             field->line, field->name, field->value);
            dsn_fields[i].read (reader, field->value);
            return;
        }
    }
}

/* Drops blocks that name no recipient at all, taking the original
 * recipient where only that was given. */
static void
settle_recipients (Reader *reader)
{
    GPtrArray *recipients = reader->report->recipients;

    for (guint i = recipients->len; i > 0; i--) {
        BsRecipient *recipient = g_ptr_array_index (recipients, i - 1);

        if (recipient->recipient == NULL && recipient->original_recipient)
            recipient->recipient = g_strdup (recipient->original_recipient);
        if (recipient->recipient == NULL || *recipient->recipient == '\0') {
            bs_report_note (reader->report,
                            "recipient block without Final-Recipient");
            g_ptr_array_remove_index (recipients, i - 1);
            reader->added--;
        }
    }
}

guint
bs_dsn_parse (BsReport *report, const char *text, gsize length,
              const BsOptions *options)
{
    g_autoptr (BsFieldBlock) block =
        bs_fields_parse (text, length, options->max_fields);
    Reader reader = { report, NULL, options->max_recipients, 0 };

    for (guint g = 0; g < block->groups->len; g++) {
        GPtrArray *group = g_ptr_array_index (block->groups, g);

        reader.current = NULL;
        for (guint f = 0; f < group->len; f++)
            read_field (&reader, g_ptr_array_index (group, f));
    }
    if (block->junk_lines > 0)
        bs_report_note (report, "%u junk line(s) in the delivery-status part",
                        block->junk_lines);
    if (block->truncated ||
        report->recipients->len >= options->max_recipients)
        bs_report_note (report, "delivery-status part truncated at a limit");
    settle_recipients (&reader);
    return reader.added;
}

/* The rest of the line of TEXT that names ADDRESS, with the indented lines
 * that continue it, on one line: what the human-readable part says about
 * that recipient. FOLDED is TEXT with ASCII letters in lower case (same
 * offsets); the address is found in it case-insensitively. */
static char *
line_about (const char *text, const char *folded, const char *address)
{
    g_autofree char *lower_address = bs_text_ascii_down (address,
                                                         strlen (address));
    const char *hit = strstr (folded, lower_address);
    const char *start;
    const char *end;

    if (hit == NULL)
        return NULL;
    start = text + (hit - folded) + strlen (address);
    end = strchr (start, '\n');
    while (end != NULL && (end[1] == ' ' || end[1] == '\t') &&
           end[1 + strspn (end + 1, " \t")] != '\n' && end - start < 1024)
        end = strchr (end + 1, '\n');
    if (end == NULL)
        end = start + strlen (start);
    return bs_text_one_line (start, MIN (end - start, 1024));
}

/* A DSN without Diagnostic-Code often says what went wrong in its
 * human-readable part; take that text for such recipients. */
static void
diagnostics_from_text (BsReport *report, BsInput *input)
{
    for (guint i = 0; i < report->recipients->len; i++) {
        BsRecipient *recipient = g_ptr_array_index (report->recipients, i);
        char *found;

        if (recipient->diagnostic != NULL && *recipient->diagnostic != '\0')
            continue;
        found = line_about (bs_input_text (input), bs_input_folded (input),
                            recipient->recipient);
        if (found == NULL || strlen (g_strstrip (found)) < 4) {
            g_free (found);
            continue;
        }
        /* Strip the ": " or "> " that joined the address to its text. */
        memmove (found, found + strspn (found, ":>), "),
                 strlen (found + strspn (found, ":>), ")) + 1);
        g_free (recipient->diagnostic);
        recipient->diagnostic = found;
        bs_report_trace (report, "  diagnostic for %s taken from the text: %s",
                         recipient->recipient, found);
    }
}

static const char *const dsn_types[] = {
    "message/delivery-status", "message/global-delivery-status",
    "text/delivery-status", NULL,
};

gboolean
bs_dsn_read (BsReport *report, BsInput *input)
{
    GMimeMessage *message = bs_input_message (input);
    const BsOptions *options = bs_input_options (input);
    BsMimeReport found;
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (GMimeMessage) original = NULL;
    gsize length = 0;
    const char *data;

    if (!bs_mime_find (message, dsn_types, options, &found))
        return FALSE;
    bytes = bs_mime_part_bytes (found.report);
    if (bytes == NULL)
        return FALSE;
    data = g_bytes_get_data (bytes, &length);
    bs_report_trace (report, "delivery-status fields:");
    if (bs_dsn_parse (report, data != NULL ? data : "", length, options) == 0)
        return FALSE;
    if (found.original != NULL)
        bs_original_read_part (report, found.original);
    bs_command_from_text (report, bs_input_folded (input));
    diagnostics_from_text (report, input);
    return TRUE;
}

/* The first line of TEXT that starts (case-insensitively) with one of
 * FIELDS, or NULL. */
static const char *
find_line (const char *text, const char *end, const char *const *fields)
{
    for (const char *line = text; line != NULL && line < end;) {
        const char *nl = memchr (line, '\n', end - line);

        for (const char *const *field = fields; *field != NULL; field++)
            if ((gsize) (end - line) > strlen (*field) &&
                g_ascii_strncasecmp (line, *field, strlen (*field)) == 0)
                return line;
        line = nl != NULL ? nl + 1 : NULL;
    }
    return NULL;
}

/* Where the block starting at START ends: at a MIME boundary line or the
 * start of the returned message's headers. */
static const char *
block_end (const char *start, const char *end)
{
    static const char *const stops[] = {
        "--", "Content-Type:", "Received:", "Return-Path:", NULL,
    };
    const char *first_nl = memchr (start, '\n', end - start);
    const char *stop = first_nl != NULL
        ? find_line (first_nl + 1, end, stops) : NULL;

    return stop != NULL ? stop : end;
}

/* TRUE if the LENGTH bytes at BLOCK are still quoted-printable: a line
 * that ends in the soft break "=", or an "=3D" (an encoded "="). Field
 * lines never end in "=", and a DSN has no other use for "=3D". */
static gboolean
still_quoted_printable (const char *block, gsize length)
{
    for (const char *p = block; (p = memchr (p, '=', block + length - p));
         p++) {
        gsize left = block + length - p;

        if ((left >= 2 && p[1] == '\n') ||
            (left >= 3 && p[1] == '\r' && p[2] == '\n') ||
            (left >= 3 && p[1] == '3' && g_ascii_toupper (p[2]) == 'D'))
            return TRUE;
    }
    return FALSE;
}

/* Parses the DSN fields in the LENGTH bytes at BLOCK, decoding them first
 * when they are quoted-printable: this reader sees raw bytes, and a DSN
 * part of a forwarded or mislabelled bounce keeps its transfer encoding
 * (else "Final-Recipient:=" followed by " rfc822; ..." reads as an address
 * "= rfc822; ..."). */
static guint
parse_block (BsReport *report, const char *block, gsize length,
             const BsOptions *options)
{
    GMimeEncoding decoder;
    g_autofree char *decoded = NULL;
    gsize decoded_length;

    if (!still_quoted_printable (block, length))
        return bs_dsn_parse (report, block, length, options);
    bs_report_note (report, "delivery-status fields decoded from "
                    "quoted-printable");
    g_mime_encoding_init_decode (&decoder,
                                 GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    decoded = g_malloc (g_mime_encoding_outlen (&decoder, length) + 1);
    decoded_length = g_mime_encoding_flush (&decoder, block, length,
                                            decoded);
    return bs_dsn_parse (report, decoded, decoded_length, options);
}

gboolean
bs_dsn_read_text (BsReport *report, BsInput *input)
{
    static const char *const recipient_fields[] = {
        "Final-Recipient:", "Original-Recipient:", NULL,
    };
    static const char *const message_fields[] = { "Reporting-MTA:", NULL };
    gsize length = 0;
    const char *raw = bs_input_raw (input, &length);
    const char *end = raw + length;
    const char *recipient = find_line (raw, end, recipient_fields);
    const char *start;

    if (recipient == NULL)
        return FALSE;
    /* Take the per-message block too when it comes just before. */
    start = find_line (raw, recipient, message_fields);
    if (start == NULL || recipient - start > 2048)
        start = recipient;
    bs_report_trace (report, "delivery-status fields found in the text:");
    return parse_block (report, start, block_end (recipient, end) - start,
                        bs_input_options (input)) > 0;
}
