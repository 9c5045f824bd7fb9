/* bs-policy.c: the list-cleanup policy. Modelled on what long-running list
 * managers do (Mailman's bounce score and staleness): a hard bounce is
 * proof, soft bounces are evidence that has to pile up within a window,
 * a day's burst of soft bounces is one strike, and what the sender caused
 * (blocks, reputation, authentication, content) never counts against the
 * address. */
#include <string.h>

#include "bs-error.h"
#include "bs-policy.h"

#define DAY (24 * 60 * 60)

static const char *const verdicts[] = {
    [BS_VERDICT_KEEP] = "keep",
    [BS_VERDICT_WATCH] = "watch",
    [BS_VERDICT_REMOVE] = "remove",
};

const char *
bs_verdict_to_string (BsVerdict verdict)
{
    return (guint) verdict < G_N_ELEMENTS (verdicts) ? verdicts[verdict]
                                                     : "keep";
}

gboolean
bs_verdict_from_string (const char *name, BsVerdict *verdict)
{
    for (guint i = 0; name != NULL && i < G_N_ELEMENTS (verdicts); i++) {
        if (strcmp (verdicts[i], name) == 0) {
            *verdict = (BsVerdict) i;
            return TRUE;
        }
    }
    return FALSE;
}

void
bs_policy_init (BsPolicy *policy)
{
    policy->hard_weight = 5.0;
    policy->soft_weight = 1.0;
    policy->threshold = 5.0;
    policy->window_days = 7;
    policy->soft_limit = 5;
    policy->complaint_removes = TRUE;
}

/* Reasons about the sending side, in the vocabulary of the rules file. */
static const char *const sender_side[] = {
    "authfailure", "badreputation", "blocked", "contenterror", "exceedlimit",
    "failedstarttls", "mesgtoobig", "norelaying", "notcompliantrfc",
    "policyviolation", "rejected", "requireptr", "securityerror",
    "spamdetected", "speeding", "toomanyconn", "virusdetected", NULL,
};

gboolean
bs_policy_sender_side (const char *reason)
{
    return reason != NULL && g_strv_contains (sender_side, reason);
}

typedef enum { KEY_DOUBLE, KEY_UINT, KEY_BOOLEAN } KeyType;

static const struct {
    const char *name;
    KeyType type;
    gsize offset;
} keys[] = {
    { "hard-weight", KEY_DOUBLE, G_STRUCT_OFFSET (BsPolicy, hard_weight) },
    { "soft-weight", KEY_DOUBLE, G_STRUCT_OFFSET (BsPolicy, soft_weight) },
    { "threshold", KEY_DOUBLE, G_STRUCT_OFFSET (BsPolicy, threshold) },
    { "window-days", KEY_UINT, G_STRUCT_OFFSET (BsPolicy, window_days) },
    { "soft-limit", KEY_UINT, G_STRUCT_OFFSET (BsPolicy, soft_limit) },
    { "complaint-removes", KEY_BOOLEAN,
      G_STRUCT_OFFSET (BsPolicy, complaint_removes) },
};

static gboolean
load_key (BsPolicy *policy, GKeyFile *keyfile, gsize k, GError **error)
{
    gpointer field = G_STRUCT_MEMBER_P (policy, keys[k].offset);
    GError *local = NULL;

    if (keys[k].type == KEY_DOUBLE) {
        double value = g_key_file_get_double (keyfile, "policy",
                                              keys[k].name, &local);

        if (local == NULL && value < 0)
            g_set_error_literal (&local, BS_ERROR, BS_ERROR_RULES,
                                 "must not be negative");
        if (local == NULL)
            *(double *) field = value;
    } else if (keys[k].type == KEY_UINT) {
        gint64 value = g_key_file_get_int64 (keyfile, "policy", keys[k].name,
                                             &local);

        if (local == NULL && (value < 0 || value > 36500))
            g_set_error_literal (&local, BS_ERROR, BS_ERROR_RULES,
                                 "must be between 0 and 36500");
        if (local == NULL)
            *(guint *) field = (guint) value;
    } else {
        gboolean value = g_key_file_get_boolean (keyfile, "policy",
                                                 keys[k].name, &local);

        if (local == NULL)
            *(gboolean *) field = value;
    }
    if (local != NULL) {
        g_propagate_error (error, local);
        return FALSE;
    }
    return TRUE;
}

gboolean
bs_policy_load (BsPolicy *policy, GKeyFile *keyfile, const char *name,
                GError **error)
{
    g_auto (GStrv) present = g_key_file_get_keys (keyfile, "policy", NULL,
                                                  NULL);

    for (char **key = present; key != NULL && *key != NULL; key++) {
        gsize k = 0;

        while (k < G_N_ELEMENTS (keys) && strcmp (keys[k].name, *key) != 0)
            k++;
        if (k == G_N_ELEMENTS (keys)) {
            g_set_error (error, BS_ERROR, BS_ERROR_RULES,
                         "%s: [policy] %s: unknown key (known: hard-weight, "
                         "soft-weight, threshold, window-days, soft-limit, "
                         "complaint-removes)", name, *key);
            return FALSE;
        }
        if (!load_key (policy, keyfile, k, error)) {
            g_prefix_error (error, "%s: [policy] %s: ", name, *key);
            return FALSE;
        }
    }
    return TRUE;
}

/* A score not fed for longer than the window starts again from nothing:
 * an outage months ago says nothing about the mailbox today. */
static void
go_stale (const BsPolicy *policy, BsPolicyState *state, gint64 time)
{
    if (state->last_counted != 0 &&
        time - state->last_counted > (gint64) policy->window_days * DAY) {
        state->score = 0;
        state->soft_run = 0;
        state->last_soft_day = 0;
    }
}

/* Soft bounces count once per day: five retries of one outage are one
 * strike. Days in a row make a run. */
static void
add_soft (const BsPolicy *policy, BsPolicyState *state, gint64 time)
{
    gint64 day = time / DAY + 1;   /* + 1: day 0 means "none yet" */

    if (day == state->last_soft_day)
        return;
    state->soft_run = day == state->last_soft_day + 1 ? state->soft_run + 1
                                                      : 1;
    state->last_soft_day = day;
    state->score += policy->soft_weight;
    state->last_counted = time;
}

void
bs_policy_add (const BsPolicy *policy, BsPolicyState *state,
               const BsPolicyEvent *event)
{
    gboolean delayed = event->action != NULL &&
                       strcmp (event->action, "delayed") == 0;
    gboolean counts = !delayed && !bs_policy_sender_side (event->reason);

    switch (event->klass) {
    case BS_CLASS_HARD:
        state->hard++;
        if (!counts)
            return;
        go_stale (policy, state, event->time);
        state->score += policy->hard_weight;
        state->last_counted = event->time;
        break;
    case BS_CLASS_SOFT:
        state->soft++;
        if (!counts)
            return;
        go_stale (policy, state, event->time);
        add_soft (policy, state, event->time);
        break;
    case BS_CLASS_COMPLAINT:
        state->complaints++;
        state->complained = TRUE;
        break;
    case BS_CLASS_AUTOREPLY:
        state->autoreplies++;
        break;
    default:
        return;
    }
    if (state->score >= policy->threshold ||
        (policy->soft_limit > 0 && state->soft_run >= policy->soft_limit) ||
        (state->complained && policy->complaint_removes))
        state->removed = TRUE;
}

BsVerdict
bs_policy_verdict (const BsPolicy *policy, const BsPolicyState *state,
                   gint64 now)
{
    if (state->removed)
        return BS_VERDICT_REMOVE;
    if (state->score > 0 && state->last_counted != 0 &&
        now - state->last_counted <= (gint64) policy->window_days * DAY)
        return BS_VERDICT_WATCH;
    return BS_VERDICT_KEEP;
}
