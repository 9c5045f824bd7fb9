/* bs-class.c: names of the result classes, one table both ways. */
#include "bs-class.h"

static const struct {
    BsClass klass;
    const char *name;
} class_names[] = {
    { BS_CLASS_HARD, "hard" },
    { BS_CLASS_SOFT, "soft" },
    { BS_CLASS_COMPLAINT, "complaint" },
    { BS_CLASS_AUTOREPLY, "autoreply" },
    { BS_CLASS_DELIVERED, "delivered" },
};

const char *
bs_class_to_string (BsClass klass)
{
    for (gsize i = 0; i < G_N_ELEMENTS (class_names); i++)
        if (class_names[i].klass == klass)
            return class_names[i].name;
    return NULL;
}

gboolean
bs_class_from_string (const char *name, BsClass *klass)
{
    g_return_val_if_fail (klass != NULL, FALSE);
    if (name == NULL)
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS (class_names); i++) {
        if (g_ascii_strcasecmp (class_names[i].name, name) == 0) {
            *klass = class_names[i].klass;
            return TRUE;
        }
    }
    return FALSE;
}
