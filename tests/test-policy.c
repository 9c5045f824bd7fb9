/* test-policy.c: the list-cleanup policy: thresholds, staleness, same-day
 * soft bounces, runs of soft days, complaints, delays, auto-replies and
 * sender-side reasons, and the [policy] group. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-error.h"
#include "bs-policy.h"

#define DAY (24 * 60 * 60)
#define T0 1767225600   /* 2026-01-01T00:00:00Z */

/* An event: day offset, hour, class letter (h s c a d), action, reason. */
typedef struct {
    int day;
    int hour;
    char klass;
    const char *action;
    const char *reason;
} Event;

#define END { -1, 0, 0, NULL, NULL }

static const struct {
    Event events[8];
    int now_day;           /* judged at T0 + now_day days */
    const char *expected;  /* "hard soft complaints autoreplies score verdict" */
    const char *why;
} cases[] = {
    { { { 0, 9, 'h', "failed", "userunknown" }, END }, 0,
      "1 0 0 0 5.0 remove", "one hard bounce removes" },
    { { { 0, 9, 's', "failed", "mailboxfull" }, END }, 0,
      "0 1 0 0 1.0 watch", "one soft bounce: watch" },
    { { { 0, 9, 's', "failed", "mailboxfull" }, END }, 30,
      "0 1 0 0 1.0 keep", "a month later the soft bounce is stale: keep" },
    { { { 0, 1, 's', "failed", "mailboxfull" },
        { 0, 5, 's', "failed", "mailboxfull" },
        { 0, 9, 's', "failed", "mailboxfull" },
        { 0, 13, 's', "failed", "mailboxfull" },
        { 0, 20, 's', "failed", "mailboxfull" }, END }, 0,
      "0 5 0 0 1.0 watch", "five soft bounces on one day are one strike" },
    { { { 0, 9, 's', "failed", "mailboxfull" },
        { 1, 9, 's', "failed", "mailboxfull" },
        { 2, 9, 's', "failed", "mailboxfull" },
        { 3, 9, 's', "failed", "mailboxfull" },
        { 4, 9, 's', "failed", "mailboxfull" }, END }, 4,
      "0 5 0 0 5.0 remove", "five soft days in a row remove" },
    { { { 0, 9, 's', "failed", "mailboxfull" },
        { 2, 9, 's', "failed", "mailboxfull" },
        { 4, 9, 's', "failed", "mailboxfull" },
        { 6, 9, 's', "failed", "mailboxfull" }, END }, 6,
      "0 4 0 0 4.0 watch", "four soft days with gaps: below the threshold" },
    { { { 0, 9, 's', "failed", "mailboxfull" },
        { 1, 9, 's', "failed", "mailboxfull" },
        { 20, 9, 's', "failed", "mailboxfull" }, END }, 20,
      "0 3 0 0 1.0 watch", "a gap longer than the window restarts the score" },
    { { { 0, 9, 's', "delayed", "expired" },
        { 1, 9, 's', "delayed", "expired" }, END }, 1,
      "0 2 0 0 0.0 keep", "delays never count" },
    { { { 0, 9, 'a', NULL, "vacation" }, END }, 0,
      "0 0 0 1 0.0 keep", "auto-replies never count" },
    { { { 0, 9, 'c', NULL, "feedback" }, END }, 0,
      "0 0 1 0 0.0 remove", "a complaint removes at once" },
    { { { 0, 9, 's', "failed", "blocked" },
        { 1, 9, 's', "failed", "badreputation" },
        { 2, 9, 'h', "failed", "authfailure" }, END }, 2,
      "1 2 0 0 0.0 keep", "sender-side reasons never count, even as hard" },
    { { { 0, 9, 'd', "delivered", "delivered" }, END }, 0,
      "0 0 0 0 0.0 keep", "a delivery notice is no bounce" },
};

static BsClass
class_of (char letter)
{
    switch (letter) {
    case 'h': return BS_CLASS_HARD;
    case 's': return BS_CLASS_SOFT;
    case 'c': return BS_CLASS_COMPLAINT;
    case 'a': return BS_CLASS_AUTOREPLY;
    default: return BS_CLASS_DELIVERED;
    }
}

static void
test_cases (void **state)
{
    BsPolicy policy;

    bs_policy_init (&policy);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        BsPolicyState sum = { 0 };
        g_autofree char *got = NULL;
        char score[16];

        for (const Event *e = cases[i].events; e->day >= 0; e++) {
            BsPolicyEvent event = {
                T0 + (gint64) e->day * DAY + e->hour * 3600,
                class_of (e->klass), e->action, e->reason,
            };

            bs_policy_add (&policy, &sum, &event);
        }
        g_ascii_formatd (score, sizeof score, "%.1f", sum.score);
        got = g_strdup_printf (
            "%u %u %u %u %s %s", sum.hard, sum.soft, sum.complaints,
            sum.autoreplies, score,
            bs_verdict_to_string (bs_policy_verdict (
                &policy, &sum, T0 + (gint64) cases[i].now_day * DAY + 43200)));
        if (strcmp (got, cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, cases[i].why, got);
    }
}

/* Changing the knobs changes the verdicts. */
static void
test_knobs (void **state)
{
    BsPolicy policy;
    BsPolicyState sum = { 0 };
    BsPolicyEvent hard = { T0, BS_CLASS_HARD, "failed", "userunknown" };
    BsPolicyEvent complaint = { T0, BS_CLASS_COMPLAINT, NULL, "feedback" };

    bs_policy_init (&policy);
    policy.hard_weight = 1.0;
    bs_policy_add (&policy, &sum, &hard);
    assert_int_equal (bs_policy_verdict (&policy, &sum, T0), BS_VERDICT_WATCH);
    memset (&sum, 0, sizeof sum);
    policy.soft_weight = 0.5;
    for (int day = 0; day < 5; day++) {
        BsPolicyEvent soft = { T0 + (gint64) day * DAY, BS_CLASS_SOFT,
                               "failed", "mailboxfull" };

        bs_policy_add (&policy, &sum, &soft);
        assert_int_equal (bs_policy_verdict (&policy, &sum, soft.time),
                          day < 4 ? BS_VERDICT_WATCH : BS_VERDICT_REMOVE);
    }
    assert_true (sum.score == 2.5);   /* removed by the run, not the score */
    memset (&sum, 0, sizeof sum);
    policy.complaint_removes = FALSE;
    bs_policy_add (&policy, &sum, &complaint);
    assert_int_equal (bs_policy_verdict (&policy, &sum, T0), BS_VERDICT_KEEP);
}

static const struct {
    const char *text;
    const char *error;   /* NULL: loads */
} load_cases[] = {
    { "[policy]\nhard-weight=2.5\nwindow-days=14\ncomplaint-removes=false\n",
      NULL },
    { "[policy]\nthreshold=-1\n",
      "p.conf: [policy] threshold: must not be negative" },
    { "[policy]\nsoft-limit=many\n", "p.conf: [policy] soft-limit: " },
    { "[policy]\nhard_weight=2\n",
      "p.conf: [policy] hard_weight: unknown key" },
};

static void
test_load (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (load_cases); i++) {
        g_autoptr (GKeyFile) keyfile = g_key_file_new ();
        g_autoptr (GError) error = NULL;
        BsPolicy policy;
        gboolean ok;

        bs_policy_init (&policy);
        assert_true (g_key_file_load_from_data (keyfile, load_cases[i].text,
                                                -1, 0, NULL));
        ok = bs_policy_load (&policy, keyfile, "p.conf", &error);
        if (load_cases[i].error == NULL) {
            assert_true (ok);
            assert_true (policy.hard_weight == 2.5);
            assert_int_equal (policy.window_days, 14);
            assert_false (policy.complaint_removes);
        } else if (ok || !g_str_has_prefix (error->message,
                                            load_cases[i].error)) {
            fail_msg ("load case %zu: %s", i, ok ? "loaded" : error->message);
        }
    }
}

static void
test_sender_side (void **state)
{
    assert_true (bs_policy_sender_side ("blocked"));
    assert_true (bs_policy_sender_side ("authfailure"));
    assert_false (bs_policy_sender_side ("userunknown"));
    assert_false (bs_policy_sender_side ("mailboxfull"));
    assert_false (bs_policy_sender_side (NULL));
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_cases),
        cmocka_unit_test (test_knobs),
        cmocka_unit_test (test_load),
        cmocka_unit_test (test_sender_side),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
