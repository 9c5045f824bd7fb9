/* bs-error.c: the BS_ERROR quark. */
#include "bs-error.h"

G_DEFINE_QUARK (bs-error-quark, bs_error)
