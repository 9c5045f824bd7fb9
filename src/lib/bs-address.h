/* bs-address.h: which strings are addresses a mailing list could hold, and
 * getting one out of the forms bounces write them in. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE if TEXT is a mailbox a list could send to (RFC 5321 section 4.1.2,
 * with RFC 6531's UTF-8): a dot-atom or quoted local part of at most 64
 * bytes holding at least one letter or digit, an '@', and a domain of at
 * least two labels (letters, digits, hyphens or UTF-8, not all-numeric at
 * the end) or an address literal ("[192.0.2.1]"). Not an address: an
 * undecoded encoded word ("=?utf-8?B?...?=@..."), an X.400 form
 * ("/S=.../@gateway"), a host without a dot ("user@daemon"). */
gboolean bs_address_is_valid (const char *text);

/* The address in VALUE as a recipient field or a bounce text writes it:
 * without its type ("rfc822;"), angle brackets, quotes, white space,
 * trailing punctuation, a gateway prefix ("SMTP=", "smtp:") or a source
 * route ("@relay.example:user@example.org", RFC 5321 appendix C); RFC 6533
 * \x{HHHH} escapes decoded, invalid UTF-8 replaced, the domain in lower
 * case. NULL when what is left is not bs_address_is_valid().
 * (transfer full) */
char *bs_address_parse (const char *value);

G_END_DECLS
