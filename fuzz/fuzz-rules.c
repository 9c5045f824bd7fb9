/* fuzz-rules.c: libFuzzer harness for the rules-file loader. */
#include <stdint.h>
#include <stdlib.h>

#include "bouncescan.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    g_autoptr (BsRules) rules = bs_rules_new ();
    g_autoptr (GError) error = NULL;

    bs_rules_load_data (rules, "fuzz.rules", (const char *) data, size,
                        BS_RULES_APPEND, &error);
    return 0;
}
