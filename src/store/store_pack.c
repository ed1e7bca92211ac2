/*
 * store_pack.c - raw term counts packed into one value (store_pack.h).
 *
 * The value comes from a file, which anything may have written: it is
 * read with every bound checked, and its number of terms is checked
 * against its length (each term takes two bytes at least) before any
 * memory is asked for.
 */
#include "store/store_pack.h"

#include <stdint.h>
#include <stdlib.h>

#include "base/varint.h"

void ad_store_pack_counts(ad_buf *out, const ad_store_count *c, size_t n)
{
	uint8_t v[AD_VARINT_MAX64];
	int64_t prev = 0;
	size_t i;

	ad_buf_reserve(out, (2 * n + 1) * AD_VARINT_MAX64);
	ad_buf_put(out, v, ad_varint_put(v, n));
	for (i = 0; i < n; i++) {
		ad_buf_put(out, v, ad_varint_put(v, (uint64_t)(c[i].term - prev)));
		ad_buf_put(out, v, ad_varint_put(v, (uint64_t)c[i].n));
		prev = c[i].term;
	}
}

static int malformed(ad_error *err)
{
	return ad_error_set(err, AD_EPARSE, "store: a content's term counts "
			    "are damaged");
}

int ad_store_unpack_counts(ad_store_count **out, size_t *n, const void *data,
			   size_t len, ad_error *err)
{
	const uint8_t *p = data, *end = p + len;
	ad_store_count *c;
	uint64_t count, gap, k;
	int64_t term = 0;

	*out = NULL;
	*n = 0;
	if (ad_varint_read(&p, end, &count) < 0 ||
	    count > (uint64_t)(end - p) / 2)
		return malformed(err);
	if (count == 0)
		return p == end ? 0 : malformed(err);
	c = ad_xmalloc(count * sizeof(*c));
	for (k = 0; k < count; k++) {
		uint64_t v;

		if (ad_varint_read(&p, end, &gap) < 0 || gap == 0 ||
		    gap > (uint64_t)(INT64_MAX - term) ||
		    ad_varint_read(&p, end, &v) < 0 || v > INT64_MAX)
			break;
		term += (int64_t)gap;
		c[k].term = term;
		c[k].n = (int64_t)v;
	}
	if (k < count || p != end) {
		free(c);
		return malformed(err);
	}
	*out = c;
	*n = (size_t)count;
	return 0;
}

/* One content's rows packed and written: q_add binds ?1 blob, ?2 value. */
static int put(ad_db_stmt *q_add, int64_t blob, const ad_store_count *c,
	       size_t n, ad_buf *value, ad_error *err)
{
	ad_buf_clear(value);
	ad_store_pack_counts(value, c, n);
	ad_db_bind_int64(q_add, 1, blob);
	ad_db_bind_blob(q_add, 2, value->ptr, value->len);
	return ad_db_run(q_add, err);
}

int ad_store_pack_count_rows(ad_db *db, ad_error *err)
{
	ad_db_stmt *rows = NULL, *add = NULL;
	ad_store_count *c = NULL;
	ad_buf value = AD_BUF_INIT;
	size_t n = 0, cap = 0;
	int64_t blob = 0;
	int rc;

	if ((rc = ad_db_prepare(&rows, db, "SELECT blob_id, term_id, n FROM "
				"count ORDER BY blob_id, term_id", err)) < 0 ||
	    (rc = ad_db_prepare(&add, db, "INSERT INTO counts(blob_id, packed)"
				" VALUES(?1, ?2)", err)) < 0)
		goto done;
	while ((rc = ad_db_step(rows, err)) == AD_DB_ROW) {
		int64_t b = ad_db_column_int64(rows, 0);

		if (n && b != blob && (rc = put(add, blob, c, n, &value, err)) < 0)
			goto done;
		if (b != blob)
			n = 0;
		blob = b;
		ad_grow(&c, &cap, n + 1, sizeof(*c));
		c[n].term = ad_db_column_int64(rows, 1);
		c[n++].n = ad_db_column_int64(rows, 2);
	}
	if (rc >= 0 && n)
		rc = put(add, blob, c, n, &value, err);
	if (rc >= 0)
		rc = ad_db_exec(db, "DROP TABLE count", err);
done:
	ad_db_finalize(rows);
	ad_db_finalize(add);
	ad_buf_dispose(&value);
	free(c);
	return rc < 0 ? rc : 0;
}
