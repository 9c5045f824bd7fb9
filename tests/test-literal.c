/* test-literal.c: the rules' literal prefilter. What matters is that it
 * never refuses a text its regular expression matches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-literal.h"

/* Needles joined with '|', or "-" for no prefilter. */
static const struct {
    const char *pattern;
    const char *expected;
    const char *why;
} needle_cases[] = {
    { "user unknown", "user unknown", "one literal" },
    { "Mailbox Full|over quota", "mailbox full|over quota",
      "alternatives, lower-cased" },
    { "mailbox (is )?full", "mailbox ", "a group ends the literal" },
    { "users? unknown", " unknown", "'?' takes back its character" },
    { "relay(ing)? denied|unable to relay", " denied|unable to relay",
      "optional group" },
    { "x{0,30}abcd|abcdef{2}", "abcd|abcde", "counted repetition" },
    { "abc+def", "abc", "'+' keeps its character, then ends the run" },
    { "ab+cd", "-", "runs too short on both sides of '+'" },
    { "\\bspam\\b|\\bube\\b", "spam|ube", "word boundaries" },
    { "(?<!not )listed (at|on)", "listed ", "lookbehind skipped" },
    { "[a-z]+ does not exist", " does not exist", "class skipped" },
    { "[]|]abc|defg", "abc|defg", "']' first in a class is literal" },
    { "a(b|c)d|xyz", "-", "alternative with no long literal" },
    { "(spf|dkim|dmarc) fail", " fail", "the longer literal wins" },
    { "\\b(spf|dkim)\\b.{0,60}x", "spf|dkim", "a group's alternatives" },
    { "(account|mailbox)( is)? (disabled|locked)", "account|mailbox",
      "the group whose shortest word is longest" },
    { "(?:abc|defg)h|(xyz(uvw)?)", "abc|defg|xyz",
      "non-capturing group, nested optional group" },
    { "(abc|defg)?hi", "-", "an optional group requires nothing" },
    { "(abc|defg){0,2}hi", "-", "nor a group repeated from zero" },
    { "(abc|defg){1,2}hi", "abc|defg", "a group repeated from one" },
    { "(?=abcd)x", "-", "a lookahead is skipped" },
    { "(*UCP)abcd", "-", "verbs" },
    { "abcd|(efgh|ij\\c(klmn|opqr)", "-",
      "an escape taking an argument, inside a group (found by fuzzing)" },
    { "abcd|(efgh|[(?i)])", "-", "options even in a class: given up" },
    { "abcd|[[:alpha:]]efgh", "-", "POSIX classes: given up" },
    { "{[}abc]defg|hijk", "defg|hijk",
      "a '{' that is no repetition does not skip a class (fuzzing)" },
    { "ab{,3}cdef", "cdef", "'{,3}': its character let go either way" },
    { "abcd|(efg[[:x[d[:]-:y|hij)", "-",
      "a '[:' that is no POSIX class (found by fuzzing)" },
    { "spam|", "-", "empty alternative" },
    { "ab", "-", "too short" },
    { "(?i)user unknown", "-", "inline options" },
    { "(?x)user unknown", "-", "free spacing" },
    { "\\x41bcd", "-", "escape standing for a character" },
    { "\\Quser\\E unknown", "-", "quoting" },
    { "(a)\\1 unknown", "-", "backreference" },
    { "bo\xc3\xaete pleine", "te pleine", "non-ASCII ends the literal" },
    { "a\\.bcd", "bcd", "escaped punctuation ends it" },
    { "^550 .{0,80}user$", "550 ", "anchors and dots" },
};

static void
test_needles (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (needle_cases); i++) {
        g_auto (GStrv) needles = bs_literal_needles (needle_cases[i].pattern);
        g_autofree char *got = needles != NULL
            ? g_strjoinv ("|", needles) : g_strdup ("-");

        if (strcmp (got, needle_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, needle_cases[i].why,
                      got);
    }
}

/* Texts each pattern matches: the prefilter must let every one through;
 * and texts it does not, which the prefilter refuses. */
static const struct {
    const char *pattern;
    const char *text;
    gboolean passes;
    const char *why;
} filter_cases[] = {
    { "user unknown", "550 5.1.1 USER UNKNOWN here", TRUE, "case" },
    { "mailbox (is )?full", "Mailbox is full", TRUE, "group" },
    { "users? unknown", "user unknown", TRUE, "optional character" },
    { "abc+def", "abccccdef", TRUE, "repeated character" },
    { "kelvin", "\xe2\x84\xaa" "elvin", TRUE,
      "KELVIN SIGN matches k without case" },
    { "spam", "\xc5\xbfpam", TRUE, "LONG S matches s without case" },
    { "user unknown", "mailbox full", FALSE, "refused" },
    { "(account|mailbox)( is)? (disabled|locked)", "Mailbox locked", TRUE,
      "through a group's words" },
    { "(account|mailbox)( is)? (disabled|locked)", "user is disabled",
      FALSE, "none of the group's words" },
    { "relay(ing)? denied|unable to relay", "we are unable to deliver",
      FALSE, "no alternative's word" },
    { "user unknown", "unknown user", FALSE,
      "every letter there, a byte pair missing" },
    { "abab", "aba bab", FALSE, "every byte pair there, the word not" },
    { "no such user", "No such user here", TRUE, "pairs across the text" },
};

static void
test_filter (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (filter_cases); i++) {
        g_auto (GStrv) needles = bs_literal_needles (filter_cases[i].pattern);
        const char *text = filter_cases[i].text;
        g_autoptr (BsLiteralText) folded = bs_literal_fold (text,
                                                            strlen (text));
        g_autoptr (GRegex) regex = g_regex_new (filter_cases[i].pattern,
                                                G_REGEX_CASELESS, 0, NULL);
        gboolean matches = g_regex_match (regex, text, 0, NULL);

        if (needles == NULL)
            fail_msg ("case %zu (%s): no needles", i, filter_cases[i].why);
        if (matches != filter_cases[i].passes)
            fail_msg ("case %zu (%s): the regex disagrees with the table",
                      i, filter_cases[i].why);
        if (bs_literal_any (needles, folded) != filter_cases[i].passes)
            fail_msg ("case %zu (%s): prefilter says %d", i,
                      filter_cases[i].why, !filter_cases[i].passes);
        /* The stricter filter refuses at least what the needles refuse. */
        {
            g_autoptr (BsLiteralFilter) filter =
                bs_literal_filter_new (filter_cases[i].pattern);

            if (bs_literal_filter_passes (filter, folded) !=
                filter_cases[i].passes)
                fail_msg ("case %zu (%s): filter says %d", i,
                          filter_cases[i].why, !filter_cases[i].passes);
        }
    }
}

/* Texts that hold one word an alternative needs but not all of them: one
 * of the needles is there, the whole requirement is not. */
static const struct {
    const char *pattern;
    const char *text;
    gboolean passes;
    const char *why;
} all_cases[] = {
    { "\\b(spf|dkim)\\b.{0,60}(fail|reject)",
      "550 sender verify failed", FALSE, "one group's word, not the other's" },
    { "\\b(spf|dkim)\\b.{0,60}(fail|reject)", "550 SPF check: fail", TRUE,
      "both groups' words" },
    { "recipient'?s? (mail )?filter|by (the )?recipient filter",
      "Recipient address rejected", FALSE, "the first word of each, no more" },
    { "recipient'?s? (mail )?filter|by (the )?recipient filter",
      "stopped by recipient filter", TRUE, "the second alternative whole" },
    { "client host .{0,60}(cannot|could not) be resolved|reverse dns",
      "Client host rejected: could not verify", FALSE,
      "an alternative's later words missing" },
    { "client host .{0,60}(cannot|could not) be resolved|reverse dns",
      "no reverse DNS", TRUE, "another alternative" },
};

static void
test_all_words (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (all_cases); i++) {
        const char *text = all_cases[i].text;
        g_autoptr (BsLiteralText) folded = bs_literal_fold (text,
                                                            strlen (text));
        g_autoptr (BsLiteralFilter) filter =
            bs_literal_filter_new (all_cases[i].pattern);
        g_auto (GStrv) needles = bs_literal_needles (all_cases[i].pattern);
        g_autoptr (GRegex) regex = g_regex_new (all_cases[i].pattern,
                                                G_REGEX_CASELESS, 0, NULL);

        if (filter == NULL || needles == NULL)
            fail_msg ("case %zu (%s): no filter", i, all_cases[i].why);
        if (g_regex_match (regex, text, 0, NULL) != all_cases[i].passes)
            fail_msg ("case %zu (%s): the regex disagrees with the table", i,
                      all_cases[i].why);
        if (bs_literal_filter_passes (filter, folded) != all_cases[i].passes)
            fail_msg ("case %zu (%s): filter says %d", i, all_cases[i].why,
                      !all_cases[i].passes);
        if (!all_cases[i].passes && !bs_literal_any (needles, folded))
            fail_msg ("case %zu (%s): the needles alone refuse it already",
                      i, all_cases[i].why);
    }
}

static void
test_no_needles (void **state)
{
    BsLiteralText *text = bs_literal_fold ("anything", 8);

    assert_true (bs_literal_any (NULL, text));
    assert_true (bs_literal_any (NULL, NULL));
    assert_true (bs_literal_filter_passes (NULL, text));
    assert_null (bs_literal_filter_new ("(?i)user unknown"));
    assert_null (bs_literal_filter_new ("user unknown|x{2}"));
    bs_literal_text_free (text);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_needles),
        cmocka_unit_test (test_filter),
        cmocka_unit_test (test_all_words),
        cmocka_unit_test (test_no_needles),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
