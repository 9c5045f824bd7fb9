/* test-history.c: the SQLite history: migrations from an empty file and
 * from schema version 1, idempotent recording, and merging shards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bs-history.h"

/* Schema version 1 as it shipped, with one row, written without the
 * library: the file a user upgrading from that version has. */
static const char v1_database[] =
    "CREATE TABLE messages (fingerprint TEXT PRIMARY KEY, message_id TEXT,"
    " source TEXT, bounce_date TEXT, recorded_at TEXT NOT NULL DEFAULT"
    " (strftime('%Y-%m-%dT%H:%M:%SZ')));"
    "CREATE TABLE events (fingerprint TEXT NOT NULL REFERENCES messages"
    " (fingerprint), recipient TEXT NOT NULL, list_id TEXT, bounce_date TEXT,"
    " action TEXT, status TEXT, reply_code TEXT, class TEXT, reason TEXT,"
    " diagnostic TEXT, rule TEXT, UNIQUE (fingerprint, recipient, action));"
    "INSERT INTO messages (fingerprint, bounce_date) VALUES ('f1',"
    " '2026-01-01T00:00:00Z');"
    "INSERT INTO events VALUES ('f1', 'Old@Example.NET', 'news', "
    " '2026-01-01T00:00:00Z', 'failed', '5.1.1', '550', 'hard',"
    " 'userunknown', 'no such user', 'default.rules:1');"
    /* The same bounce again from a copy whose bytes differ (an mbox), as
     * version 1 recorded it: version 3 keeps one of the two. */
    "INSERT INTO messages (fingerprint, bounce_date) VALUES ('f2',"
    " '2026-01-01T00:00:00Z');"
    "INSERT INTO events VALUES ('f2', 'old@example.net', 'news', "
    " '2026-01-01T00:00:00Z', 'failed', '5.1.1', '550', 'hard',"
    " 'userunknown', 'no such user', 'default.rules:1');"
    "PRAGMA user_version = 1;";

static char *
temp_path (const char *name)
{
    g_autofree char *dir = g_dir_make_tmp ("bs-history-XXXXXX", NULL);

    return g_build_filename (dir, name, NULL);
}

static void
remove_db (const char *path)
{
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_autofree char *dir = g_path_get_dirname (path);

    unlink (path);
    unlink (wal);
    unlink (shm);
    rmdir (dir);
}

static BsReport *
make_report (const char *fingerprint, const char *recipient,
             const char *date)
{
    BsReport *report = bs_report_new ("t.eml");
    BsRecipient *r = bs_recipient_new ();

    report->fingerprint = g_strdup (fingerprint);
    report->bounce_date = g_strdup (date);
    r->recipient = g_strdup (recipient);
    r->action = g_strdup ("failed");
    r->status = g_strdup ("5.1.1");
    r->reason = g_strdup ("userunknown");
    r->klass = BS_CLASS_HARD;
    g_ptr_array_add (report->recipients, r);
    return report;
}

static gboolean
collect (const BsHistoryRow *row, gpointer data, GError **error)
{
    g_string_append_printf (data, "%s|%s|%s|%s;", row->recipient, row->domain,
                            row->bounce_date, row->reason);
    return TRUE;
}

static char *
dump (BsHistory *history)
{
    GString *out = g_string_new (NULL);

    assert_true (bs_history_foreach (history, NULL, NULL, FALSE, collect, out,
                                     NULL));
    return g_string_free (out, FALSE);
}

static void
test_migrate_empty (void **state)
{
    g_autofree char *path = temp_path ("new.sqlite");
    g_autoptr (GError) error = NULL;
    g_autoptr (BsHistory) history = bs_history_open (path, &error);

    assert_non_null (history);
    assert_int_equal (bs_history_version (history), BS_HISTORY_VERSION);
    g_clear_pointer (&history, bs_history_close);
    /* Opening again migrates nothing and keeps the version. */
    history = bs_history_open (path, &error);
    assert_int_equal (bs_history_version (history), BS_HISTORY_VERSION);
    g_clear_pointer (&history, bs_history_close);
    remove_db (path);
}

static void
test_migrate_v1 (void **state)
{
    g_autofree char *path = temp_path ("v1.sqlite");
    g_autoptr (GError) error = NULL;
    g_autoptr (BsHistory) history = NULL;
    g_autofree char *rows = NULL;
    sqlite3 *db = NULL;

    assert_int_equal (sqlite3_open (path, &db), SQLITE_OK);
    assert_int_equal (sqlite3_exec (db, v1_database, NULL, NULL, NULL),
                      SQLITE_OK);
    sqlite3_close (db);
    history = bs_history_open (path, &error);
    assert_non_null (history);
    assert_int_equal (bs_history_version (history), BS_HISTORY_VERSION);
    /* Version 2's domain column is filled in for the old row, and version
     * 3 leaves one row of the event recorded twice. */
    rows = dump (history);
    assert_string_equal (rows, "Old@Example.NET|example.net|"
                               "2026-01-01T00:00:00Z|userunknown;");
    g_clear_pointer (&history, bs_history_close);
    remove_db (path);
}

static void
test_newer_schema_refused (void **state)
{
    g_autofree char *path = temp_path ("future.sqlite");
    g_autoptr (GError) error = NULL;
    sqlite3 *db = NULL;

    assert_int_equal (sqlite3_open (path, &db), SQLITE_OK);
    sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close (db);
    assert_null (bs_history_open (path, &error));
    assert_non_null (strstr (error->message, "schema version 99"));
    remove_db (path);
}

static void
test_idempotent (void **state)
{
    g_autoptr (BsHistory) history = bs_history_open (":memory:", NULL);
    g_autoptr (BsReport) a = make_report ("fa", "a@example.com",
                                          "2026-01-05T10:00:00+02:00");
    g_autoptr (BsReport) copy = make_report ("fa", "a@example.com",
                                             "2026-01-05T10:00:00+02:00");
    g_autofree char *rows = NULL;
    guint added = 99;

    assert_true (bs_history_begin (history, NULL));
    assert_true (bs_history_record (history, a, &added, NULL));
    assert_int_equal (added, 1);
    assert_true (bs_history_record (history, copy, &added, NULL));
    assert_int_equal (added, 0);
    assert_true (bs_history_commit (history, NULL));
    rows = dump (history);
    /* Dates are kept in UTC. */
    assert_string_equal (rows, "a@example.com|example.com|"
                               "2026-01-05T08:00:00Z|userunknown;");
}

/* One bounce event counts once whatever container its message came in:
 * copies with other fingerprints (an mbox copy, a row of a CSV report)
 * add nothing; another date or status is another event. A recipient that
 * is not an address is never recorded. */
static void
test_same_event (void **state)
{
    g_autoptr (BsHistory) history = bs_history_open (":memory:", NULL);
    static const struct {
        const char *fingerprint;
        const char *recipient;
        const char *date;
        guint added;
        const char *why;
    } cases[] = {
        { "maildir", "a@example.com", "2026-01-05T10:00:00Z", 1, "first" },
        { "mbox", "a@example.com", "2026-01-05T10:00:00Z", 0, "mbox copy" },
        { "csv", "A@example.com", "2026-01-05T12:00:00+02:00", 0,
          "CSV row, other case and zone" },
        { "next", "a@example.com", "2026-01-06T10:00:00Z", 1, "next day" },
        { "bad", "SMTP=a@example.com", "2026-01-07T10:00:00Z", 0,
          "not an address" },
        { "none", NULL, "2026-01-07T10:00:00Z", 0, "no address" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (BsReport) report = make_report (
            cases[i].fingerprint, cases[i].recipient, cases[i].date);
        guint added = 99;

        assert_true (bs_history_record (history, report, &added, NULL));
        if (added != cases[i].added)
            fail_msg ("case %zu (%s): added %u", i, cases[i].why, added);
    }
}

/* Two processes opening one new database at once both get a migrated
 * one (the second once failed: "table messages already exists"). */
static void
test_race_new_database (void **state)
{
    for (int round = 0; round < 10; round++) {
        g_autofree char *path = temp_path ("race.sqlite");
        pid_t children[4];
        int failures = 0;

        for (gsize i = 0; i < G_N_ELEMENTS (children); i++) {
            if ((children[i] = fork ()) == 0) {
                BsHistory *history = bs_history_open (path, NULL);

                _exit (history != NULL &&
                       bs_history_version (history) == BS_HISTORY_VERSION
                           ? 0 : 1);
            }
        }
        for (gsize i = 0; i < G_N_ELEMENTS (children); i++) {
            int status = 1;

            waitpid (children[i], &status, 0);
            failures += !(WIFEXITED (status) && WEXITSTATUS (status) == 0);
        }
        remove_db (path);
        if (failures > 0)
            fail_msg ("round %d: %d of 4 opens failed", round, failures);
    }
}

/* Two shards merged hold what one database of both inputs holds, and a
 * message in both shards is counted once. */
static void
test_merge (void **state)
{
    g_autofree char *one = temp_path ("one.sqlite");
    g_autofree char *two = temp_path ("two.sqlite");
    g_autoptr (BsReport) a = make_report ("fa", "a@example.com",
                                          "2026-01-05T10:00:00Z");
    g_autoptr (BsReport) b = make_report ("fb", "b@example.org",
                                          "2026-01-06T10:00:00Z");
    g_autoptr (BsHistory) shard1 = bs_history_open (one, NULL);
    g_autoptr (BsHistory) shard2 = bs_history_open (two, NULL);
    g_autoptr (BsHistory) merged = bs_history_open (":memory:", NULL);
    g_autoptr (BsHistory) single = bs_history_open (":memory:", NULL);
    g_autoptr (GError) error = NULL;
    g_autofree char *merged_rows = NULL;
    g_autofree char *single_rows = NULL;

    assert_true (bs_history_record (shard1, a, NULL, NULL));
    assert_true (bs_history_record (shard2, a, NULL, NULL));
    assert_true (bs_history_record (shard2, b, NULL, NULL));
    assert_true (bs_history_record (single, a, NULL, NULL));
    assert_true (bs_history_record (single, b, NULL, NULL));
    assert_true (bs_history_merge (merged, one, &error));
    assert_true (bs_history_merge (merged, two, &error));
    merged_rows = dump (merged);
    single_rows = dump (single);
    assert_string_equal (merged_rows, single_rows);
    assert_false (bs_history_merge (merged, "/nonexistent.sqlite", &error));
    assert_non_null (strstr (error->message, "/nonexistent.sqlite"));
    g_clear_pointer (&shard1, bs_history_close);
    g_clear_pointer (&shard2, bs_history_close);
    remove_db (one);
    remove_db (two);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_migrate_empty),
        cmocka_unit_test (test_migrate_v1),
        cmocka_unit_test (test_newer_schema_refused),
        cmocka_unit_test (test_idempotent),
        cmocka_unit_test (test_same_event),
        cmocka_unit_test (test_race_new_database),
        cmocka_unit_test (test_merge),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
