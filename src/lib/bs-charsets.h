/* bs-charsets.h: keeping charset converters loaded for a run. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Converters to UTF-8 held open for a run, one per charset that mail
 * commonly comes in, plus the locale's. Converting a text opens and
 * closes a converter (and GMime does the same for each 8-bit header);
 * while one converter for a charset stays open, glibc keeps its module
 * loaded, so those opens stop loading and unloading it every time. Hold
 * them before starting worker processes, so that they share the loaded
 * modules. (transfer full) */
typedef struct _BsCharsets BsCharsets;
BsCharsets *bs_charsets_hold (void);

/* Closes what bs_charsets_hold() opened; NULL is fine. */
void bs_charsets_release (BsCharsets *charsets);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCharsets, bs_charsets_release)

G_END_DECLS
