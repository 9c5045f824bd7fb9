/* bs-formats.h: the prose bounce formats we know by name. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* The "text" reader: when INPUT is a prose bounce, names its MTA family
 * (report->detected_by, "text" when no family's markers match) and reads
 * it with bs_textbounce_read(). */
gboolean bs_formats_read (BsReport *report, BsInput *input);

G_END_DECLS
