/* test-command.c: the refused SMTP command, and joining multi-line
 * replies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-command.h"

static const struct {
    const char *input;
    const char *expected;
    const char *why;
} find_cases[] = {
    { "host x said: 550 User unknown (in reply to end of DATA command)",
      "data", "postfix, end of data" },
    { "550 5.1.1 unknown (in reply to RCPT TO command)", "rcpt",
      "postfix, rcpt" },
    { "... while talking to mx.example.com.:\n>>> DATA\n<<< 550 no", "data",
      "sendmail transcript" },
    { "SMTP error from remote mail server after RCPT TO:<a@example.com>",
      "rcpt", "exim" },
    { "Remote SMTP server has rejected address", "rcpt",
      "messaging server status comment" },
    { "Server rejected MAIL FROM address", "mail",
      "messaging server, sender refused" },
    { "after MAIL FROM: ok; 550 no (in reply to RCPT TO command)", "rcpt",
      "an earlier wording in the table wins over an earlier place" },
    { ">>> HELO x\n>>> MAIL From:<a@x>\n<<< 250 ok\n>>> DATA\n<<< 554 no",
      "data", "the second of several >>> commands" },
    { "SMTP error from remote mail server after pipelined MAIL FROM:<a@x> "
      "SIZE=10: 550 no", "mail", "exim, pipelined" },
    { "SMTP error from remote mail server after initial connection: 554",
      "connect", "exim, greeting" },
    { "192.0.2.1 does not like recipient.\nRemote host said: 550 no",
      "rcpt", "qmail, rcpt" },
    { "Connected to 192.0.2.1 but sender was rejected.", "mail",
      "qmail, mail" },
    { "192.0.2.1 failed after I sent the message.", "data",
      "qmail, end of data" },
    { "Connected to 192.0.2.1 but greeting failed.", "connect",
      "qmail, greeting" },
    { "host mx.example.com[192.0.2.1] refused to talk to me: 554 no",
      "connect", "postfix, greeting or helo" },
    { "550 5.7.1 <a@x>: Recipient address rejected: Access denied", "rcpt",
      "a postfix server's class of refusal" },
    { "554 5.7.1 Client host rejected: listed", "connect",
      "postfix server, client host" },
    { "Sender address rejected: Domain not found (in reply to RCPT TO "
      "command)", "rcpt", "the phase wins over a class" },
    { "timeout waiting for input from mx during client RCPT", "rcpt",
      "sendmail, during client" },
    { "Remote host said: 550 5.1.1 no such user [RCPT_TO]", "rcpt",
      "yahoo's phase tag" },
    { "Rejected (530 5.7.1 Client was not authenticated (at FROM))", "mail",
      "barracuda" },
    { "EHLO rejected: 550 go away", "helo", "opensmtpd" },
    { "Sorry, no SMTP connection got far enough; most progress was RCPT TO "
      "response; remote host said: 550 no", "rcpt", "qmail, gave up" },
    { "SMTP error from remote server after RCPT command: 550 no", "rcpt",
      "after RCPT command" },
    { "Technical details: SMTP:RCPT host 192.0.2.8: 553 no", "rcpt",
      "SMTP:RCPT" },
    { "Rejected after DATA: spam", "data", "an exim server's ACL" },
    { "550 5.1.1 user unknown", NULL, "no command named" },
    { "mail was rejected for policy reasons", NULL,
      "a subject that names no command" },
    { "while talking to mx.example.com", NULL, "no command after it" },
    { NULL, NULL, "NULL" },
};

static void
test_find (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (find_cases); i++) {
        const char *got = bs_command_find (find_cases[i].input);

        if (g_strcmp0 (got, find_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got %s", i, find_cases[i].why,
                      got ? got : "NULL");
    }
}

static const struct {
    const char *input;
    const char *expected;
    const char *why;
} join_cases[] = {
    { "550-5.1.1 The account 550-5.1.1 does not exist. 550 5.1.1 Bye",
      "550-5.1.1 The account does not exist. Bye", "gmail style" },
    { "552-5.7.0 This message was blocked 552 5.7.0 because",
      "552-5.7.0 This message was blocked because", "two lines" },
    { "550 5.1.1 plain reply", "550 5.1.1 plain reply", "single line" },
    { "550 5.1.1 <a@example.com> see 5.1.1 docs",
      "550 5.1.1 <a@example.com> see 5.1.1 docs", "bare status kept" },
    { "smtp; 421-4.7.0 a 421-4.7.0 b", "smtp; 421-4.7.0 a b",
      "prefix before the reply" },
    { "no codes here", "no codes here", "nothing to do" },
};

static void
test_join (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (join_cases); i++) {
        g_autofree char *text = g_strdup (join_cases[i].input);

        bs_command_join_reply (text);
        if (strcmp (text, join_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, join_cases[i].why, text);
    }
}

/* A wording folded over lines, with any white space between its words,
 * is found in the message's text. */
static const struct {
    const char *folded;
    const char *expected;
    const char *why;
} text_cases[] = {
    { "550 no such user (in reply to\n    end of data command)", "data",
      "folded over two lines" },
    { "  \t in\treply   to\r\nrcpt to\fcommand  ", "rcpt",
      "tabs, line ends, form feeds, leading and trailing" },
    { "in reply torcpt to command", NULL, "no space is made up" },
    { " \n\t ", NULL, "only white space" },
    { "", NULL, "empty" },
};

static void
test_from_text (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (text_cases); i++) {
        g_autoptr (BsReport) report = bs_report_new ("t.eml");
        BsRecipient *recipient = bs_recipient_new ();
        const char *got;

        g_ptr_array_add (report->recipients, recipient);
        bs_command_from_text (report, text_cases[i].folded);
        got = recipient->command;
        if (g_strcmp0 (got, text_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got %s", i, text_cases[i].why,
                      got ? got : "NULL");
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_find),
        cmocka_unit_test (test_join),
        cmocka_unit_test (test_from_text),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
