/* bs-error.h: the one error domain of libbouncescan. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BS_ERROR (bs_error_quark ())

/* Failures a caller can act on. Bad mail is never an error (it is a result
 * with diagnostics); only unreadable input, exceeded limits and invalid rule
 * files are. File and I/O errors keep GLib's own domains. */
typedef enum {
    BS_ERROR_INPUT,   /* input could not be read as a message */
    BS_ERROR_LIMIT,   /* input exceeds a configured limit */
    BS_ERROR_RULES,   /* a rules file is invalid */
    BS_ERROR_USAGE,   /* a caller-supplied option is invalid */
} BsError;

GQuark bs_error_quark (void);

G_END_DECLS
