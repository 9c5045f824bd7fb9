/* gmime-walk.c: the ceiling for bouncescan's throughput: read each file
 * named on standard input into memory with one read, parse it with GMime,
 * walk the MIME tree, free it. Prints messages/s. Same read and parse path
 * as bouncescan, nothing else. */
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>

static guint
walk (GMimeObject *object)
{
    guint parts = 1;

    if (GMIME_IS_MULTIPART (object))
        for (int i = 0; i < g_mime_multipart_get_count (
                            GMIME_MULTIPART (object)); i++)
            parts += walk (g_mime_multipart_get_part (GMIME_MULTIPART (object),
                                                      i));
    else if (GMIME_IS_MESSAGE_PART (object)) {
        GMimeMessage *inner = g_mime_message_part_get_message (
            GMIME_MESSAGE_PART (object));

        if (inner != NULL)
            parts += walk (g_mime_message_get_mime_part (inner));
    }
    return parts;
}

int
main (void)
{
    char path[4096];
    guint64 messages = 0, parts = 0, bytes = 0;
    gint64 start;

    g_mime_init ();
    start = g_get_monotonic_time ();
    while (fgets (path, sizeof path, stdin) != NULL) {
        char *data = NULL;
        gsize length = 0;
        GMimeStream *stream;
        GMimeParser *parser;
        GMimeMessage *message;

        path[strcspn (path, "\n")] = '\0';
        if (!g_file_get_contents (path, &data, &length, NULL))
            continue;
        stream = g_mime_stream_mem_new_with_buffer (data, length);
        parser = g_mime_parser_new_with_stream (stream);
        message = g_mime_parser_construct_message (parser, NULL);
        if (message != NULL) {
            parts += walk (g_mime_message_get_mime_part (message));
            g_object_unref (message);
        }
        g_object_unref (parser);
        g_object_unref (stream);
        g_free (data);
        messages++;
        bytes += length;
    }
    printf ("%" G_GUINT64_FORMAT " messages, %" G_GUINT64_FORMAT
            " parts, %.0f messages/s\n", messages, parts,
            messages / ((g_get_monotonic_time () - start) / 1e6));
    g_mime_shutdown ();
    return 0;
}
