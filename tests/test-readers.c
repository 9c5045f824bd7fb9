/* test-readers.c: each recognizer's detection and extraction on a small
 * message of its shape: which reader (or MTA family) takes it, and what it
 * reads. Whole rows, rules included, are checked end to end by e2e.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-scan.h"

#define BOUNCE_HEADERS(from, subject)                                       \
    "From: " from "\nTo: news@example.org\nSubject: " subject "\n"

/* A prose bounce from FROM with SUBJECT, extra HEADERS and BODY. */
#define PROSE(from, subject, headers, body)                                 \
    BOUNCE_HEADERS (from, subject) headers "\n" body

static const struct {
    const char *input;
    const char *expected;  /* "detected_by recipient status reply action
                            * feedback_type" per row */
    const char *why;
} cases[] = {
    /* Not bounces, but reported. */
    { "From: fbl@isp.example\nTo: fbl@example.org\nSubject: complaint\n"
      "MIME-Version: 1.0\nContent-Type: multipart/report; "
      "report-type=feedback-report; boundary=\"F\"\n\n--F\n"
      "Content-Type: text/plain\n\nA complaint.\n--F\n"
      "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\n"
      "User-Agent: FBL/1.0\nVersion: 1\n"
      "Original-Rcpt-To: <reader@example.net>\n--F--\n",
      "arf reader@example.net - - - abuse", "ARF complaint" },
    { "From: staff@mail.example.com\nTo: fbl@example.org\n"
      "Subject: complaint about message from 192.0.2.1\nMIME-Version: 1.0\n"
      "Auto-Submitted: auto-replied\nContent-Type: message/rfc822\n\n"
      "X-HmXmrOriginalRecipient: <junk@mail.example.com>\n"
      "From: news@example.org\nSubject: News\n\nbody\n",
      "jmrp junk@mail.example.com - - - abuse",
      "Microsoft JMRP complaint, older non-ARF form" },
    { "From: staff@mail.example.com\nTo: fbl@example.org\n"
      "Subject: complaint about message from 192.0.2.1\nMIME-Version: 1.0\n"
      "Auto-Submitted: auto-replied\nContent-Type: message/rfc822\n\n"
      "X-HmXmrOriginalRecipient: redacted\n"
      "From: news@example.org\nSubject: News\n\nbody\n",
      "", "a JMRP complaint naming nobody is no auto-reply either" },
    { "From: fbl@isp.example\nTo: fbl@example.org\nSubject: complaint\n"
      "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=feedback-report; "
      "boundary=\"F\"\n\n--F\nContent-Type: text/plain\n\nA complaint.\n"
      "--F\nContent-Type: text/plain\n\nFeedback-Type: abuse\n"
      "User-Agent: FBL/1.0\nVersion: 1\n"
      "Original-Rcpt-To: <plain@example.net>\n--F--\n",
      "arf-text plain@example.net - - - abuse",
      "ARF fields in a part typed text/plain, marked as an auto-reply" },
    { "From: Jo <jo@example.org>\nTo: news@example.org\nSubject: Away\n"
      "Auto-Submitted: auto-replied\n\nOut until Monday. Our form has a "
      "field\nFeedback-Type: abuse\n",
      "autoreply jo@example.org - - - -",
      "a Feedback-Type line without User-Agent and Version is no report" },
    { "From: alice@example.com\nTo: news@example.org\nSubject: Away\n"
      "Auto-Submitted: auto-replied\n\nBack on Monday.\n",
      "autoreply alice@example.com - - - -", "RFC 3834 auto-reply" },
    { "From: AWS Notifications <no-reply@sns.amazonaws.example>\n"
      "To: feedback@example.org\nSubject: AWS Notification Message\n\n"
      "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":"
      "\"Permanent\",\"bouncedRecipients\":[{\"emailAddress\":"
      "\"gone@example.net\",\"status\":\"5.1.1\",\"diagnosticCode\":"
      "\"smtp; 550 5.1.1 no such user\"}]},\"mail\":{\"source\":"
      "\"news@example.org\"}}\n",
      "amazonses gone@example.net 5.1.1 550 failed -", "SES JSON notification" },
    { "From: AWS Notifications <no-reply@sns.amazonaws.example>\n"
      "To: feedback@example.org\nSubject: AWS Notification Message\n\n"
      "{\n  \"Type\" : \"Notification\",\n  \"Message\" : "
      "\"{\\\"notificationType\\\":\\\"Bounce\\\",\\\"bounce\\\":"
      "{\\\"bounceType\\\":\\\"Transient\\\",\\\"bouncedRecipients"
      "\\\":[{\\\"emailAddress\\\":\\\"full@example.net\\\","
      "\\\"diagnosticCode\\\":\\\"smtp; 552 5.2.2 full\\\"}]}}\"\n}\n",
      "amazonses full@example.net 5.2.2 552 failed -",
      "SES JSON inside SNS's envelope (email-json)" },
    { "From: MAILER-DAEMON@mx.example.com\nSubject: failure\n\n"
      "Forwarded report follows.\n\nReporting-MTA: dns; mx.example.com\n\n"
      "Final-Recipient: rfc822; inline@example.net\nAction: failed\n"
      "Status: 5.2.2\n",
      "dsn-text inline@example.net 5.2.2 - failed -",
      "DSN fields in a text body" },
    { "From: MAILER-DAEMON@mx.example.com\nSubject: failure\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n"
      "--B\nContent-Type: text/plain\n\nDelivery failed.\n--B\n"
      "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable"
      "\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient:=\n"
      " rfc822; qp@example.net\nAction: failed\nStatus: 5.4.7\n"
      "Diagnostic-Code: smtp; 550 Message expi=\nred in the queue =3D gone\n"
      "--B--\n",
      "dsn-text qp@example.net 5.4.7 550 failed -",
      "quoted-printable DSN fields in a mislabelled part" },
    /* Prose bounces, named by family. */
    { PROSE ("MAILER-DAEMON@mx.example.com", "failure notice", "",
             "Hi. This is the qmail-send program at mx.example.com.\n"
             "<q@example.net>:\nRemote host said: 550 5.1.1 no such user\n"),
      "qmail q@example.net 5.1.1 550 failed -", "qmail" },
    { "From: MAILER-DAEMON@mx.example.com\nTo: q@example.net\n"
      "Subject: failure notice\n\n"
      "Hi. This is the qmail-send program at mx.example.com.\n"
      "<q@example.net>:\nRemote host said: 550 5.1.1 no such user\n\n"
      "--- Below this line is a copy of the message.\n\n"
      "From: q@example.net\nTo: q@example.net\n\nhi\n",
      "qmail q@example.net 5.1.1 550 failed -",
      "qmail notice sent back to the address that failed" },
    { PROSE ("Mail Delivery System <Mailer-Daemon@mx.example.com>",
             "Mail delivery failed: returning message to sender",
             "X-Failed-Recipients: e@example.net\n",
             "This message was created automatically by mail delivery "
             "software.\n\n  e@example.net\n    host mx.example.net: 550 "
             "5.1.1 unknown user\n"),
      "exim e@example.net 5.1.1 550 failed -", "Exim" },
    { PROSE ("MAILER-DAEMON@mx.example.com (Mail Delivery System)",
             "Undelivered Mail Returned to Sender", "",
             "This is the mail system at host mx.example.com.\n\n"
             "<p@example.net>: host mx.example.net said: 552 5.2.2 mailbox "
             "full\n"),
      "postfix p@example.net 5.2.2 552 failed -", "Postfix without a DSN part" },
    { PROSE ("Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>",
             "Returned mail: see transcript for details", "",
             "The original message was received at Mon, 5 Jan 2026\n"
             "   ----- Transcript of session follows -----\n"
             "... while talking to mx.example.net.:\n>>> RCPT To:<s@example.net>\n"
             "<<< 550 5.1.1 <s@example.net>... User unknown\n"),
      "sendmail s@example.net 5.1.1 550 failed -", "Sendmail" },
    { PROSE ("postmaster@example.com", "Undeliverable: hello",
             "X-MS-Exchange-Message-Is-Ndr: \n",
             "Your message did not reach some or all of the intended "
             "recipients.\n\nx@example.net\nThe e-mail address could not be "
             "found. 550 5.1.10 RESOLVER.ADR.RecipientNotFound\n"),
      "exchange x@example.net 5.1.10 550 failed -", "Exchange" },
    { PROSE ("Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
             "Delivery Status Notification (Failure)", "",
             "Delivery to the following recipient failed permanently:\n\n"
             "     g@example.net\n\nTechnical details of permanent failure:\n"
             "550 5.1.1 The email account does not exist.\n"),
      "gmail g@example.net 5.1.1 550 failed -", "Gmail" },
    { PROSE ("neko-admin@lists.example.jp",
             "Rejected mail: you are not a member (neko ML)",
             "X-MLServer: fml [fml 4.0.3 release]\n",
             "Not a member (You are not a member of this mailing list "
             "<neko@lists.example.jp>).\n"),
      "fml news@example.org 5.0.0 - failed -",
      "fml list manager: the poster it refused, the notice's To" },
    { PROSE ("neko-admin@lists.example.jp", "Fml status report (neko ML)",
             "X-MLServer: fml [fml 4.0.3 release]\n",
             "you are not member.\n\n--neko@lists.example.jp, Be Seeing "
             "You!\n"),
      "fml news@example.org 5.0.0 - failed -",
      "fml's status report, in no bounce's words" },
    { PROSE ("MAILER-DAEMON@mx.example.com", "Warning: message delayed", "",
             "Your message could not be delivered to w@example.net yet. "
             "We will keep trying.\n"),
      "text w@example.net 4.0.0 - delayed -",
      "generic fallback, a delay" },
    /* Recipients named by local part alone (AOL screen names). */
    { "From: Mail Delivery Subsystem <MAILER-DAEMON@aol.example>\n"
      "To: news-bounces@example.org\nSubject: Returned mail\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n"
      "--B\nContent-Type: text/plain\n\nYour mail to the following "
      "recipients could not be delivered because they are not accepting "
      "mail from news@example.org:\n\tTopCat9\n\n--B\n"
      "Content-Type: message/rfc822\n\nFrom: news@example.org\n"
      "To: topcat9@aol.example\nSubject: Hi\n\nbody\n--B--\n",
      "text topcat9@aol.example 5.0.0 - failed -",
      "a screen name the returned To confirms, not the sender named" },
    { "From: Mail Delivery Subsystem <MAILER-DAEMON@aol.example>\n"
      "To: news-bounces@example.org\nSubject: Returned mail: User unknown\n\n"
      "   ----- The following addresses had permanent fatal errors -----\n"
      "<topcat9>\n    (reason: 550 MAILBOX NOT FOUND)\n",
      "text topcat9@aol.example 5.0.0 550 failed -",
      "a screen name alone: at the bounce's own domain" },
    /* Reports that return only the original's headers. */
    { "From: Gateway <gw@filter.example.com>\nTo: news@example.org\n"
      "Subject: Message rejected\nMIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=delivery-status; "
      "boundary=\"R\"\n\n--R\nContent-Type: text/plain\n\n"
      "Refused: 550 5.7.1 policy\n--R\n"
      "Content-Type: text/rfc822-headers\n\nFrom: news@example.org\n"
      "To: h@example.net\nSubject: Hi\n\n--R--\n",
      "text h@example.net 5.7.1 550 failed -",
      "a delivery report without its delivery-status part" },
    { "From: Postmaster <postmaster@mx.example.net>\nTo: news@example.org\n"
      "Subject: Returned message\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"R\"\n\n--R\n"
      "Content-Type: text/plain\n\nYour message could not be delivered: "
      "mailbox full.\n--R\nContent-Type: message/rfc822-headers\n\n"
      "Received: from a by b for <m@example.net>; Mon, 5 Jan 2026\n"
      "From: news@example.org\nTo: list@example.org\nSubject: Hi\n\n"
      "--R--\n",
      "text m@example.net 5.0.0 - failed -",
      "returned headers the text does not hold: their envelope recipient" },
    { "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
      "To: news@example.org\nSubject: Undelivered Mail Returned to Sender\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"R\"\n\n"
      "--R\nContent-Type: text/plain\n\nMessage could not be delivered.\n"
      "--R\nContent-Type: message/rfc822\n\nFrom: news@example.org\n"
      "To: n@example.net\nSubject: Hi\n\nbody\n--R--\n",
      "text n@example.net 5.0.0 - failed -",
      "an attached original's To when the text names nobody" },
    /* Marked as automatic replies (RFC 3834), but reports: never rows
     * for the delivery system's own address. */
    { PROSE ("Mail Delivery System <Mailer-Daemon@mx.example.com>",
             "Mail delivery failed: returning message to sender",
             "Auto-Submitted: auto-replied\n"
             "X-Failed-Recipients: \"x@@example.net\"\n",
             "This message was created automatically by mail delivery "
             "software.\n\n  \"x@@example.net\"\n    malformed recipient "
             "address\n"),
      "", "Exim's bounce of a malformed address: no vacation row" },
    { PROSE ("MAILER-DAEMON@mx.example.com (Mail Delivery System)",
             "Undelivered Mail Returned to Sender",
             "Auto-Submitted: auto-replied\n",
             "Ihre Nachricht konnte nicht zugestellt werden.\n"),
      "", "a delivery system's notice in words we do not read" },
    { "From: MAILER-DAEMON@mx.example.com\nTo: news@example.org\n"
      "Subject: Re: news\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=delivery-status; "
      "boundary=\"R\"\n\n--R\nContent-Type: text/plain\n\nSorry.\n--R--\n",
      "", "a multipart/report" },
    { "From: bob@example.com\nTo: news@example.org\nSubject: Re: news\n"
      "X-Auto-Response-Suppress: All\n\nThanks, noted.\n",
      "", "X-Auto-Response-Suppress asks for no auto-reply; it marks none" },
    /* Not a bounce at all. */
    { "From: friend@example.com\nTo: me@example.org\nSubject: lunch\n\n"
      "Could you mail carol@example.net?\n", "", "not a bounce" },
};

static void
test_readers (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = scan_rows (cases[i].input, TRUE);

        if (strcmp (got, cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, cases[i].why, got);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_readers),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
