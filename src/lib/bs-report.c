/* bs-report.c: the report and recipient records that readers fill in and
 * writers print. Plain structs with owned strings; nothing clever. */
#include "bs-report.h"

BsRecipient *
bs_recipient_new (void)
{
    BsRecipient *recipient = g_new0 (BsRecipient, 1);

    recipient->klass = BS_CLASS_SOFT;
    return recipient;
}

void
bs_recipient_free (BsRecipient *recipient)
{
    if (recipient == NULL)
        return;
    g_free (recipient->recipient);
    g_free (recipient->original_recipient);
    g_free (recipient->action);
    g_free (recipient->status);
    g_free (recipient->status_field);
    g_free (recipient->status_note);
    g_free (recipient->status_text);
    g_free (recipient->reply_code);
    g_free (recipient->diagnostic_type);
    g_free (recipient->command);
    g_free (recipient->diagnostic);
    g_free (recipient->remote_mta);
    g_free (recipient->last_attempt_date);
    g_free (recipient->will_retry_until);
    g_free (recipient->feedback_type);
    g_free (recipient->reason);
    g_free (recipient->rule);
    g_free (recipient);
}

BsReport *
bs_report_new (const char *source)
{
    BsReport *report = g_new0 (BsReport, 1);

    report->source = g_strdup (source);
    report->recipients =
        g_ptr_array_new_with_free_func ((GDestroyNotify) bs_recipient_free);
    report->notes = g_ptr_array_new_with_free_func (g_free);
    return report;
}

void
bs_report_free (BsReport *report)
{
    if (report == NULL)
        return;
    g_free (report->source);
    g_free (report->bounce_date);
    g_free (report->reporting_mta);
    g_free (report->received_from_mta);
    g_free (report->arrival_date);
    g_free (report->original_envelope_id);
    g_free (report->original_sender);
    g_free (report->original_message_id);
    g_free (report->message_id);
    g_free (report->fingerprint);
    g_free (report->original_subject);
    g_free (report->list_id);
    g_free (report->original_to);
    g_free (report->detected_by);
    g_ptr_array_unref (report->recipients);
    g_ptr_array_unref (report->notes);
    if (report->trace != NULL)
        g_ptr_array_unref (report->trace);
    g_free (report);
}

void
bs_report_note (BsReport *report, const char *format, ...)
{
    va_list args;

    g_return_if_fail (report != NULL);
    va_start (args, format);
    g_ptr_array_add (report->notes, g_strdup_vprintf (format, args));
    va_end (args);
}

void
bs_report_trace (BsReport *report, const char *format, ...)
{
    va_list args;

    if (report == NULL || report->trace == NULL)
        return;
    va_start (args, format);
    g_ptr_array_add (report->trace, g_strdup_vprintf (format, args));
    va_end (args);
}

void
bs_set_string (char **field, const char *value)
{
    char *copy = g_strdup (value);

    g_free (*field);
    *field = copy;
}
