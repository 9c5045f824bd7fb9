/* bs-options.c: defaults for a scan. The limits bound the work done on one
 * hostile message; real bounces come nowhere near them. */
#include "bs-options.h"

void
bs_options_init (BsOptions *options)
{
    g_return_if_fail (options != NULL);
    *options = (BsOptions) {
        .rules = NULL,
        .trace = FALSE,
        .max_depth = 32,
        .max_parts = 1000,
        .max_recipients = 10000,
        .max_fields = 100000,
        .max_size = 32 * 1024 * 1024,
    };
}
