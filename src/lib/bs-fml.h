/* bs-fml.h: notices of the fml mailing-list manager (fml4, fml8). */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* The "fml" reader: a notice fml sent (X-MLServer or List-Software
 * "fml ...", no article count field) in fml's words, that refused a
 * poster. One row, action failed, for the poster: the address a notice to
 * the maintainer names ("NOT MEMBER article from a@b"), else the notice's
 * To when that is not the list's own. The diagnostic is the notice's own
 * text, up to the returned mail. Returns FALSE, leaving the message to the
 * prose reader, when no poster is named (a loop alert to the maintainer). */
gboolean bs_fml_read (BsReport *report, BsInput *input);

G_END_DECLS
