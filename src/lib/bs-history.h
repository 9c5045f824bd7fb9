/* bs-history.h: the bounce history, an SQLite database that repeated runs
 * add to without counting a message twice, and that reports read. */
#pragma once

#include <glib.h>

#include "bs-report.h"

G_BEGIN_DECLS

/* The schema version a database is migrated to when opened. */
#define BS_HISTORY_VERSION 3

typedef struct _BsHistory BsHistory;

/* Opens (creating and migrating as needed) the database at PATH; ":memory:"
 * gives a private one. Errors name PATH. (transfer full) */
BsHistory *bs_history_open (const char *path, GError **error);

void bs_history_close (BsHistory *history);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsHistory, bs_history_close)

/* The schema version of the open database (PRAGMA user_version). */
int bs_history_version (BsHistory *history);

/* A batch is one transaction: all of it is recorded, or, if the run is
 * interrupted before bs_history_commit(), none of it. */
gboolean bs_history_begin (BsHistory *history, GError **error);
gboolean bs_history_commit (BsHistory *history, GError **error);

/* Records the rows of REPORT, keyed by REPORT->fingerprint (which must be
 * set): a message recorded before adds nothing, and neither does a row
 * that is the same event as one recorded before (same address, list,
 * date, action and status: the same bounce read from an mbox, a Maildir
 * or an earlier CSV report). Rows without a valid address are skipped. *ADDED (may be NULL)
 * receives the number of rows added. */
gboolean bs_history_record (BsHistory *history, const BsReport *report,
                            guint *added, GError **error);

/* Adds what the database at PATH holds that HISTORY lacks (by
 * fingerprint); PATH is only read. */
gboolean bs_history_merge (BsHistory *history, const char *path,
                           GError **error);

/* One recorded row, as bs_history_foreach() hands it out (transfer none:
 * valid during the call only). */
typedef struct {
    const char *recipient;
    const char *domain;
    const char *list_id;
    const char *bounce_date;
    const char *action;
    const char *status;
    const char *klass;
    const char *reason;
    const char *diagnostic;
} BsHistoryRow;

typedef gboolean (*BsHistoryFunc) (const BsHistoryRow *row, gpointer data,
                                   GError **error);

/* Calls FUNC for every row whose list is LIST_ID (NULL: any) and whose
 * date is SINCE or later (an ISO 8601 prefix; NULL: any), ordered by
 * recipient and date, or by domain, reason and date when BY_DOMAIN. */
gboolean bs_history_foreach (BsHistory *history, const char *list_id,
                             const char *since, gboolean by_domain,
                             BsHistoryFunc func, gpointer data,
                             GError **error);

G_END_DECLS
