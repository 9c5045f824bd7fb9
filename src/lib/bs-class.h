/* bs-class.h: what a recipient's result means to a list operator. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* hard: the address itself is bad and should go; soft: a temporary or
 * sender-side failure, the address is fine; complaint: a feedback report;
 * autoreply: an out-of-office or similar; delivered: a success notice. */
typedef enum {
    BS_CLASS_HARD,
    BS_CLASS_SOFT,
    BS_CLASS_COMPLAINT,
    BS_CLASS_AUTOREPLY,
    BS_CLASS_DELIVERED,
    BS_CLASS_COUNT,   /* not a class: the number of classes */
} BsClass;

/* The lower-case name of CLASS, or NULL when CLASS is out of range.
 * (transfer none) */
const char *bs_class_to_string (BsClass klass);

/* Parses NAME (case-insensitive) into *KLASS. Returns FALSE, leaving *KLASS
 * untouched, when NAME is not a class name. */
gboolean bs_class_from_string (const char *name, BsClass *klass);

G_END_DECLS
