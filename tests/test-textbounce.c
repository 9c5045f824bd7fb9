/* test-textbounce.c: whole prose bounces read end to end (the stages:
 * test-prose.c, test-failed.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-mime.h"
#include "bs-scan.h"
#include "bs-textbounce.h"

/* Whole messages: "detected_by recipient status reply action" per row. */
static const struct {
    const char *input;
    const char *expected;
    const char *why;
} message_cases[] = {
    { "From: MAILER-DAEMON@mx.example.com\nTo: news@example.org\n"
      "Subject: failure notice\n\n"
      "Hi. This is the qmail-send program at mx.example.com.\n"
      "I'm afraid I wasn't able to deliver your message to the following "
      "addresses.\nThis is a permanent error; I've given up.\n\n"
      "<gone@example.net>:\nRemote host said: 550 5.1.1 no such user\n\n"
      "--- Below this line is a copy of the message.\n\n"
      "From: news@example.org\nTo: gone@example.net\nSubject: Hi\n\nbody\n",
      "qmail gone@example.net 5.1.1 550 failed", "qmail" },
    { "From: Mail Delivery System <Mailer-Daemon@mx.example.com>\n"
      "To: news@example.org\nX-Failed-Recipients: a@example.net\n"
      "Subject: Mail delivery failed: returning message to sender\n\n"
      "This message was created automatically by mail delivery software.\n\n"
      "  a@example.net\n    host mx.example.net [192.0.2.1]: 552 5.2.2 "
      "mailbox full\n",
      "exim a@example.net 5.2.2 552 failed", "exim with X-Failed-Recipients" },
    { "From: Mail Delivery System <Mailer-Daemon@mx.example.com>\n"
      "To: news@example.org\n"
      "Subject: Mail delivery failed: returning message to sender\n\n"
      "This message was created automatically by mail delivery software.\n\n"
      "  box-7@mail.example.net\n    (generated from alias@example.org)\n"
      "    host mail.example.net [192.0.2.9]: 550 5.7.1 refused\n",
      "exim box-7@mail.example.net 5.7.1 550 failed",
      "exim: the address an alias was generated from is no recipient, and "
      "the reason follows it" },
    { "From: MAILER-DAEMON@mx.example.com\nTo: news@example.org\n"
      "Subject: Warning: message delayed\n\n"
      "Your message could not be delivered to b@example.net yet. "
      "We will keep trying.\n",
      "text b@example.net 4.0.0 - delayed", "delay, no code" },
    { "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
      "To: news@example.org\nSubject: Delivery Status Notification (Delay)"
      "\n\n** Delivery incomplete **\n\nThere was a temporary problem "
      "delivering your message to g@example.net. Gmail will retry for 45 "
      "more hours.\n\nThe response was:\n\n451 4.3.0 try later\n",
      "gmail g@example.net 4.3.0 451 delayed", "Gmail's delay, new style" },
    { "From: Jo <jo@example.org>\nTo: news@example.org\nSubject: Fw: ?\n\n"
      "There was a temporary problem delivering your message to "
      "h@example.net. Gmail will retry for 45 more hours.\n",
      "gmail h@example.net 4.0.0 - delayed",
      "Gmail's delay forwarded under a person's subject" },
    { "From: friend@example.com\nTo: me@example.org\nSubject: lunch\n\n"
      "Could you mail carol@example.net about it?\n", "", "not a bounce" },
    { "From: alice@example.com\nTo: news@example.org\n"
      "Subject: Out of Office: news\nAuto-Submitted: auto-replied\n\n"
      "I am away until Monday.\n", "autoreply alice@example.com - - -",
      "auto-reply" },
    { "From: MAILER-DAEMON@mx.example.com\nTo: news@example.org\n"
      "Subject: Undelivered Mail Returned to Sender\n\n"
      "The message returned below could not be delivered.\n"
      "For further assistance, please contact <help@mx.example.com>\n\n"
      "<c@example.net>: host mx.example.net said: 550 5.1.1 no such user\n",
      "text c@example.net 5.1.1 550 failed", "a help address is no recipient" },
    { "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\n"
      "To: news@example.org\nSubject: Returned mail: Cannot send message\n\n"
      "   ----- Transcript of session follows -----\n"
      "421 example.net (smtp)... Deferred: Connection timed out\n\n"
      "   ----- Unsent message follows -----\n"
      "Received: by mx.example.com; Mon, 5 Jan 2026 10:00:00 +0100\n"
      "From: news@example.org\nTo: d@example.net\nSubject: Hi\n\nbody\n",
      "sendmail d@example.net 4.0.0 421 failed",
      "recipient from the returned copy's To:, 421 makes it transient" },
    { "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\n"
      "To: news@example.org\nSubject: Returned mail: User unknown\n\n"
      "   ----- Transcript of session follows -----\n"
      "554 <e@example.net>... Remote protocol error\n"
      "550 example.org (smtp)... 550 Host unknown\n"
      "554 <f@example.org>... 550 Host unknown (from name server)\n",
      "sendmail e@example.net 5.0.0 - failed; sendmail f@example.org 5.0.0 550 failed",
      "a transcript line per address: no code from the next address's line" },
    { "From: post_master@sms.example.com\nTo: news@example.org\n"
      "Subject: Re: hello\n\nError: Invalid user address\n\n"
      "Error message below:\n550 - Requested action not taken: no such user\n\n"
      "Message details:\n  RCPT TO: 5550100@sms.example.com\n"
      "  Size (in bytes): 212\n",
      "text 5550100@sms.example.com 5.0.0 550 failed",
      "the code is before the address, the size after it is no code" },
};

static void
test_messages (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (message_cases); i++) {
        g_autofree char *got = scan_rows (message_cases[i].input, FALSE);

        if (strcmp (got, message_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, message_cases[i].why,
                      got);
    }
}

/* Is it a bounce at all: bs_textbounce_is_bounce(). */
static const struct {
    const char *input;
    gboolean expected;
    const char *why;
} bounce_cases[] = {
    { "From: Jo <jo@example.org>\nTo: news@example.org\nSubject: Fw: what?\n"
      "\n** Delivery incomplete **\n\nThere was a temporary problem "
      "delivering your message to a@example.net. Gmail will retry for 46 "
      "more hours.\n", TRUE, "Gmail's delay template, forwarded" },
    { "From: Jo <jo@example.org>\nTo: news@example.org\nSubject: late\n\n"
      "Sorry, my answer has been delayed by the strike.\n",
      FALSE, "a person's delay" },
    { "From: Gateway <gw@example.com>\nTo: news@example.org\n"
      "Subject: Message rejected\nMIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=delivery-status; "
      "boundary=\"R\"\n\n--R\nContent-Type: text/plain\n\nNo.\n--R--\n",
      TRUE, "a delivery report by its structure" },
    { "From: Jo <jo@example.org>\nTo: news@example.org\nSubject: Read: Hi\n"
      "MIME-Version: 1.0\nContent-Type: multipart/report; "
      "report-type=disposition-notification; boundary=\"R\"\n\n--R\n"
      "Content-Type: text/plain\n\nDisplayed.\n--R\n"
      "Content-Type: text/rfc822-headers\n\nFrom: news@example.org\n\n"
      "--R--\n", FALSE, "a read receipt returns headers too" },
    { "From: Gateway <gw@example.com>\nTo: news@example.org\n"
      "Subject: Returned\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"R\"\n\n--R\n"
      "Content-Type: text/plain\n\nNo.\n--R\n"
      "Content-Type: text/rfc822-headers\n\nFrom: news@example.org\n\n"
      "--R--\n", TRUE, "a returned header block" },
};

static void
test_is_bounce (void **state)
{
    BsOptions options;

    bs_options_init (&options);
    for (gsize i = 0; i < G_N_ELEMENTS (bounce_cases); i++) {
        const char *text = bounce_cases[i].input;
        g_autoptr (GMimeMessage) message = bs_mime_parse (text,
                                                          strlen (text));
        g_autoptr (BsInput) input = bs_input_new (message, text,
                                                  strlen (text), &options);

        if (bs_textbounce_is_bounce (input) != bounce_cases[i].expected)
            fail_msg ("case %zu (%s): got %d", i, bounce_cases[i].why,
                      !bounce_cases[i].expected);
    }
}

/* Transcripts: "recipient command|diagnostic" per row, where each
 * session's own command answers for its address. */
static const struct {
    const char *input;
    const char *expected;
    const char *why;
} session_cases[] = {
    { "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\n"
      "To: news@example.org\nSubject: Returned mail: User unknown\n\n"
      "   ----- Transcript of session follows -----\n"
      "While talking to lists.example.com:\n>>> DATA\n"
      "<<< 554 attachments are not accepted\n"
      "554 <g@lists.example.com>... Service unavailable\n"
      "While talking to mx.example.net:\n>>> RCPT To:<h@example.net>\n"
      "<<< 550 No such user here.\n550 <h@example.net>... User unknown\n\n"
      "   ----- Unsent message follows -----\n"
      "From: news@example.org\nTo: g@lists.example.com\n\nbody\n",
      "g@lists.example.com data|<<< 554 attachments are not accepted ... "
      "Service unavailable; "
      "h@example.net rcpt|<<< 550 No such user here. 550 <h@example.net>... "
      "User unknown",
      "two sessions: DATA for the first, RCPT for the second; neither "
      "diagnostic runs into the next session or the copy" },
    { "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\n"
      "To: news@example.org\nSubject: Returned mail: see transcript\n\n"
      "   ----- Transcript of session follows -----\n"
      "While talking to mx.example.org:\n>>> MAIL From:<news@example.org>\n"
      "<<< 501 <news@example.org>... refused, 192.0.2.7 is an open relay\n"
      "421 mx.example.org (smtp)... Deferred: Connection reset\n"
      "554 <k@example.org>... Remote protocol error\n"
      "550 example.net (smtp)... 550 Host unknown\n"
      "554 <m@example.net>... 550 Host unknown\n\n"
      "   ----- Unsent message follows -----\n"
      "From: news@example.org\nTo: k@example.org\n\nbody\n",
      "k@example.org mail|<<< 501 <news@example.org>... refused, 192.0.2.7 "
      "is an open relay ... Remote protocol error; "
      "m@example.net -|... 550 Host unknown",
      "a MAIL From reply and command answer for the address listed after it, "
      "past the MTA's own note; not for one listed after another address" },
    { "From: MAILER-DAEMON@mx.example.com\nTo: news@example.org\n"
      "Subject: Undelivered Mail Returned to Sender\n\n"
      "<i@example.net>: host mx.example.net said: 550 unknown user "
      "(in reply to end of DATA command)\n",
      "i@example.net data|host mx.example.net said: 550 unknown user (in "
      "reply to end of DATA command)", "the diagnostic names its command" },
};

static void
test_sessions (void **state)
{
    BsOptions options;

    bs_options_init (&options);
    for (gsize i = 0; i < G_N_ELEMENTS (session_cases); i++) {
        const char *input = session_cases[i].input;
        g_autoptr (BsReport) report = bs_scan_bytes ("t", input,
                                                     strlen (input),
                                                     &options, NULL);
        g_autoptr (GString) got = g_string_new (NULL);

        for (guint r = 0; r < report->recipients->len; r++) {
            BsRecipient *x = g_ptr_array_index (report->recipients, r);

            g_string_append_printf (got, "%s%s %s|%s", r ? "; " : "",
                                    x->recipient,
                                    x->command ? x->command : "-",
                                    x->diagnostic ? x->diagnostic : "-");
        }
        if (strcmp (got->str, session_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, session_cases[i].why,
                      got->str);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_is_bounce),
        cmocka_unit_test (test_sessions),
        cmocka_unit_test (test_messages),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
