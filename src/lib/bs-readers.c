/* bs-readers.c: the ordered table of readers. The standard DSN reader goes
 * first because a well-formed RFC 3464 report is the most reliable source;
 * MTA-specific readers follow; a generic reader comes last. */
#include "bs-arf.h"
#include "bs-autoreply.h"
#include "bs-dsn.h"
#include "bs-fml.h"
#include "bs-formats.h"
#include "bs-jmrp.h"
#include "bs-readers.h"
#include "bs-sesjson.h"

static const BsReaderEntry readers[] = {
    { "arf", bs_arf_read },
    { "dsn", bs_dsn_read },
    { "dsn-text", bs_dsn_read_text },
    { "amazonses", bs_sesjson_read },
    { "jmrp", bs_jmrp_read },
    { "fml", bs_fml_read },
    { "text", bs_formats_read },
    { "arf-text", bs_arf_read_text },
    { "autoreply", bs_autoreply_read },
};

const BsReaderEntry *
bs_readers_table (gsize *count)
{
    *count = G_N_ELEMENTS (readers);
    return readers;
}

/* Empties what a reader that gave up left behind. */
static void
reset (BsReport *report)
{
    g_ptr_array_set_size (report->recipients, 0);
    g_clear_pointer (&report->detected_by, g_free);
}

const BsReaderEntry *
bs_readers_run (BsReport *report, BsInput *input)
{
    for (gsize i = 0; i < G_N_ELEMENTS (readers); i++) {
        bs_report_trace (report, "reader %s:", readers[i].name);
        if (readers[i].read (report, input) &&
            report->recipients->len > 0)
            return &readers[i];
        reset (report);
    }
    return NULL;
}
