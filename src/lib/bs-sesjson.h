/* bs-sesjson.h: Amazon SES notifications delivered as JSON by email. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* The "amazonses" JSON reader: an SES event notification (notificationType
 * or eventType Bounce, Complaint, Delivery or DeliveryDelay) in the text of
 * the message, as Amazon SNS sends it by email: the event itself, or SNS's
 * JSON envelope holding it as the string "Message". One row per bounced,
 * complained-about, delivered or delayed recipient; SES's bounce type and
 * subtype (or delay type) become the row's status note, in the words of
 * the SES developer guide. */
gboolean bs_sesjson_read (BsReport *report, BsInput *input);

G_END_DECLS
