/* test-smtpcode.c: reply and enhanced codes found in free text, and the
 * numbers that look like codes but are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-smtpcode.h"

static const struct {
    const char *input;
    const char *reply;    /* "" when there is none */
    const char *status;   /* "" when there is none */
    const char *why;
} scan_cases[] = {
    /* The forms real bounces use. */
    { "550 5.1.1 <u@example.com>: Recipient address rejected", "550",
      "5.1.1", "Postfix reply" },
    { "550-5.1.1 The email account that you tried to reach does not exist.",
      "550", "5.1.1", "multi-line reply" },
    { "550-5.1.1 The email account that you tried to reach does not\r\n"
      "550-5.1.1 exist. Please try double-checking the recipient's\r\n"
      "550 5.1.1 email address. https://support.google.com/mail/?p=NoSuch",
      "550", "5.1.1", "several lines of a multi-line reply" },
    { "452-4.2.2 The email account that you tried to reach is over quota.",
      "452", "4.2.2", "multi-line 4xx" },
    { "550-Mailbox unavailable", "550", "", "multi-line reply without status" },
    { "Sorry, no mailbox here by that name. (#5.1.1)", "", "5.1.1", "qmail" },
    { "#5.1.1 user unknown", "", "5.1.1", "qmail at start" },
    { "(5.1.1)", "", "5.1.1", "in parentheses" },
    { "smtp; 550 5.1.1 user unknown", "550", "5.1.1", "smtp type" },
    { "SMTP;550 5.1.1", "550", "5.1.1", "type without space" },
    { "X-Postfix; host said: 550 5.1.1 unknown", "550", "5.1.1",
      "after a colon" },
    { "X-Postfix; 5.1.1 unknown user", "", "5.1.1",
      "X-Postfix type is not a version label" },
    { "550 5.7.26 Unauthenticated email from example.com", "550", "5.7.26",
      "two-digit detail" },
    { "554 5.0.910 relay denied", "554", "5.0.910", "three-digit detail" },
    { "4.2.2", "", "4.2.2", "bare status" },
    { "5.1.1", "", "5.1.1", "a Status field" },
    { "[550]", "550", "", "in brackets" },
    { "(550)", "550", "", "in parentheses" },
    { "550, user unknown", "550", "", "followed by a comma" },
    { "550 #5.1.0 Address rejected", "550", "5.1.0", "hash before status" },
    { "421 4.7.0 Try again later", "421", "4.7.0", "temporary" },
    { "250 2.0.0 OK", "250", "2.0.0", "success" },
    { "550 Requested action not taken: mailbox unavailable", "550", "",
      "reply without status" },
    { "550 Message rejected as spam", "550", "",
      "singular noun is no unit" },
    { "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound'",
      "550", "5.1.1", "Exchange, quoted" },
    { "<#5.1.1 smtp;550 Requested action not taken>", "550", "5.1.1",
      "status before reply" },
    { "Status: 5.1.1.", "", "5.1.1", "full stop after status" },
    { "550\t5.1.1\r\n", "550", "5.1.1", "tab and CRLF" },
    { "host [192.0.2.5] said: 550 5.1.1 no such user", "550", "5.1.1",
      "IP address before the codes" },
    { "Postfix 2.6.0 said: 550 5.1.1", "550", "5.1.1",
      "version skipped, later codes found" },
    { "abc\xff" "550 5.1.1", "", "5.1.1", "non-ASCII byte is part of a word" },
    { "\xe2\x80\x9c" "550 5.1.1", "", "5.1.1",
      "curly quote is not an opener" },
    { "550 5.1.1 first, 450 4.2.2 second", "550", "5.1.1", "first wins" },
    { "said:550 5.1.1", "", "5.1.1", "colon right after a word is a port" },
    { "Remote host said :550 5.1.1", "550", "5.1.1",
      "colon after a space opens" },

    /* IP addresses. */
    { "192.0.2.5", "", "", "IPv4" },
    { "host 5.1.1.4 said", "", "", "IPv4 shaped like a status" },
    { "[203.0.113.250]", "", "", "IPv4 literal" },
    { "10.250.1.5", "", "", "octet shaped like a reply" },
    { "5.1.168.192.in-addr.arpa", "", "", "reverse DNS name" },
    { "5.1.1.mx.example.com", "", "", "host name label" },

    /* Versions. */
    { "Postfix 2.6.0", "", "", "product name" },
    { "(Postfix 2.6.0)", "", "", "product name in parentheses" },
    { "version 5.1.1", "", "", "version word" },
    { "Version: 2.6.0", "", "", "version label" },
    { "v2.6.0", "", "", "v prefix" },
    { "V 4.1.2", "", "", "v word" },
    { "Exim 4.2.1", "", "", "Exim" },
    { "release 5.2.1", "", "", "release" },
    { "1.2.3", "", "", "class 1" },
    { "Sendmail 8.14.4/8.14.4", "", "", "class 8" },
    { "Exim 4.92", "", "", "two parts" },

    /* Dates and times. */
    { "2013-10-16", "", "", "ISO date" },
    { "16 Oct 2013", "", "", "day month year" },
    { "Wed, 16 Oct 2013 14:15:35 +0900", "", "", "RFC 5322 date" },
    { "2026.01.05", "", "", "dotted date" },
    { "14:15:35", "", "", "time" },
    { "250ms", "", "", "duration" },
    { "250 ms", "", "", "duration with space" },

    /* Sizes and counts. */
    { "message size 552 bytes exceeds", "", "", "size in bytes" },
    { "Size (in bytes): 212", "", "", "a size label with its unit" },
    { "Number of lines: 421", "", "", "a count label" },
    { "500 KB", "", "", "kilobytes" },
    { "250 messages", "", "", "message count" },
    { "450 recipients", "", "", "recipient count" },
    { "421 seconds", "", "", "seconds" },
    { "250%", "", "", "percent" },
    { "250 %", "", "", "percent after space" },

    /* Ports, ids and other numbers. */
    { "port 587", "", "", "submission port" },
    { "port 443", "", "", "port shaped like a reply" },
    { "connect to mx.example.com:465", "", "", "host:port" },
    { "mx.example.com:443", "", "", "host:port shaped like a reply" },
    { "[192.0.2.1]:250", "", "", "literal:port" },
    { "id 550123", "", "", "long id" },
    { "queue id 4F2A", "", "", "hex id" },
    { "550ABC", "", "", "hex digits after three digits" },
    { "ticket #554221", "", "", "ticket number" },
    { "ticket #554", "", "", "short ticket number" },
    { "555-123-4567", "", "", "phone number" },
    { "550-2013", "", "", "dash but no status" },
    { "user550@example.com", "", "", "inside an address" },
    { "5.1.1@example.com", "", "5.1.1", "status before at sign" },
    { "550.1", "", "", "decimal" },
    { "5.1.1234", "", "", "detail too long" },
    { "5.1234.1", "", "", "subject too long" },
    { "5.1.1a", "", "", "letter after status" },
    { "150 Opening", "", "", "1xx is not a failure reply" },
    { "354 Start mail input", "", "", "3xx" },
    { "560 nope", "", "", "second digit 6" },
    { "2.", "", "", "class and dot" },
    { "550-", "550", "", "dash at end" },
    { "", "", "", "empty" },
};

static void
test_scan (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (scan_cases); i++) {
        const char *input = scan_cases[i].input;
        gsize length = strlen (input);
        /* Exactly LENGTH bytes and no NUL, so ASan sees any overread. */
        g_autofree char *copy = g_memdup2 (input, length);
        BsSmtpCode code;
        gboolean found = bs_smtpcode_scan (copy, length, &code);

        if (strcmp (code.reply_code, scan_cases[i].reply) != 0 ||
            strcmp (code.status, scan_cases[i].status) != 0 ||
            found != (*code.reply_code != '\0' || *code.status != '\0'))
            fail_msg ("case %zu (%s): input \"%s\": got \"%s\" \"%s\" "
                      "(found=%d), want \"%s\" \"%s\"", i,
                      scan_cases[i].why, input, code.reply_code, code.status,
                      found, scan_cases[i].reply, scan_cases[i].status);
        if ((code.reply_offset >= 0) != (*code.reply_code != '\0') ||
            (code.status_offset >= 0) != (*code.status != '\0') ||
            (code.reply_offset >= 0 &&
             strncmp (input + code.reply_offset, code.reply_code, 3) != 0) ||
            (code.status_offset >= 0 &&
             strncmp (input + code.status_offset, code.status,
                      strlen (code.status)) != 0))
            fail_msg ("case %zu (%s): input \"%s\": offsets %zd %zd do not "
                      "point at the codes", i, scan_cases[i].why, input,
                      code.reply_offset, code.status_offset);
    }
}

static const struct {
    const char *input;
    gssize reply_offset;
    gssize status_offset;
    const char *why;
} offset_cases[] = {
    { "smtp; 550 5.1.1 x", 6, 10, "after a type" },
    { "550-5.1.1 a\r\n550 5.1.1 b", 0, 4, "first line of several" },
    { "<#5.1.1 smtp;550>", 13, 2, "status first" },
    { "Postfix 2.6.0 said: 550 5.1.1", 20, 24, "after a version" },
    { "nothing here", -1, -1, "none" },
};

static void
test_offsets (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (offset_cases); i++) {
        const char *input = offset_cases[i].input;
        BsSmtpCode code;

        bs_smtpcode_scan (input, strlen (input), &code);
        if (code.reply_offset != offset_cases[i].reply_offset ||
            code.status_offset != offset_cases[i].status_offset)
            fail_msg ("case %zu (%s): input \"%s\": got offsets %zd %zd, "
                      "want %zd %zd", i, offset_cases[i].why, input,
                      code.reply_offset, code.status_offset,
                      offset_cases[i].reply_offset,
                      offset_cases[i].status_offset);
    }
}

static void
test_length_is_respected (void **state)
{
    static const char unterminated[3] = { '5', '5', '0' };
    static const char with_nul[] = "550\0 5.1.1";
    BsSmtpCode code;

    (void) state;
    assert_true (bs_smtpcode_scan ("550 5.1.1", 3, &code));
    assert_string_equal (code.reply_code, "550");
    assert_string_equal (code.status, "");
    assert_int_equal (code.status_offset, -1);

    assert_true (bs_smtpcode_scan ("550 5.1.1", 7, &code));
    assert_string_equal (code.status, "");

    assert_true (bs_smtpcode_scan (unterminated, sizeof unterminated, &code));
    assert_string_equal (code.reply_code, "550");

    /* A NUL is a byte like any other: it ends no token, so it spoils 550. */
    assert_true (bs_smtpcode_scan (with_nul, sizeof with_nul - 1, &code));
    assert_string_equal (code.reply_code, "");
    assert_string_equal (code.status, "5.1.1");
    assert_int_equal (code.status_offset, 5);

    assert_false (bs_smtpcode_scan (NULL, 0, &code));
    assert_string_equal (code.reply_code, "");
    assert_int_equal (code.reply_offset, -1);
}

/* Each word the scanner knows, so a typo in its lists shows up here. */
static const char *const unit_words[] = {
    "attempts", "byte", "bytes", "days", "GB", "hours", "k", "KB", "kB",
    "MB", "messages", "min", "mins", "minutes", "ms", "octets", "recipients",
    "retries", "s", "sec", "seconds", "secs", "times",
};

static const char *const label_words[] = {
    "build", "Exim", "postfix", "release", "rev", "sendmail", "v", "ver",
    "version", "VERSION",
};

static const char *const number_words[] = {
    "id", "pid", "port", "size", "ticket",
};

static void
test_context_words (void **state)
{
    BsSmtpCode code;

    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (unit_words); i++) {
        g_autofree char *input = g_strdup_printf ("550 %s", unit_words[i]);

        if (bs_smtpcode_scan (input, strlen (input), &code))
            fail_msg ("unit %zu: \"%s\" gave \"%s\"", i, input,
                      code.reply_code);
    }
    for (gsize i = 0; i < G_N_ELEMENTS (label_words); i++) {
        g_autofree char *input = g_strdup_printf ("%s 2.6.0", label_words[i]);

        if (bs_smtpcode_scan (input, strlen (input), &code))
            fail_msg ("label %zu: \"%s\" gave \"%s\"", i, input, code.status);
    }
    for (gsize i = 0; i < G_N_ELEMENTS (number_words); i++) {
        g_autofree char *input = g_strdup_printf ("%s 421", number_words[i]);

        if (bs_smtpcode_scan (input, strlen (input), &code))
            fail_msg ("number %zu: \"%s\" gave \"%s\"", i, input,
                      code.reply_code);
    }
}

static const struct {
    const char *input;
    gboolean valid;
    const char *why;
} valid_cases[] = {
    { "5.1.1", TRUE, "plain" },
    { "2.0.0", TRUE, "success" },
    { "4.2.2", TRUE, "temporary" },
    { "5.7.26", TRUE, "two-digit detail" },
    { "5.123.123", TRUE, "longest" },
    { "1.2.3", FALSE, "class 1" },
    { "6.1.1", FALSE, "class 6" },
    { "5.1", FALSE, "two parts" },
    { "5.1234.1", FALSE, "subject too long" },
    { "5.1.1234", FALSE, "detail too long" },
    { "5.1.1.1", FALSE, "four parts" },
    { "5..1", FALSE, "empty subject" },
    { "5.1.", FALSE, "empty detail" },
    { "5.1.1 ", FALSE, "trailing space" },
    { " 5.1.1", FALSE, "leading space" },
    { "55.1.1", FALSE, "two-digit class" },
    { "", FALSE, "empty" },
    { NULL, FALSE, "NULL" },
};

static void
test_status_valid (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (valid_cases); i++) {
        if (bs_smtpcode_status_valid (valid_cases[i].input) !=
            valid_cases[i].valid)
            fail_msg ("case %zu (%s): \"%s\" should be %s", i,
                      valid_cases[i].why,
                      valid_cases[i].input ? valid_cases[i].input : "(null)",
                      valid_cases[i].valid ? "valid" : "invalid");
    }
}

typedef enum { PICK_A, PICK_B } Pick;

static const struct {
    const char *a;
    const char *b;
    Pick expected;
    const char *why;
} specific_cases[] = {
    { "5.0.0", "5.1.1", PICK_B, "detail over undefined" },
    { "5.1.1", "5.0.0", PICK_A, "already specific" },
    { "5.1.0", "5.1.1", PICK_B, "detail over subject only" },
    { "5.0.0", "5.1.0", PICK_B, "subject over undefined" },
    { "5.1.1", "5.2.2", PICK_A, "equally specific" },
    { "4.0.0", "5.1.1", PICK_A, "classes differ" },
    { "5.0.0", "4.2.2", PICK_A, "classes differ, B more specific" },
    { NULL, "5.1.1", PICK_B, "A NULL" },
    { "", "5.1.1", PICK_B, "A empty" },
    { "junk", "5.1.1", PICK_B, "A invalid" },
    { "5.1.1", NULL, PICK_A, "B NULL" },
    { "5.0.0", "", PICK_A, "B empty" },
    { "5.0.0", "5.1.1.1", PICK_A, "B invalid" },
    { NULL, NULL, PICK_A, "both NULL" },
    { "", NULL, PICK_A, "A empty, B NULL" },
};

static void
test_more_specific (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (specific_cases); i++) {
        const char *a = specific_cases[i].a;
        const char *b = specific_cases[i].b;
        const char *got = bs_smtpcode_more_specific (a, b);
        const char *want = specific_cases[i].expected == PICK_A ? a : b;

        if (got != want)
            fail_msg ("case %zu (%s): \"%s\" vs \"%s\" gave \"%s\"", i,
                      specific_cases[i].why, a ? a : "(null)",
                      b ? b : "(null)", got ? got : "(null)");
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_scan),
        cmocka_unit_test (test_offsets),
        cmocka_unit_test (test_length_is_respected),
        cmocka_unit_test (test_context_words),
        cmocka_unit_test (test_status_valid),
        cmocka_unit_test (test_more_specific),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
