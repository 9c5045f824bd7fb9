/* bs-options.h: what a scan is told by its caller. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BsRules BsRules;

/* Options for one run, passed to every scan explicitly and shared
 * read-only between workers. Initialise with bs_options_init(). */
typedef struct {
    const BsRules *rules;     /* (transfer none) NULL: built-in fallback only */
    gboolean trace;           /* keep a step-by-step trace in the report */
    guint max_depth;          /* deepest MIME nesting looked at */
    guint max_parts;          /* most MIME parts looked at per message */
    guint max_recipients;     /* most recipients kept per message */
    guint max_fields;         /* most fields read from a field block */
    gsize max_size;           /* largest message read, in bytes */
    const char *verp;         /* (transfer none) VERP pattern, or NULL */
    gboolean fingerprint;     /* fill BsReport.fingerprint (costs a hash of
                               * every message; for the history) */
} BsOptions;

/* Fills OPTIONS with the defaults. */
void bs_options_init (BsOptions *options);

G_END_DECLS
