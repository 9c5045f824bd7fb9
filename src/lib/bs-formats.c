/* bs-formats.c: one row per MTA family whose prose bounces we recognise.
 * A row only names the family (for the detected_by column and for rules
 * with reader=); reading is shared, since these bounces differ in wording
 * far more than in shape. Rows are tried in order; put a family whose
 * markers another family's text could contain first. Markers are
 * case-insensitive substrings of the headers or of the bounce's text. */
#include "bs-formats.h"
#include "bs-textbounce.h"

#define MARKERS(...) ((const char *const[]) { __VA_ARGS__, NULL })

static const BsTextFormat formats[] = {
    { "googlegroups", MARKERS ("googlegroups.com"),
      MARKERS ("google groups") },
    { "gmail", MARKERS ("googlemail.com", "mailer-daemon@google"),
      MARKERS ("delivery to the following recipient failed",
               "delivery to the following recipient has been delayed",
               "google tried to deliver", "gmail will retry for") },
    { "exchange", MARKERS ("microsoft exchange", "x-ms-exchange"),
      MARKERS ("did not reach the following recipient",
               "delivery has failed to these recipients",
               "your message did not reach") },
    { "office365", MARKERS ("outlook.com", "protection.outlook"),
      MARKERS ("office 365", "microsoft outlook") },
    { "qmail", MARKERS ("qmail"), MARKERS ("qmail-send program") },
    { "exim", MARKERS ("x-failed-recipients", "exim"),
      MARKERS ("created automatically by mail delivery software") },
    { "postfix", MARKERS ("postfix"), MARKERS ("this is the mail system at",
                                               "postfix program") },
    { "opensmtpd", MARKERS ("opensmtpd"),
      MARKERS ("this is the mailer-daemon, please do not reply") },
    { "sendmail", MARKERS ("sendmail"),
      MARKERS ("transcript of session follows",
               "the original message was received at") },
    { "courier", MARKERS ("courier"), MARKERS ("courier mail server") },
    { "domino", MARKERS ("delivery failure: ", "domino", "lotus"),
      MARKERS ("lotus", "domino") },
    { "yahoo", MARKERS ("yahoo"),
      MARKERS ("unable to deliver your message to the following address") },
    { "aol", MARKERS ("aol.com"), NULL },
    { "mailru", MARKERS ("mail.ru"), NULL },
    { "yandex", MARKERS ("yandex"), NULL },
    { "gmx", MARKERS ("gmx."), NULL },
    { "zoho", MARKERS ("zoho"), NULL },
    { "kddi", MARKERS ("ezweb.ne.jp", "dion.ne.jp", "au.com"), NULL },
    { "docomo", MARKERS ("docomo.ne.jp"), NULL },
    { "verizon", MARKERS ("vzw", "verizon"), NULL },
    { "amazonses", MARKERS ("amazonses", "amazonaws"),
      MARKERS ("amazon ses") },
    { "sendgrid", MARKERS ("sendgrid"), NULL },
    { "imail", MARKERS ("imail"), NULL },
    { "trendmicro", MARKERS ("interscan"), MARKERS ("interscan") },
    { "mcafee", MARKERS ("mcafee"), NULL },
    { "barracuda", MARKERS ("barracuda"), NULL },
    { "mimecast", MARKERS ("mimecast"), NULL },
    { "fml", MARKERS ("x-mlserver: fml"), NULL },
    { "messagingserver", MARKERS ("sun java", "oracle communications"),
      MARKERS ("messaging server") },
};

gboolean
bs_formats_read (BsReport *report, BsInput *input)
{
    const BsTextFormat *family;

    if (!bs_textbounce_is_bounce (input))
        return FALSE;
    if (!bs_textbounce_read (report, input))
        return FALSE;
    family = bs_textbounce_family (input, formats, G_N_ELEMENTS (formats));
    bs_set_string (&report->detected_by,
                   family != NULL ? family->name : "text");
    bs_report_trace (report, "  prose bounce, family %s",
                     report->detected_by);
    return TRUE;
}
