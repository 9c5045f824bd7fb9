/* bs-history.c: the bounce history in SQLite. The schema is versioned with
 * PRAGMA user_version and brought up to date on open by the migrations
 * below, applied in order, each in its own transaction. WAL mode lets a
 * report read while a scan writes. Rows are keyed by the message's
 * fingerprint, so a message scanned again (a nightly run over a Maildir
 * that keeps its old messages, a copy in another folder) adds nothing. */
#include <sqlite3.h>
#include <string.h>

#include "bs-address.h"
#include "bs-error.h"
#include "bs-history.h"
#include "bs-row.h"

/* How long a write waits for another writer's transaction. */
#define BUSY_MS 10000

struct _BsHistory {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *insert_message;
    sqlite3_stmt *insert_row;
};

/* What makes two rows the same bounce event: the same address, list,
 * date, action and status. Without a date, only the same message is. */
#define EVENT_KEY                                                           \
    "lower(recipient), coalesce(list_id, ''),"                              \
    " coalesce(bounce_date, fingerprint), action, coalesce(status, '')"

/* Migration N takes a database from version N to N + 1. Never edit one
 * that has shipped: add the next. */
static const char *const migrations[] = {
    /* 0 -> 1: messages and their rows. */
    "CREATE TABLE messages ("
    "  fingerprint TEXT PRIMARY KEY,"
    "  message_id TEXT,"
    "  source TEXT,"
    "  bounce_date TEXT,"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ')));"
    "CREATE TABLE events ("
    "  fingerprint TEXT NOT NULL REFERENCES messages (fingerprint),"
    "  recipient TEXT NOT NULL,"
    "  list_id TEXT,"
    "  bounce_date TEXT,"
    "  action TEXT,"
    "  status TEXT,"
    "  reply_code TEXT,"
    "  class TEXT,"
    "  reason TEXT,"
    "  diagnostic TEXT,"
    "  rule TEXT,"
    "  UNIQUE (fingerprint, recipient, action));",
    /* 1 -> 2: the recipient's domain, and indexes for the reports. */
    "ALTER TABLE events ADD COLUMN domain TEXT;"
    "UPDATE events SET domain ="
    "  lower(substr(recipient, instr(recipient, '@') + 1));"
    "CREATE INDEX events_by_recipient ON events (recipient, bounce_date);"
    "CREATE INDEX events_by_domain ON events (domain, reason, bounce_date);"
    "CREATE INDEX events_by_list ON events (list_id);",
    /* 2 -> 3: one bounce event counts once, whatever container its message
     * came in (a Maildir file, an mbox, an earlier CSV report), not only
     * once per message fingerprint: duplicates recorded before go. */
    "DELETE FROM events WHERE rowid NOT IN (SELECT min(rowid) FROM events"
    "  GROUP BY " EVENT_KEY ");"
    "CREATE UNIQUE INDEX events_once ON events (" EVENT_KEY ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == BS_HISTORY_VERSION);

static gboolean
fail (BsHistory *history, GError **error, const char *doing)
{
    g_set_error (error, BS_ERROR, BS_ERROR_INPUT, "%s: %s: %s",
                 history->path, doing, sqlite3_errmsg (history->db));
    return FALSE;
}

static gboolean
exec (BsHistory *history, const char *sql, const char *doing, GError **error)
{
    return sqlite3_exec (history->db, sql, NULL, NULL, NULL) == SQLITE_OK ||
           fail (history, error, doing);
}

int
bs_history_version (BsHistory *history)
{
    sqlite3_stmt *statement = NULL;
    int version = -1;

    if (sqlite3_prepare_v2 (history->db, "PRAGMA user_version", -1,
                            &statement, NULL) == SQLITE_OK &&
        sqlite3_step (statement) == SQLITE_ROW)
        version = sqlite3_column_int (statement, 0);
    sqlite3_finalize (statement);
    return version;
}

/* Brings the schema up to date one step at a time, each in a transaction
 * that reads the version inside it: two scans that open a new database at
 * once then migrate it once between them, the second finding it done. */
static gboolean
migrate (BsHistory *history, GError **error)
{
    for (;;) {
        int version;
        g_autofree char *step = NULL;

        if (!exec (history, "BEGIN IMMEDIATE", "migrating the schema", error))
            return FALSE;
        version = bs_history_version (history);
        if (version < 0 || version > BS_HISTORY_VERSION) {
            sqlite3_exec (history->db, "ROLLBACK", NULL, NULL, NULL);
            g_set_error (error, BS_ERROR, BS_ERROR_INPUT,
                         "%s: schema version %d is not one this bouncescan "
                         "knows (newest: %d)", history->path, version,
                         BS_HISTORY_VERSION);
            return FALSE;
        }
        if (version == BS_HISTORY_VERSION)
            return exec (history, "COMMIT", "migrating the schema", error);
        step = g_strdup_printf ("%s PRAGMA user_version = %d; COMMIT;",
                                migrations[version], version + 1);
        if (!exec (history, step, "migrating the schema", error)) {
            sqlite3_exec (history->db, "ROLLBACK", NULL, NULL, NULL);
            return FALSE;
        }
    }
}

static gboolean
prepare (BsHistory *history, GError **error)
{
    return (sqlite3_prepare_v2 (
                history->db,
                "INSERT OR IGNORE INTO messages (fingerprint, message_id,"
                " source, bounce_date) VALUES (?, ?, ?, ?)", -1,
                &history->insert_message, NULL) == SQLITE_OK &&
            sqlite3_prepare_v2 (
                history->db,
                "INSERT OR IGNORE INTO events (fingerprint, recipient,"
                " list_id, bounce_date, action, status, reply_code, class,"
                " reason, diagnostic, rule, domain)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " lower(substr(?2, instr(?2, '@') + 1)))", -1,
                &history->insert_row, NULL) == SQLITE_OK) ||
           fail (history, error, "preparing statements");
}

/* WAL mode, so that a report reads while a scan writes. Switching a new
 * file to it takes a lock that SQLite does not wait for through the busy
 * handler, so scans opening a new database at once retry here, for as
 * long as the busy timeout would wait. */
static gboolean
set_wal (BsHistory *history, GError **error)
{
    for (int tries = 0; tries < BUSY_MS / 10; tries++) {
        int status = sqlite3_exec (history->db, "PRAGMA journal_mode = WAL",
                                   NULL, NULL, NULL);

        if (status != SQLITE_BUSY && status != SQLITE_LOCKED)
            return status == SQLITE_OK ||
                   fail (history, error, "setting WAL mode");
        g_usleep (10000);
    }
    return fail (history, error, "setting WAL mode");
}

BsHistory *
bs_history_open (const char *path, GError **error)
{
    g_autoptr (BsHistory) history = g_new0 (BsHistory, 1);

    history->path = g_strdup (path);
    if (sqlite3_open_v2 (path, &history->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
        != SQLITE_OK) {
        fail (history, error, "cannot open");
        return NULL;
    }
    sqlite3_busy_timeout (history->db, BUSY_MS);
    if (!set_wal (history, error) ||
        !exec (history, "PRAGMA foreign_keys = ON", "enabling foreign keys",
               error) ||
        !migrate (history, error) || !prepare (history, error))
        return NULL;
    return g_steal_pointer (&history);
}

void
bs_history_close (BsHistory *history)
{
    if (history == NULL)
        return;
    sqlite3_finalize (history->insert_message);
    sqlite3_finalize (history->insert_row);
    sqlite3_close (history->db);
    g_free (history->path);
    g_free (history);
}

gboolean
bs_history_begin (BsHistory *history, GError **error)
{
    return exec (history, "BEGIN IMMEDIATE", "starting a transaction", error);
}

gboolean
bs_history_commit (BsHistory *history, GError **error)
{
    return exec (history, "COMMIT", "committing", error);
}

/* Binds the strings VALUES[0..COUNT) (NULL binds NULL) and runs. */
static gboolean
run (BsHistory *history, sqlite3_stmt *statement, const char *const *values,
     int count, GError **error)
{
    sqlite3_reset (statement);
    for (int i = 0; i < count; i++)
        sqlite3_bind_text (statement, i + 1, values[i], -1, SQLITE_STATIC);
    return sqlite3_step (statement) == SQLITE_DONE ||
           fail (history, error, "recording");
}

/* DATE in UTC ("2026-01-05T09:00:00Z"), so that dates sort as text
 * whatever zone each server wrote; DATE itself when it does not parse. */
static char *
utc (const char *date)
{
    g_autoptr (GDateTime) time = date != NULL
        ? g_date_time_new_from_iso8601 (date, NULL) : NULL;
    g_autoptr (GDateTime) in_utc = time != NULL
        ? g_date_time_to_utc (time) : NULL;

    return in_utc != NULL ? g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ")
                          : g_strdup (date);
}

gboolean
bs_history_record (BsHistory *history, const BsReport *report, guint *added,
                   GError **error)
{
    g_autofree char *date = utc (report->bounce_date);
    const char *message[] = { report->fingerprint, report->message_id,
                              report->source, date };

    g_return_val_if_fail (report->fingerprint != NULL, FALSE);
    if (added != NULL)
        *added = 0;
    if (!run (history, history->insert_message, message, 4, error))
        return FALSE;
    for (guint i = 0; i < report->recipients->len; i++) {
        const BsRecipient *r = g_ptr_array_index (report->recipients, i);
        /* An empty action, not NULL: NULLs never collide in a UNIQUE
         * constraint, and a complaint (no action) must be counted once. */
        const char *row[] = {
            report->fingerprint, r->recipient, report->list_id,
            date, r->action != NULL ? r->action : "", r->status, r->reply_code,
            bs_class_to_string (r->klass), r->reason, r->diagnostic, r->rule,
        };

        /* A row without an address a list could hold is never counted:
         * the report is what an operator removes addresses from. */
        if (!bs_address_is_valid (r->recipient))
            continue;
        if (!run (history, history->insert_row, row, G_N_ELEMENTS (row),
                  error))
            return FALSE;
        if (added != NULL)
            *added += sqlite3_changes (history->db);
    }
    return TRUE;
}

gboolean
bs_history_merge (BsHistory *history, const char *path, GError **error)
{
    g_autofree char *uri = g_strdup_printf ("file:%s?mode=ro", path);
    sqlite3_stmt *attach = NULL;
    gboolean ok;

    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error (error, BS_ERROR, BS_ERROR_INPUT,
                     "%s: no such database", path);
        return FALSE;
    }
    /* Read only, through a URI, so merging never writes to a shard. */
    sqlite3_prepare_v2 (history->db, "ATTACH DATABASE ? AS shard", -1,
                        &attach, NULL);
    sqlite3_bind_text (attach, 1, uri, -1, SQLITE_STATIC);
    ok = sqlite3_step (attach) == SQLITE_DONE;
    sqlite3_finalize (attach);
    if (!ok) {
        g_set_error (error, BS_ERROR, BS_ERROR_INPUT, "%s: cannot read: %s",
                     path, sqlite3_errmsg (history->db));
        return FALSE;
    }
    /* Only the columns of schema version 1, so older shards merge too. */
    ok = exec (history,
               "BEGIN;"
               "INSERT OR IGNORE INTO messages"
               " SELECT fingerprint, message_id, source, bounce_date,"
               " recorded_at FROM shard.messages;"
               "INSERT OR IGNORE INTO events (fingerprint, recipient,"
               " list_id, bounce_date, action, status, reply_code, class,"
               " reason, diagnostic, rule, domain)"
               " SELECT fingerprint, recipient, list_id, bounce_date,"
               " coalesce(action, ''), status, reply_code, class, reason, diagnostic,"
               " rule, lower(substr(recipient, instr(recipient, '@') + 1))"
               " FROM shard.events;"
               "COMMIT;", "merging", error);
    if (!ok) {
        sqlite3_exec (history->db, "ROLLBACK", NULL, NULL, NULL);
        g_prefix_error (error, "%s: ", path);
    }
    sqlite3_exec (history->db, "DETACH DATABASE shard", NULL, NULL, NULL);
    return ok;
}

static const char *
column (sqlite3_stmt *statement, int i)
{
    return (const char *) sqlite3_column_text (statement, i);
}

gboolean
bs_history_foreach (BsHistory *history, const char *list_id,
                    const char *since, gboolean by_domain, BsHistoryFunc func,
                    gpointer data, GError **error)
{
    g_autofree char *sql = g_strdup_printf (
        "SELECT recipient, domain, list_id, bounce_date, action, status,"
        " class, reason, diagnostic FROM events"
        " WHERE (?1 IS NULL OR list_id = ?1)"
        " AND (?2 IS NULL OR bounce_date >= ?2)"
        " ORDER BY %s", by_domain ? "domain, reason, bounce_date, recipient"
                                  : "lower(recipient), bounce_date");
    sqlite3_stmt *statement = NULL;
    int step;

    if (sqlite3_prepare_v2 (history->db, sql, -1, &statement, NULL)
        != SQLITE_OK)
        return fail (history, error, "reading");
    sqlite3_bind_text (statement, 1, list_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, since, -1, SQLITE_STATIC);
    while ((step = sqlite3_step (statement)) == SQLITE_ROW) {
        BsHistoryRow row = {
            column (statement, 0), column (statement, 1),
            column (statement, 2), column (statement, 3),
            column (statement, 4), column (statement, 5),
            column (statement, 6), column (statement, 7),
            column (statement, 8),
        };

        if (!bs_address_is_valid (row.recipient))
            continue;   /* recorded by an older bouncescan */
        if (!func (&row, data, error)) {
            sqlite3_finalize (statement);
            return FALSE;
        }
    }
    sqlite3_finalize (statement);
    return step == SQLITE_DONE || fail (history, error, "reading");
}
