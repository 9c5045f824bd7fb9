/* test-address.c: what is an address a list could hold, and getting one
 * out of recipient fields and prose (RFC 5321 4.1.2, RFC 6531, RFC 6533). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-address.h"

static const struct {
    const char *input;
    const char *expected;   /* NULL: not an address */
    const char *why;
} address_cases[] = {
    { "rfc822; user@example.com", "user@example.com", "typed" },
    { "RFC822;<User@Example.COM>", "User@example.com", "domain lower-cased" },
    { "  <a.b+tag@mail.example.org>  ", "a.b+tag@mail.example.org", "spaces" },
    { "rfc822; user@example.com.", "user@example.com", "trailing dot" },
    { "\"user@example.net\"", "user@example.net", "quoted" },
    { "utf-8; \\x{7528}\\x{6237}@example.com",
      "\xe7\x94\xa8\xe6\x88\xb7@example.com", "RFC 6533 unitext" },
    { "utf-8; j\xc3\xb6rg@B\xc3\x9c" "CHER.example", "j\xc3\xb6rg@b\xc3\xbc"
      "cher.example", "UTF-8 domain lower-cased" },
    { "user@[192.0.2.1]", "user@[192.0.2.1]", "address literal" },
    { "u\xff@Exa\xc3mple.ORG", "u\xef\xbf\xbd@exa\xef\xbf\xbdmple.org",
      "invalid UTF-8 replaced before lower-casing (GLib overran it)" },
    { "user@EXAMPLE.\xe4\xb8", "user@example.\xef\xbf\xbd\xef\xbf\xbd",
      "a sequence cut short at the end" },
    { "rfc822; nekochan", NULL, "no domain" },
    { "user@localhost", NULL, "no dot in domain" },
    { "@example.com", NULL, "no local part" },
    { "a@b@example.com", NULL, "two at signs" },
    { "SMTP=Userx@Example.com", "Userx@example.com", "gateway prefix" },
    { "rfc822; smtp:userx@example.com", "userx@example.com", "smtp: prefix" },
    { "@relay.example.net,@hub.example.net:user@example.org",
      "user@example.org", "source route" },
    { "rfc822; userx@sims-ms-daemon", NULL, "internal daemon name" },
    { "x400; /c=us/admd= /prmd=example/o=hq/s=smith/", NULL, "X.400" },
    { "/S=Smith/OU=hq/O=example/@gw.example.com", NULL, "X.400 at a gateway" },
    { "rfc822; <f.b>", NULL, "garbage in brackets" },
    { "'@mx.example.org", NULL, "quote for a local part" },
    { "=?utf-8?B?5pel5pys?=@example.jp", NULL, "undecoded encoded word" },
    { "user@192.0.2.1", NULL, "host address without brackets" },
    { "user@[IPv6:2001:db8::1]", "user@[ipv6:2001:db8::1]", "IPv6 literal" },
    { "a..b@example.com", NULL, "two dots in a row" },
    { ".a@example.com", NULL, "leading dot" },
    { "user@-example.com", NULL, "label starts with a hyphen" },
    { "user@exa_mple.com", NULL, "underscore in a host name" },
    { "\"john smith\"@example.com", "\"john smith\"@example.com",
      "quoted local part" },
    { "user name@example.com", NULL, "space in the local part" },
    { "x@example.com", "x@example.com", "one-letter local part" },
    { "s@example.com", "s@example.com", "a prefix of smtp=" },
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "@example.com", NULL, "65-byte local part" },
    { "=1+2@example.com", NULL, "a formula" },
    { "+cmd|calc@example.com", NULL, "a spreadsheet DDE call" },
    { "+tag-only@example.com", "+tag-only@example.com", "leading plus" },
    { "", NULL, "empty" },
    { NULL, NULL, "NULL" },
};

static void
test_parse (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (address_cases); i++) {
        g_autofree char *got = bs_address_parse (address_cases[i].input);

        if (g_strcmp0 (got, address_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): \"%s\" gave \"%s\"", i,
                      address_cases[i].why, address_cases[i].input,
                      got ? got : "(null)");
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_parse),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
