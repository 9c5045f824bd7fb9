/* bs-input.h: one message as the readers see it: the parsed tree, the raw
 * bytes, and its text, decoded once and shared by every reader. */
#pragma once

#include "bs-gmime.h"
#include "bs-options.h"

G_BEGIN_DECLS

typedef struct _BsInput BsInput;

/* A new input for MESSAGE (a reference is taken) whose raw form is the
 * LENGTH bytes at RAW (borrowed: must outlive the input; NULL when not
 * at hand). (transfer full) */
BsInput *bs_input_new (GMimeMessage *message, const char *raw, gsize length,
                       const BsOptions *options);

/* Frees INPUT; NULL is fine. */
void bs_input_free (BsInput *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsInput, bs_input_free)

/* The parsed message. (transfer none) */
GMimeMessage *bs_input_message (const BsInput *input);

/* The run's options. (transfer none) */
const BsOptions *bs_input_options (const BsInput *input);

/* The raw message, serialised from the tree when the raw bytes were not
 * given; *LENGTH receives its length. (transfer none) */
const char *bs_input_raw (BsInput *input, gsize *length);

/* The message's readable text: every text part outside attached messages,
 * in order, decoded to UTF-8 (HTML reduced to text), and multipart
 * prologues, joined by newlines. Computed on first use. (transfer none) */
const char *bs_input_text (BsInput *input);

/* The text of bs_input_text() with ASCII letters in lower case: the same
 * length, so an offset into one is an offset into the other. Searching it
 * with strstr() for lower-case words is far cheaper than strcasestr() on
 * the text. Computed on first use. (transfer none) */
const char *bs_input_folded (BsInput *input);

G_END_DECLS
