/* test-gmime.h: the cmocka group setup and teardown for tests that parse
 * mail: GMime is initialised once per test binary, as main() does. */
#pragma once

#include <gmime/gmime.h>

static inline int
gmime_setup (void **state)
{
    (void) state;
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
