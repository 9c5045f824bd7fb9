/* bs-classify.h: the last-resort classification when no rule decides. */
#pragma once

#include "bs-report.h"

G_BEGIN_DECLS

/* Sets RECIPIENT's class, reason and rule ("fallback") from its action and
 * status class alone: delivered/relayed/expanded or 2.x.x is delivered, 5.x.x
 * hard, anything else soft; reason "undefined", or "onhold" (and soft) when
 * the message carried no code at all. */
void bs_classify_fallback (BsRecipient *recipient);

/* Fills the derived fields of RECIPIENT: the enhanced and reply codes
 * found in its diagnostic text, the most specific status of the field and
 * the text, and an action inferred from the status when there was none. */
void bs_classify_complete (BsRecipient *recipient);

/* Gives RECIPIENT the status X.0.0 its action implies (RFC 3463 "other
 * undefined status") when no code was found at all. Run after the rules,
 * so that rules match only codes the message really had. */
void bs_classify_infer_status (BsRecipient *recipient);

G_END_DECLS
