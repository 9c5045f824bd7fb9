/* bs-sesjson.h: Amazon SES notifications delivered as JSON by email. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* The "amazonses" JSON reader: an SES event notification (notificationType
 * Bounce, Complaint or Delivery) in the text of the message, as Amazon SNS
 * sends it by email. One row per bounced, complained-about or delivered
 * recipient. */
gboolean bs_sesjson_read (BsReport *report, BsInput *input);

G_END_DECLS
