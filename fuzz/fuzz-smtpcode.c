/* fuzz-smtpcode.c: libFuzzer harness for the SMTP code state machine and
 * the reply joining that runs on its result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bouncescan.h"
#include "bs-command.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    BsSmtpCode code;
    g_autofree char *text = g_strndup ((const char *) data, size);

    bs_smtpcode_scan ((const char *) data, size, &code);
    if (code.status[0] != '\0' && !bs_smtpcode_status_valid (code.status))
        abort ();
    bs_smtpcode_more_specific (code.status, "5.0.0");
    bs_command_join_reply (text);
    bs_command_find (text);
    return 0;
}
