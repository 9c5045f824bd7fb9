/* fuzz-scan.c: libFuzzer harness for the whole path from raw bytes to
 * output rows: parse, every reader, the default rules, the CSV writer. */
#include <stdint.h>
#include <stdlib.h>

#include "bouncescan.h"

static BsRules *rules;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The harness, not the library, keeps the rules for the whole run: a
 * fuzzer's process is its run. */
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    g_autofree char *text = NULL;
    gsize length = 0;

    g_mime_init ();
    rules = bs_rules_new ();
    if (g_file_get_contents (FUZZ_RULES, &text, &length, NULL))
        bs_rules_load_data (rules, "default.rules", text, length,
                            BS_RULES_APPEND, NULL);
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsWriter) writer = bs_csv_writer_new (out, FALSE);
    g_autoptr (BsReport) report = NULL;
    BsOptions options;

    bs_options_init (&options);
    options.rules = rules;
    options.verp = "b+{local}={domain}@example.org";
    report = bs_scan_bytes ("fuzz", (const char *) data, size, &options,
                            NULL);
    if (report != NULL) {
        bs_writer_begin (writer, NULL);
        bs_writer_report (writer, report, NULL);
        bs_writer_end (writer, NULL);
    }
    return 0;
}
