/* bs-fields.c: splits a field block into groups of unfolded fields. Field
 * syntax is RFC 5322 2.2 (name, colon, value; folding by leading white
 * space); groups are separated by blank lines as RFC 3464 2.1 says. Junk
 * lines are tolerated because real MTAs write them. */
#include <string.h>

#include "bs-fields.h"

static void
field_free (BsField *field)
{
    g_free (field->name);
    g_free (field->value);
    g_free (field);
}

static GPtrArray *
group_new (void)
{
    return g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}

/* Length of a field name at LINE (RFC 5322 ftext: printable ASCII but
 * ':' and space), or 0 when LINE does not start with "name:". */
static gsize
field_name_length (const char *line, gsize length)
{
    gsize n = 0;

    while (n < length && line[n] > ' ' && line[n] < 127 && line[n] != ':')
        n++;
    if (n == 0 || n >= length || line[n] != ':')
        return 0;
    return n;
}

/* Appends one line's worth of VALUE to the last field of GROUP. */
static void
append_fold (BsField *field, const char *text, gsize length)
{
    g_autofree char *part = g_utf8_make_valid (text, length);
    char *joined;

    g_strstrip (part);
    if (*part == '\0')
        return;
    joined = *field->value != '\0'
        ? g_strconcat (field->value, " ", part, NULL)
        : g_strdup (part);
    g_free (field->value);
    field->value = joined;
}

typedef struct {
    BsFieldBlock *block;
    GPtrArray *group;     /* the group being filled, or NULL */
    BsField *last;        /* the field a fold continues, or NULL */
    guint count;
    guint max_fields;
} Parser;

static void
close_group (Parser *parser)
{
    if (parser->group != NULL && parser->group->len > 0)
        g_ptr_array_add (parser->block->groups, parser->group);
    else if (parser->group != NULL)
        g_ptr_array_unref (parser->group);
    parser->group = NULL;
    parser->last = NULL;
}

/* TRUE if the LENGTH bytes at LINE are all blanks; LINE need not be
 * NUL-terminated. */
static gboolean
is_blank (const char *line, gsize length)
{
    for (gsize i = 0; i < length; i++)
        if (line[i] != ' ' && line[i] != '\t')
            return FALSE;
    return TRUE;
}

static void
parse_line (Parser *parser, const char *line, gsize length, guint number)
{
    gsize name_length;
    BsField *field;

    if (is_blank (line, length)) {
        close_group (parser);
        return;
    }
    if ((line[0] == ' ' || line[0] == '\t') && parser->last != NULL) {
        append_fold (parser->last, line, length);
        return;
    }
    name_length = field_name_length (line, length);
    if (name_length == 0 || parser->count >= parser->max_fields) {
        parser->block->junk_lines += name_length == 0;
        parser->block->truncated |= name_length != 0;
        parser->last = NULL;
        return;
    }
    if (parser->group == NULL)
        parser->group = group_new ();
    field = g_new0 (BsField, 1);
    field->name = g_strndup (line, name_length);
    field->value = g_strdup ("");
    field->line = number;
    append_fold (field, line + name_length + 1, length - name_length - 1);
    g_ptr_array_add (parser->group, field);
    parser->last = field;
    parser->count++;
}

BsFieldBlock *
bs_fields_parse (const char *text, gsize length, guint max_fields)
{
    Parser parser = { 0 };
    const char *end = text + length;
    guint number = 0;

    parser.block = g_new0 (BsFieldBlock, 1);
    parser.block->groups =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    parser.max_fields = max_fields;
    for (const char *line = text; line != NULL && line < end;) {
        const char *nl = memchr (line, '\n', end - line);
        const char *stop = nl != NULL ? nl : end;
        gsize line_length = stop - line;

        if (line_length > 0 && line[line_length - 1] == '\r')
            line_length--;
        parse_line (&parser, line, line_length, ++number);
        line = nl != NULL ? nl + 1 : NULL;
    }
    close_group (&parser);
    return parser.block;
}

void
bs_field_block_free (BsFieldBlock *block)
{
    if (block == NULL)
        return;
    g_ptr_array_unref (block->groups);
    g_free (block);
}

const char *
bs_fields_get (GPtrArray *group, const char *name)
{
    if (group == NULL)
        return NULL;
    for (guint i = 0; i < group->len; i++) {
        BsField *field = g_ptr_array_index (group, i);

        if (g_ascii_strcasecmp (field->name, name) == 0)
            return field->value;
    }
    return NULL;
}
