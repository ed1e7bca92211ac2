/*
 * json.h - a JSON writer: the reports say what to write, it places the
 * commas, colons, quotes, brackets and line breaks.
 *
 * Ownership: the caller owns the ad_json value and the ad_buf it appends
 * to, which must outlive it. The writer allocates nothing and holds no
 * resource, so it has no dispose: a writer may simply be dropped, even
 * with containers still open (as a piece of a longer document is; see
 * ad_json_resume()).
 *
 * A writer given a sink (ad_json_stream()) is a stream: whenever the
 * buffer holds AD_JSON_CHUNK bytes or more at the end of a container, and
 * when the document ends, it hands the bytes to the sink and empties the
 * buffer, so a long document is never held whole.
 *
 * A document is one object or array. Each container is given a layout
 * when it is opened, which says where its items and its closing bracket
 * go; the writer keeps, for every open container, whether an item was
 * written yet, and puts the separators itself. Misuse (a key in an array,
 * a value without its key in an object, two keys in a row, an end with
 * nothing open, nesting deeper than AD_JSON_DEPTH) is an assert.
 *
 * Strings go through ad_escape_json() (escape.h). Keys are the program's
 * own names (ASCII letters, digits and punctuation other than '"' and
 * '\\'): they are written as they are.
 */
#ifndef AGENTDUP_BASE_JSON_H
#define AGENTDUP_BASE_JSON_H

#include "agentdup/buf.h"

/* Where a container's items and closing bracket go. Build one with the
 * macros below; the examples show an array of 1 and 2 and the empty
 * array, with an indentation of 2 for items and 0 for the bracket. */
typedef struct ad_json_layout {
	signed char lines;  /* 1: each item starts a line of its own */
	signed char indent; /* of an item that starts a line */
	signed char close;  /* of the bracket on a line of its own, or: */
	signed char bare;   /* 1: an empty container is [] all the same */
	signed char dense;  /* 1: "," and ":" with no space after them */
} ad_json_layout;

#define AD_JSON_TIGHT (-1) /* close: right after the last item */

/* [1, 2] and []: items on one line, ", " between them. */
#define AD_JSON_INLINE ((ad_json_layout){0, 0, AD_JSON_TIGHT, 1, 0})
/* As AD_JSON_INLINE, but the item after ad_json_break() starts a line at
 * indent: [1,\n  2]. */
#define AD_JSON_WRAP(indent) ((ad_json_layout){0, (indent), AD_JSON_TIGHT, 1, 0})
/* [\n  1,\n  2] and []: each item on a line, the bracket after the last. */
#define AD_JSON_RUN(indent) ((ad_json_layout){1, (indent), AD_JSON_TIGHT, 1, 0})
/* [\n  1,\n  2\n] and [\n]: each item on a line, and the bracket too. */
#define AD_JSON_BLOCK(indent, close) ((ad_json_layout){1, (indent), (close), 0, 0})
/* As AD_JSON_BLOCK, but [] when empty. */
#define AD_JSON_BLOCK_UNLESS_EMPTY(indent, close)                           \
	((ad_json_layout){1, (indent), (close), 1, 0})
/* [1,2] and {"k":1}: as AD_JSON_INLINE without a space after a comma or a
 * key's colon, for data that a program reads rather than a person. */
#define AD_JSON_DENSE ((ad_json_layout){0, 0, AD_JSON_TIGHT, 1, 1})

#define AD_JSON_DEPTH 32 /* containers open at once, at most */

typedef enum ad_json_kind { AD_JSON_OBJECT, AD_JSON_ARRAY } ad_json_kind;

/* The state of one open container (private to json.c). */
typedef struct ad_json_frame {
	ad_json_layout layout;
	unsigned char kind;  /* ad_json_kind */
	unsigned char items; /* 1 once an item was begun */
	unsigned char keyed; /* object: a key waits for its value */
} ad_json_frame;

/* A writer (fields private to json.c). */
typedef struct ad_json {
	ad_buf *out;
	ad_buf_sink sink; /* NULL: the document stays in out */
	void *sink_ctx;
	int depth;
	int next; /* how the next item is placed: by the layout, or not */
	ad_json_frame frame[AD_JSON_DEPTH];
} ad_json;

/* A writer appending to out, with nothing open. */
void ad_json_init(ad_json *w, ad_buf *out);

#define AD_JSON_CHUNK (64 * 1024) /* bytes a stream hands on at a time */

/* Make w a stream: out's bytes go to sink(ctx, ...) as the document is
 * written (and those out holds already, at the next end of a container). */
void ad_json_stream(ad_json *w, ad_buf_sink sink, void *ctx);
/* Hand what out holds to the sink now (nothing without one). */
void ad_json_flush(ad_json *w);

/* Open an object or an array laid out as l: the document itself, an item
 * of an array or the value of a key. */
void ad_json_object(ad_json *w, ad_json_layout l);
void ad_json_array(ad_json *w, ad_json_layout l);
/* Close the innermost open container; when that ends the document, a
 * newline follows its bracket. */
void ad_json_end(ad_json *w);

/* Take up, without writing anything, a container that another writer
 * opened with layout l and left open (has_items: with an item written in
 * it). A long document can so be written in pieces, each by its own
 * writer into its own buffer (on its own thread), and the buffers joined
 * in order: every piece after the first resumes the containers the
 * pieces before it left open, outermost first. */
void ad_json_resume(ad_json *w, ad_json_kind kind, ad_json_layout l,
		    int has_items);

/* An ad_buf_sink (ctx: an ad_json) that puts bytes another writer made,
 * a piece of w's document, next in w's document: in its buffer, or when
 * that fills a chunk, to its sink after what the buffer held. */
void ad_json_append(void *ctx, const char *data, size_t len);

/* The innermost container now holds items that other writers wrote,
 * resuming it, and ad_json_append() put in w's document: the next item
 * or the closing bracket is placed after them. */
void ad_json_took_items(ad_json *w);

/* The next item starts a line of its own (in a container whose items
 * share a line, as AD_JSON_WRAP's) ... */
void ad_json_break(ad_json *w);
/* ... or stays on the line of the item before it, after ", " (in a
 * container whose items each start a line). */
void ad_json_join(ad_json *w);

/* The key of the next value, in an object. */
void ad_json_key(ad_json *w, const char *key);

/* Values: an item of an array or the value of a key. */
void ad_json_string(ad_json *w, const char *s); /* NULL: null */
void ad_json_int(ad_json *w, long long v);
void ad_json_uint(ad_json *w, unsigned long long v);
/* A score in [0, 1] with four decimals, by ad_buf_put_score(). */
void ad_json_score(ad_json *w, double v);
/* v with a fixed number of decimals, as printf's "%.*f" writes it. */
void ad_json_fixed(ad_json *w, double v, int decimals);
void ad_json_bool(ad_json *w, int v);
void ad_json_null(ad_json *w);

#endif
