/* cli-signals.c: what an interrupted run leaves behind. On SIGINT, SIGTERM
 * or SIGHUP the handler removes every temporary file this process is
 * writing (so the target of -o keeps its old content or stays absent),
 * stops the worker processes, ends the progress line, says so, and then
 * dies of the same signal, so that the caller's shell sees how it ended.
 *
 * A signal handler can only reach static storage, so the files and
 * workers are kept in fixed static tables; they are touched with the
 * signals blocked, and only async-signal-safe calls (unlink, kill,
 * waitpid, write) run in the handler. A forked worker starts with empty
 * tables of its own, so it never removes its parent's files. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define MAX_TEMPS 8
#define MAX_WORKERS 256

static const int caught[] = { SIGINT, SIGTERM, SIGHUP };

/* Static by necessity (see above); no other file sees them. */
static char *temps[MAX_TEMPS];
static pid_t workers[MAX_WORKERS];
static volatile sig_atomic_t progress_shown;
static volatile sig_atomic_t in_worker;
static pid_t owner;

static void
block (sigset_t *old)
{
    sigset_t set;

    sigemptyset (&set);
    for (gsize i = 0; i < G_N_ELEMENTS (caught); i++)
        sigaddset (&set, caught[i]);
    sigprocmask (SIG_BLOCK, &set, old);
}

static void
unblock (const sigset_t *old)
{
    sigprocmask (SIG_SETMASK, old, NULL);
}

static void
say (const char *text)
{
    ssize_t ignored = write (STDERR_FILENO, text, strlen (text));

    (void) ignored;
}

static void
on_signal (int number)
{
    int saved = errno;

    if (getpid () == owner) {
        for (gsize i = 0; i < MAX_TEMPS; i++)
            if (temps[i] != NULL)
                unlink (temps[i]);
        for (gsize i = 0; i < MAX_WORKERS; i++)
            if (workers[i] > 0)
                kill (workers[i], SIGTERM);
        for (gsize i = 0; i < MAX_WORKERS; i++)
            if (workers[i] > 0)
                waitpid (workers[i], NULL, 0);
        if (progress_shown)
            say ("\r\033[K");
        if (!in_worker)
                say ("bouncescan: interrupted; files given with -o are as "
                 "they were\n");
    }
    errno = saved;
    signal (number, SIG_DFL);
    raise (number);
}

void
cli_signals_install (void)
{
    struct sigaction action;

    owner = getpid ();
    memset (&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset (&action.sa_mask);
    for (gsize i = 0; i < G_N_ELEMENTS (caught); i++)
        sigaddset (&action.sa_mask, caught[i]);
    for (gsize i = 0; i < G_N_ELEMENTS (caught); i++) {
        struct sigaction old;

        /* A signal ignored by whoever started us (nohup) stays ignored. */
        if (sigaction (caught[i], NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction (caught[i], &action, NULL);
    }
}

void
cli_signals_forked (void)
{
    sigset_t old;

    block (&old);
    owner = getpid ();
    memset (temps, 0, sizeof temps);
    memset (workers, 0, sizeof workers);
    progress_shown = 0;
    in_worker = 1;
    unblock (&old);
}

gboolean
cli_signals_add_temp (const char *path)
{
    sigset_t old;
    gboolean added = FALSE;

    block (&old);
    for (gsize i = 0; !added && i < MAX_TEMPS; i++)
        if (temps[i] == NULL) {
            temps[i] = g_strdup (path);
            added = TRUE;
        }
    unblock (&old);
    return added;
}

void
cli_signals_remove_temp (const char *path)
{
    sigset_t old;
    char *gone = NULL;

    block (&old);
    for (gsize i = 0; gone == NULL && i < MAX_TEMPS; i++)
        if (temps[i] != NULL && strcmp (temps[i], path) == 0) {
            gone = temps[i];
            temps[i] = NULL;
        }
    unblock (&old);
    g_free (gone);
}

void
cli_signals_add_worker (pid_t pid)
{
    sigset_t old;

    block (&old);
    for (gsize i = 0; i < MAX_WORKERS; i++)
        if (workers[i] <= 0) {
            workers[i] = pid;
            break;
        }
    unblock (&old);
}

void
cli_signals_remove_worker (pid_t pid)
{
    sigset_t old;

    block (&old);
    for (gsize i = 0; i < MAX_WORKERS; i++)
        if (workers[i] == pid)
            workers[i] = 0;
    unblock (&old);
}

void
cli_signals_progress (gboolean shown)
{
    progress_shown = shown;
}
