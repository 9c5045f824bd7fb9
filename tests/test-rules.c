/* test-rules.c: loading rule files (good ones, every kind of bad one with
 * its exact message) and applying them (order, user rules first, class
 * overrides, the fallback). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-classify.h"
#include "bs-error.h"
#include "bs-rules.h"

static const char base[] =
    "# the reasons\n"
    "reason userunknown hard \"The mailbox does not exist\"\n"
    "reason mailboxfull soft 'The mailbox is full'\n"
    "reason blocked soft We are blocked\n"
    "\n"
    "rule blocked text=\"blocked using|\\\\brbl\\\\b\"\n"
    "rule mailboxfull status=5.2.2,4.2.2\n"
    "rule userunknown status=5.1.*\n"
    "rule userunknown code=550 text=\"no such user\"\n"
    "words missing \"mailbox unavailable|not a known user\"\n"
    "rule userunknown command=rcpt text=@missing\n";

static BsRules *
load_base (void)
{
    BsRules *rules = bs_rules_new ();
    g_autoptr (GError) error = NULL;

    if (!bs_rules_load_data (rules, "base.rules", base, strlen (base),
                             BS_RULES_APPEND, &error))
        fail_msg ("base rules: %s", error->message);
    return rules;
}

static void
test_load_good (void **state)
{
    g_autoptr (BsRules) rules = load_base ();

    assert_int_equal (bs_rules_count (rules), 5);
    assert_int_equal (bs_rules_reason_count (rules), 3);
    assert_string_equal (bs_rules_get (rules, 0)->id, "base.rules:6");
    assert_string_equal (bs_rules_get (rules, 2)->reason, "userunknown");
    assert_int_equal (bs_rules_get (rules, 2)->klass, BS_CLASS_HARD);
    assert_string_equal (bs_rules_reason (rules, "mailboxfull")->description,
                         "The mailbox is full");
    assert_string_equal (bs_rules_reason (rules, "blocked")->description,
                         "We are blocked");
}

static const struct {
    const char *text;
    const char *message;
} bad_cases[] = {
    { "rule nosuch status=5.1.1\n", "bad.rules:1: unknown reason 'nosuch'" },
    { "rule userunknown stauts=5.1.1\n", "bad.rules:1: unknown key 'stauts' "
      "(want status, code, text, mta, domain, reader, action, command, "
      "diagtype, feedback or class)" },
    { "rule userunknown status=5.1\n", "bad.rules:1:25: malformed status "
      "pattern '5.1' (want e.g. 5.1.1, 5.1.* or 5.*)\n"
      "    rule userunknown status=5.1\n"
      "                            ^" },
    { "rule userunknown class=fatal\n", "bad.rules:1: unknown class 'fatal' "
      "(want hard, soft, complaint, autoreply or delivered)" },
    { "reason odd purple \"x\"\n", "bad.rules:1: unknown class 'purple' "
      "(want hard, soft, complaint, autoreply or delivered)" },
    { "reason Bad hard \"x\"\n", "bad.rules:1: bad reason name 'Bad' "
      "(lower-case letters, digits and _ only)" },
    { "reason x hard\n", "bad.rules:1: want: reason NAME CLASS DESCRIPTION" },
    { "reason x hard a\nreason x soft b\n",
      "bad.rules:2: reason 'x' already declared at bad.rules:1" },
    { "match userunknown\n", "bad.rules:1: unknown entry 'match' (want "
      "reason, words or rule)" },
    { "words Missing x\n", "bad.rules:1: bad words name 'Missing' "
      "(lower-case letters, digits and _ only)" },
    { "words gone\n", "bad.rules:1: want: words NAME PATTERN" },
    { "words gone \"no such\"\nwords gone \"no\"\n",
      "bad.rules:2: words 'gone' already declared" },
    { "rule userunknown text=@gone\nwords gone \"x\"\n",
      "bad.rules:1: unknown words '@gone' (declare them above: words NAME "
      "PATTERN)" },
    { "words gone \"(a|b\"\n",
      "bad.rules:1:17: bad regular expression: missing terminating )\n"
      "    words gone \"(a|b\"\n"
      "                    ^" },
    { "rule userunknown status\n", "bad.rules:1: 'status' is not key=value" },
    { "rule userunknown text=\"open\n", "bad.rules:1: cannot split the line "
      "into words: Text ended before matching quote was found for \"." },
    { "rule userunknown status=5.1.*\n",
      "bad.rules:1: duplicate of the rule at base.rules:8" },
    { "\n\nrule userunknown  text=\"(a|b\"\n",
      "bad.rules:3:29: bad regular expression: missing terminating )\n"
      "    rule userunknown  text=\"(a|b\"\n"
      "                                ^" },
    { "rule blocked code=5555\nrule nope\nrule userunknown stat=1\n",
      "bad.rules:1:19: malformed reply code '5555' (want e.g. 550 or 55x)\n"
      "    rule blocked code=5555\n"
      "                      ^\n"
      "bad.rules:2: unknown reason 'nope'\n"
      "bad.rules:3: unknown key 'stat' (want status, code, text, mta, "
      "domain, reader, action, command, diagtype, feedback or class)" },
};

static void
test_load_bad (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++) {
        g_autoptr (BsRules) rules = load_base ();
        g_autoptr (GError) error = NULL;
        const char *text = bad_cases[i].text;
        gboolean ok = bs_rules_load_data (rules, "bad.rules", text,
                                          strlen (text),
                                          BS_RULES_BEFORE_DEFAULT, &error);

        if (ok)
            fail_msg ("case %zu loaded: %s", i, text);
        assert_true (g_error_matches (error, BS_ERROR, BS_ERROR_RULES));
        if (strcmp (error->message, bad_cases[i].message) != 0)
            fail_msg ("case %zu: got\n%s\nwant\n%s", i, error->message,
                      bad_cases[i].message);
        /* Never half-loaded: the set is as it was. */
        assert_int_equal (bs_rules_count (rules), 5);
        assert_int_equal (bs_rules_reason_count (rules), 3);
    }
}

/* A recipient rendered "reason class rule". */
static const struct {
    const char *status;
    const char *code;
    const char *diagnostic;
    const char *action;
    const char *expected;
    const char *why;
} apply_cases[] = {
    { "5.1.1", "550", "550 5.1.1 user unknown", "failed",
      "userunknown hard base.rules:8", "status wildcard" },
    { "5.1.1", "550", "blocked using rbl.example.net", "failed",
      "blocked soft base.rules:6", "earlier text rule wins over status" },
    { "5.0.0", "550", "550 No such user here", "failed",
      "userunknown hard base.rules:9", "code and text both" },
    { "5.0.0", "551", "551 No such user here", "failed",
      "undefined hard fallback", "code fails: fallback, class by status" },
    { "4.2.2", "452", "over quota", "delayed",
      "mailboxfull soft base.rules:7", "list" },
    { "4.0.0", "550", "no such user", "delayed",
      "userunknown hard base.rules:9", "the reason's class, even when 4xx" },
    { NULL, NULL, NULL, "failed", "onhold soft fallback", "no code at all" },
};

static void
test_apply (void **state)
{
    g_autoptr (BsRules) rules = load_base ();

    for (gsize i = 0; i < G_N_ELEMENTS (apply_cases); i++) {
        g_autoptr (BsReport) report = bs_report_new ("t");
        g_autoptr (BsRecipient) r = bs_recipient_new ();
        g_autofree char *got = NULL;

        r->recipient = g_strdup ("u@example.com");
        r->status = g_strdup (apply_cases[i].status);
        r->status_field = g_strdup (apply_cases[i].status);
        r->reply_code = g_strdup (apply_cases[i].code);
        r->diagnostic = g_strdup (apply_cases[i].diagnostic);
        r->action = g_strdup (apply_cases[i].action);
        if (bs_rules_apply (rules, report, r) < 0)
            bs_classify_fallback (r);
        got = g_strdup_printf ("%s %s %s", r->reason,
                               bs_class_to_string (r->klass), r->rule);
        if (strcmp (got, apply_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, apply_cases[i].why, got);
    }
}

/* words NAME PATTERN serves text=@NAME in this file and in files loaded
 * later; the rule that uses it still needs its other conditions. */
static void
test_words (void **state)
{
    g_autoptr (BsRules) rules = load_base ();
    const char *user = "rule blocked mta=@missing\n";
    static const struct {
        const char *command;
        const char *diagnostic;
        const char *remote_mta;
        const char *expected;
    } cases[] = {
        { "rcpt", "550 Mailbox unavailable", NULL, "base.rules:11" },
        { "data", "550 Mailbox unavailable", NULL, NULL },
        { "rcpt", "550 x is not a known user", NULL, "base.rules:11" },
        { NULL, "550 no", "not a known user", "user.rules:1" },
    };

    assert_true (bs_rules_load_data (rules, "user.rules", user, strlen (user),
                                     BS_RULES_BEFORE_DEFAULT, NULL));
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (BsReport) report = bs_report_new ("t");
        g_autoptr (BsRecipient) r = bs_recipient_new ();

        r->command = g_strdup (cases[i].command);
        r->diagnostic = g_strdup (cases[i].diagnostic);
        r->remote_mta = g_strdup (cases[i].remote_mta);
        if (bs_rules_apply (rules, report, r) < 0)
            bs_classify_fallback (r);
        if (g_strcmp0 (cases[i].expected != NULL ? r->rule : "fallback",
                       cases[i].expected != NULL ? cases[i].expected
                                                 : "fallback") != 0)
            fail_msg ("case %zu: got %s", i, r->rule);
    }
}

static void
test_user_rules_first_and_reason_override (void **state)
{
    g_autoptr (BsRules) rules = load_base ();
    g_autoptr (BsReport) report = bs_report_new ("t");
    g_autoptr (BsRecipient) r = bs_recipient_new ();
    const char *user =
        "reason mailboxfull hard \"Full counts as gone here\"\n"
        "rule blocked domain=example.org status=5.1.1\n";
    const char *user2 = "rule userunknown domain=example.org\n";

    assert_true (bs_rules_load_data (rules, "user.rules", user, strlen (user),
                                     BS_RULES_BEFORE_DEFAULT, NULL));
    assert_true (bs_rules_load_data (rules, "user2.rules", user2,
                                     strlen (user2), BS_RULES_BEFORE_DEFAULT,
                                     NULL));
    assert_string_equal (bs_rules_get (rules, 0)->id, "user.rules:2");
    assert_string_equal (bs_rules_get (rules, 1)->id, "user2.rules:1");
    assert_string_equal (bs_rules_get (rules, 2)->id, "base.rules:6");
    assert_int_equal (bs_rules_get (rules, 3)->klass, BS_CLASS_HARD);
    assert_int_equal (bs_rules_reason_count (rules), 3);
    r->recipient = g_strdup ("x@mx.example.org");
    r->status = g_strdup ("5.1.1");
    assert_int_equal (bs_rules_apply (rules, report, r), 0);
    assert_string_equal (r->reason, "blocked");
    assert_string_equal (r->rule, "user.rules:2");
}

static void
test_reasons_only (void **state)
{
    g_autoptr (BsRules) rules = bs_rules_new ();

    assert_true (bs_rules_load_data (rules, "base.rules", base, strlen (base),
                                     BS_RULES_REASONS_ONLY, NULL));
    assert_int_equal (bs_rules_count (rules), 0);
    assert_int_equal (bs_rules_reason_count (rules), 3);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_load_good),
        cmocka_unit_test (test_load_bad),
        cmocka_unit_test (test_apply),
        cmocka_unit_test (test_words),
        cmocka_unit_test (test_user_rules_first_and_reason_override),
        cmocka_unit_test (test_reasons_only),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
