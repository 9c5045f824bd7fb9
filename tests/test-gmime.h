/* test-gmime.h: the cmocka group setup and teardown for tests that parse
 * mail: GMime is initialised once per test binary, as main() does. */
#pragma once

#include <gmime/gmime.h>

static inline int
gmime_setup (void **state)
{
    (void) state;
    /* A GLib or GMime critical (a g_return_if_fail that failed) means we
     * called a library wrongly; it must fail the test, not scroll past. */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    g_mime_init ();
    return 0;
}

static inline int
gmime_teardown (void **state)
{
    (void) state;
    g_mime_shutdown ();
    return 0;
}
