/* Unit tests of the embedding of files (cmake/embed.cmake, base/embed.h):
 * what is compiled in is every byte of the file, then a closing 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "base/embed.h"

/* All 256 byte values, a semicolon after a backslash, a backslash at the
 * end of a line, "??=", a carriage return, UTF-8, no final newline. */
static const unsigned char every_byte_bytes[] = {
#include "embed_every_byte.inc"
};

static const unsigned char core_js_bytes[] = {
#include "app_core_js.inc"
};

static const unsigned char base_css_bytes[] = {
#include "app_base_css.inc"
};

static const unsigned char compare_css_bytes[] = {
#include "app_compare_css.inc"
};

static const unsigned char drift_css_bytes[] = {
#include "drift_css.inc"
};

/* The file at PATH under the source tree, read whole. */
static char *slurp(const char *path, size_t *len)
{
	char full[1024];
	FILE *f;
	char *s;
	long n;

	snprintf(full, sizeof(full), "%s/%s", AD_SOURCE_DIR, path);
	f = fopen(full, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return s;
}

static void same_as_file(ad_embedded e, const char *path)
{
	size_t len;
	char *want = slurp(path, &len);

	assert_int_equal(e.len, len);
	assert_memory_equal(e.ptr, want, len);
	assert_int_equal(e.ptr[e.len], 0);
	free(want);
}

static void test_embed__keeps_every_byte(void **state)
{
	const ad_embedded e = AD_EMBEDDED(every_byte_bytes);

	(void)state;
	same_as_file(e, "tests/fixtures/embed/every_byte.bin");
}

static void test_embed__report_assets_are_their_files(void **state)
{
	const ad_embedded js = AD_EMBEDDED(core_js_bytes);
	const ad_embedded css = AD_EMBEDDED(base_css_bytes);
	const ad_embedded css2 = AD_EMBEDDED(compare_css_bytes);
	const ad_embedded drift = AD_EMBEDDED(drift_css_bytes);

	(void)state;
	same_as_file(js, "src/report/assets/app/core.js");
	same_as_file(css, "src/report/assets/app/base.css");
	same_as_file(css2, "src/report/assets/app/compare.css");
	same_as_file(drift, "src/report/assets/drift.css");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embed__keeps_every_byte),
		cmocka_unit_test(test_embed__report_assets_are_their_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
