/* bs-policy.h: the list-cleanup policy: from the bounces of one address,
 * in time order, a score and a verdict (remove, watch, keep). */
#pragma once

#include <glib.h>

#include "bs-class.h"

G_BEGIN_DECLS

typedef enum {
    BS_VERDICT_KEEP,
    BS_VERDICT_WATCH,
    BS_VERDICT_REMOVE,
} BsVerdict;

const char *bs_verdict_to_string (BsVerdict verdict);

/* FALSE when NAME is not "keep", "watch" or "remove". */
gboolean bs_verdict_from_string (const char *name, BsVerdict *verdict);

/* The knobs. Defaults (bs_policy_init) and their reasons are in
 * bouncescan(1), POLICY. */
typedef struct {
    double hard_weight;          /* score of a hard bounce */
    double soft_weight;          /* score of a day with soft bounces */
    double threshold;            /* a score this high removes */
    guint window_days;           /* a score goes stale after this many days
                                  * without a counted bounce */
    guint soft_limit;            /* this many soft-bounce days in a row
                                  * remove (0: no such limit) */
    gboolean complaint_removes;  /* one complaint removes at once */
} BsPolicy;

void bs_policy_init (BsPolicy *policy);

/* Reads the [policy] group of KEYFILE (keys hard-weight, soft-weight,
 * threshold, window-days, soft-limit, complaint-removes) over POLICY.
 * Unknown keys and bad values are errors naming the key; NAME names the
 * file in messages. */
gboolean bs_policy_load (BsPolicy *policy, GKeyFile *keyfile,
                         const char *name, GError **error);

/* TRUE for the reasons that speak of the sending side (our IP, domain,
 * authentication, content, rate): they never count against an address. */
gboolean bs_policy_sender_side (const char *reason);

/* One bounce of an address. */
typedef struct {
    gint64 time;          /* Unix time of the bounce */
    BsClass klass;
    const char *action;   /* "failed", "delayed", ... or NULL */
    const char *reason;   /* or NULL */
} BsPolicyEvent;

/* What the bounces of one address add up to; zero it to start. */
typedef struct {
    guint hard;            /* hard bounces (each message once) */
    guint soft;            /* soft bounces, delays included */
    guint complaints;
    guint autoreplies;
    double score;          /* since the score last went stale */
    guint soft_run;        /* soft-bounce days in a row */
    gint64 last_counted;   /* time of the last bounce that counted, or 0 */
    gint64 last_soft_day;  /* day number of the last counted soft day */
    gboolean complained;
    gboolean removed;      /* a remove verdict stays */
} BsPolicyState;

/* Adds EVENT, which must not be older than those added before. */
void bs_policy_add (const BsPolicy *policy, BsPolicyState *state,
                    const BsPolicyEvent *event);

/* The verdict at time NOW. */
BsVerdict bs_policy_verdict (const BsPolicy *policy,
                             const BsPolicyState *state, gint64 now);

G_END_DECLS
