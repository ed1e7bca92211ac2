/*
 * json.c - the JSON writer.
 *
 * Every item, a key in an object or a value in an array, is begun by
 * place(), which looks at the innermost open container: a comma when an
 * item came before, then either a newline and the items' indentation (the
 * layout puts each item on a line, or ad_json_break() asked for one) or a
 * space after the comma. A value that follows its key needs no
 * separator. The bytes go straight into the caller's buffer through
 * ad_buf's fast paths (integers and scores are not formatted by printf),
 * and a separator with its indentation is one copy out of a constant
 * string, so the writer costs about what the hand-written output did.
 * A stream looks at the buffer's length when a container ends, which
 * happens every few items in any report, and hands a full chunk on.
 */
#include "base/json.h"

#include <assert.h>
#include <string.h>

#include "agentdup/escape.h"

/* ",\n" and as many spaces as an indentation may take. */
static const char breaks[] = ",\n"
			     "                                "
			     "                                "
			     "                                "
			     "                                ";

enum { BY_LAYOUT, BREAK, JOIN };

void ad_json_init(ad_json *w, ad_buf *out)
{
	w->out = out;
	w->sink = NULL;
	w->sink_ctx = NULL;
	w->depth = 0;
	w->next = BY_LAYOUT;
}

void ad_json_stream(ad_json *w, ad_buf_sink sink, void *ctx)
{
	w->sink = sink;
	w->sink_ctx = ctx;
}

void ad_json_flush(ad_json *w)
{
	if (!w->sink || !w->out->len)
		return;
	w->sink(w->sink_ctx, w->out->ptr, w->out->len);
	ad_buf_clear(w->out);
}

static ad_json_frame *top(ad_json *w)
{
	assert(w->depth > 0);
	return &w->frame[w->depth - 1];
}

/* Begin an item of the innermost container. */
static void place(ad_json *w)
{
	ad_json_frame *f = top(w);
	int line = w->next == BY_LAYOUT ? f->layout.lines : w->next == BREAK;

	w->next = BY_LAYOUT;
	if (line) {
		assert(f->layout.indent >= 0 &&
		       (size_t)f->layout.indent < sizeof(breaks) - 2);
		ad_buf_put(w->out, breaks + !f->items,
			   (size_t)f->layout.indent + 1 + f->items);
	} else if (f->items) {
		ad_buf_put(w->out, ", ", 2 - (size_t)f->layout.dense);
	}
	f->items = 1;
}

/* Begin a value: after its key in an object, as an item in an array. */
static void value(ad_json *w)
{
	ad_json_frame *f = top(w);

	if (f->kind == AD_JSON_OBJECT) {
		assert(f->keyed); /* a value in an object needs its key */
		f->keyed = 0;
		return;
	}
	place(w);
}

static void push(ad_json *w, ad_json_kind kind, ad_json_layout l, int items)
{
	ad_json_frame *f;

	assert(w->depth < AD_JSON_DEPTH);
	f = &w->frame[w->depth++];
	f->layout = l;
	f->kind = (unsigned char)kind;
	f->items = items != 0;
	f->keyed = 0;
}

static void open_container(ad_json *w, ad_json_kind kind, ad_json_layout l)
{
	if (w->depth)
		value(w);
	ad_buf_putc(w->out, kind == AD_JSON_OBJECT ? '{' : '[');
	push(w, kind, l, 0);
}

void ad_json_object(ad_json *w, ad_json_layout l)
{
	open_container(w, AD_JSON_OBJECT, l);
}

void ad_json_array(ad_json *w, ad_json_layout l)
{
	open_container(w, AD_JSON_ARRAY, l);
}

void ad_json_resume(ad_json *w, ad_json_kind kind, ad_json_layout l,
		    int has_items)
{
	push(w, kind, l, has_items);
}

void ad_json_append(void *ctx, const char *data, size_t len)
{
	ad_json *w = ctx;

	if (w->sink && w->out->len + len >= AD_JSON_CHUNK) {
		ad_json_flush(w);
		w->sink(w->sink_ctx, data, len);
		return;
	}
	ad_buf_put(w->out, data, len);
}

void ad_json_took_items(ad_json *w)
{
	top(w)->items = 1;
}

void ad_json_end(ad_json *w)
{
	ad_json_frame *f = top(w);
	ad_json_layout l = f->layout;

	assert(!f->keyed); /* a key without its value */
	if (l.close != AD_JSON_TIGHT && (f->items || !l.bare)) {
		assert((size_t)l.close < sizeof(breaks) - 2);
		ad_buf_put(w->out, breaks + 1, (size_t)l.close + 1);
	}
	ad_buf_putc(w->out, f->kind == AD_JSON_OBJECT ? '}' : ']');
	w->next = BY_LAYOUT;
	if (--w->depth == 0) {
		ad_buf_putc(w->out, '\n');
		ad_json_flush(w);
	} else if (w->out->len >= AD_JSON_CHUNK) {
		ad_json_flush(w);
	}
}

void ad_json_break(ad_json *w)
{
	assert(!top(w)->layout.lines);
	w->next = BREAK;
}

void ad_json_join(ad_json *w)
{
	assert(top(w)->layout.lines);
	w->next = JOIN;
}

#ifndef NDEBUG
static int plain_key(const char *k)
{
	for (; *k; k++)
		if (*k < 0x20 || *k > 0x7E || *k == '"' || *k == '\\')
			return 0;
	return 1;
}
#endif

void ad_json_key(ad_json *w, const char *key)
{
	ad_json_frame *f = top(w);
	size_t n = strlen(key);
	char *p;

	assert(f->kind == AD_JSON_OBJECT); /* no keys in an array */
	assert(!f->keyed);                 /* a key, then its value */
	assert(plain_key(key));
	place(w);
	f->keyed = 1;
	/* "key": and a space (not dense), n + 4 bytes, then the NUL that
	 * reserve allows */
	ad_buf_reserve(w->out, n + 4);
	p = w->out->ptr + w->out->len;
	p[0] = '"';
	memcpy(p + 1, key, n);
	memcpy(p + 1 + n, "\": ", 4);
	w->out->len += n + 4 - (size_t)f->layout.dense;
	w->out->ptr[w->out->len] = '\0';
}

void ad_json_string(ad_json *w, const char *s)
{
	value(w);
	ad_escape_json(w->out, s);
}

void ad_json_int(ad_json *w, long long v)
{
	value(w);
	ad_buf_put_int(w->out, v);
}

void ad_json_uint(ad_json *w, unsigned long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);

	value(w);
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ad_buf_put(w->out, p, (size_t)(tmp + sizeof(tmp) - p));
}

void ad_json_score(ad_json *w, double v)
{
	value(w);
	ad_buf_put_score(w->out, v);
}

void ad_json_fixed(ad_json *w, double v, int decimals)
{
	value(w);
	ad_buf_put_fixed(w->out, v, decimals);
}

void ad_json_bool(ad_json *w, int v)
{
	value(w);
	if (v)
		ad_buf_put(w->out, "true", 4);
	else
		ad_buf_put(w->out, "false", 5);
}

void ad_json_null(ad_json *w)
{
	value(w);
	ad_buf_put(w->out, "null", 4);
}
