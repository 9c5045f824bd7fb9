/* bs-subscriber.h: which address a row names. The operator removes the
 * address the list sent to, so a row names the subscribed address, not an
 * alias it expanded to or a name internal to the receiving system. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* Settles the address of each recipient of REPORT, read from INPUT:
 * Original-Recipient when it is an address (RFC 3464 2.3.1: the address
 * the sender gave, where Final-Recipient may be an alias's expansion);
 * else the recipient field when it is one; else, for a single recipient
 * without one, an address from the bounce's X-Failed-Recipients, from its
 * diagnostic, or the returned message's To; else none (NULL), with a note
 * on REPORT saying why. Every address is a valid one (bs-address.h). */
void bs_subscriber_settle (BsReport *report, BsInput *input);

G_END_DECLS
