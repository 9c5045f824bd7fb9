/* test-sesjson.c: Amazon SES notifications (bs-sesjson.h): the event as
 * SNS mails it, or inside SNS's JSON envelope; which rows each event type
 * gives, and SES's reading of a bounce or a delay as the status note. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-mime.h"
#include "bs-sesjson.h"

#define MAIL(body)                                                          \
    "From: AWS Notifications <no-reply@sns.amazonaws.example>\n"            \
    "To: events@example.org\nSubject: AWS Notification Message\n\n" body

#define BOUNCE(type, subtype, recipients)                                   \
    "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\""       \
    type "\",\"bounceSubType\":\"" subtype "\",\"bouncedRecipients\":["     \
    recipients "]},\"mail\":{\"source\":\"news@example.org\"}}"

static const struct {
    const char *input;
    const char *expected;  /* "recipient action status note feedback" per
                            * row, "; " between rows; "-" when missing */
    const char *why;
} cases[] = {
    { MAIL (BOUNCE ("Permanent", "General",
                    "{\"emailAddress\":\"a@example.net\",\"status\":\"5.1.1\"}")
            "\n--\nunsubscribe footer\n"),
      "a@example.net failed 5.1.1 - -", "a notification, as SNS mails it" },
    { MAIL (BOUNCE ("Permanent", "NoEmail",
                    "{\"emailAddress\":\"a@example.net\"}")),
      "a@example.net failed - permanent bounce: the target email address "
      "does not exist -", "a subtype read as the guide describes it" },
    { MAIL (BOUNCE ("Transient", "MailboxFull",
                    "{\"emailAddress\":\"a@example.net\"},"
                    "{\"emailAddress\":\"b@example.net\"}")),
      "a@example.net failed - transient bounce: mailbox full -; "
      "b@example.net failed - transient bounce: mailbox full -",
      "every recipient of the event" },
    { MAIL ("{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \"1\",\n"
            "  \"Message\" : \"{\\\"notificationType\\\":\\\"Bounce\\\","
            "\\\"bounce\\\":{\\\"bounceType\\\":\\\"Permanent\\\","
            "\\\"bouncedRecipients\\\":[{\\\"emailAddress\\\":"
            "\\\"c@example.net\\\",\\\"status\\\":\\\"5.2.1\\\"}]}}\",\n"
            "  \"Timestamp\" : \"2026-01-05T10:00:00.000Z\"\n}\n"),
      "c@example.net failed 5.2.1 - -",
      "SNS's envelope (email-json): the event is its Message string" },
    { MAIL ("{ \"Type\" : \"Notification\", \"Message\" : \"{\\\"eventType"
            "\\\":\\\"Complaint\\\",\\\"complaint\\\":{\\\"complainedRecipients"
            "\\\":[{\\\"emailAddress\\\":\\\"d@example.net\\\"}],"
            "\\\"complaintFeedbackType\\\":\\\"abuse\\\"}}\" }\n"),
      "d@example.net - - - abuse", "a complaint in an envelope, eventType" },
    { MAIL ("{\n    \"eventType\": \"DeliveryDelay\",\n"
            "    \"deliveryDelay\": {\n"
            "        \"delayType\": \"MailboxFull\",\n"
            "        \"delayedRecipients\": [\n            {\n"
            "                \"emailAddress\": \"e@example.net\",\n"
            "                \"status\": \"4.2.2\"\n            }\n"
            "        ]\n    }\n}\n"),
      "e@example.net delayed 4.2.2 delayed: mailbox full -",
      "event publishing's delay, pretty-printed" },
    { MAIL ("{\"notificationType\":\"Delivery\",\"delivery\":{\"recipients\":"
            "[\"f@example.net\"],\"smtpResponse\":\"250 ok\"}}"),
      "f@example.net delivered - - -", "a delivery" },
    { MAIL ("{\"eventType\":\"Open\",\"open\":{\"ipAddress\":\"192.0.2.1\"}}"),
      "", "an open event reports on nobody" },
    { MAIL ("{ \"Type\" : \"Notification\", \"Message\" : \"Hello\" }"),
      "", "an SNS notification that holds no SES event" },
    { MAIL ("{\"Type\" : \"Notification\", \"Message\" : \"{\\\"broken\" }"),
      "", "a Message that is no JSON" },
    { MAIL ("Dear customer, {\"notificationType\": is how it starts.\n"),
      "", "JSON that does not parse" },
    { MAIL ("Nothing here.\n"), "", "no JSON at all" },
};

static char *
rows (const char *input)
{
    BsOptions options;
    g_autoptr (GMimeMessage) message = bs_mime_parse (input, strlen (input));
    g_autoptr (BsInput) scan = NULL;
    g_autoptr (BsReport) report = bs_report_new ("t");
    GString *got = g_string_new (NULL);

    bs_options_init (&options);
    scan = bs_input_new (message, input, strlen (input), &options);
    if (!bs_sesjson_read (report, scan))
        return g_string_free (got, FALSE);
    for (guint r = 0; r < report->recipients->len; r++) {
        BsRecipient *x = g_ptr_array_index (report->recipients, r);

        g_string_append_printf (got, "%s%s %s %s %s %s", r ? "; " : "",
                                x->recipient, x->action ? x->action : "-",
                                x->status_field ? x->status_field : "-",
                                x->status_note ? x->status_note : "-",
                                x->feedback_type ? x->feedback_type : "-");
    }
    return g_string_free (got, FALSE);
}

static void
test_read (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = rows (cases[i].input);

        if (strcmp (got, cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, cases[i].why, got);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_read),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
