/* Unit tests of charclass.c: the class of code points of each kind of
 * script, the folding of full-width and half-width forms, and the kana
 * compositions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "index/charclass.h"

static ad_charclass class_of(uint32_t c)
{
	uint32_t folded;

	return ad_charclass_of(c, &folded);
}

static uint32_t folded(uint32_t c)
{
	uint32_t f;

	ad_charclass_of(c, &f);
	return f;
}

static void test_charclass__scripts_with_spaces_are_words(void **state)
{
	(void)state;
	assert_int_equal(class_of('q'), AD_CHAR_WORD);
	assert_int_equal(class_of('7'), AD_CHAR_WORD);
	assert_int_equal(class_of(0xe9), AD_CHAR_WORD);   /* é */
	assert_int_equal(class_of(0x436), AD_CHAR_WORD);  /* ж */
	assert_int_equal(class_of(0xd55c), AD_CHAR_WORD); /* 한 */
	assert_int_equal(class_of(0x3131), AD_CHAR_WORD); /* ㄱ, jamo */
	assert_int_equal(class_of(0x0e51), AD_CHAR_WORD); /* Thai digit */
	assert_int_equal(folded('Q'), 'q');
	assert_int_equal(folded(0xc9), 0xe9);  /* É */
	assert_int_equal(folded(0x416), 0x436); /* Ж */
}

static void test_charclass__scripts_without_spaces(void **state)
{
	(void)state;
	assert_int_equal(class_of(0x4f9b), AD_CHAR_CJK);  /* 供 */
	assert_int_equal(class_of(0x3400), AD_CHAR_CJK);  /* extension A */
	assert_int_equal(class_of(0x20bb7), AD_CHAR_CJK); /* 𠮷, B */
	assert_int_equal(class_of(0xf900), AD_CHAR_CJK);  /* compatibility */
	assert_int_equal(class_of(0x3005), AD_CHAR_CJK);  /* 々 */
	assert_int_equal(class_of(0x306e), AD_CHAR_CJK);  /* の */
	assert_int_equal(class_of(0x30ab), AD_CHAR_CJK);  /* カ */
	assert_int_equal(class_of(0x30fc), AD_CHAR_CJK);  /* ー */
	assert_int_equal(class_of(0x0e2a), AD_CHAR_THAI); /* ส */
	assert_int_equal(class_of(0x0e31), AD_CHAR_MARK); /* mai han-akat */
	assert_int_equal(class_of(0x0e48), AD_CHAR_MARK); /* mai ek */
	assert_int_equal(class_of(0x3099), AD_CHAR_MARK);
}

static void test_charclass__separators(void **state)
{
	(void)state;
	assert_int_equal(class_of(' '), AD_CHAR_SEP);
	assert_int_equal(class_of(0x3000), AD_CHAR_SEP);  /* ideographic space */
	assert_int_equal(class_of(0x3001), AD_CHAR_SEP);  /* 、 */
	assert_int_equal(class_of(0x3002), AD_CHAR_SEP);  /* 。 */
	assert_int_equal(class_of(0x300a), AD_CHAR_SEP);  /* 《 */
	assert_int_equal(class_of(0x30fb), AD_CHAR_SEP);  /* ・ */
	assert_int_equal(class_of(0xff0c), AD_CHAR_SEP);  /* ， */
	assert_int_equal(class_of(0xff1a), AD_CHAR_SEP);  /* ： */
	assert_int_equal(class_of(0xff3f), AD_CHAR_SEP);  /* ＿ */
	assert_int_equal(class_of(0xff5e), AD_CHAR_SEP);  /* ～ */
	assert_int_equal(class_of(0xff61), AD_CHAR_SEP);  /* ｡ */
	assert_int_equal(class_of(0x2014), AD_CHAR_SEP);  /* — */
	assert_int_equal(class_of(0x2e3a), AD_CHAR_SEP);  /* ⸺ */
	assert_int_equal(class_of(0x0e3f), AD_CHAR_SEP);  /* ฿ */
	assert_int_equal(class_of(0x1f680), AD_CHAR_SEP); /* rocket */
	assert_int_equal(class_of(0xfffd), AD_CHAR_SEP);
	assert_int_equal(class_of(0xfe0f), AD_CHAR_IGNORE);
	assert_int_equal(class_of(0xe0100), AD_CHAR_IGNORE);
}

static void test_charclass__width_forms_fold(void **state)
{
	(void)state;
	assert_int_equal(class_of(0xff21), AD_CHAR_WORD); /* Ａ */
	assert_int_equal(folded(0xff21), 'a');
	assert_int_equal(folded(0xff5a), 'z');            /* ｚ */
	assert_int_equal(folded(0xff10), '0');            /* ０ */
	assert_int_equal(class_of(0xff76), AD_CHAR_CJK);  /* ｶ */
	assert_int_equal(folded(0xff76), 0x30ab);         /* カ */
	assert_int_equal(folded(0xff66), 0x30f2);         /* ｦ ヲ */
	assert_int_equal(folded(0xff70), 0x30fc);         /* ｰ ー */
	assert_int_equal(folded(0xff9d), 0x30f3);         /* ﾝ ン */
	assert_int_equal(class_of(0xff9e), AD_CHAR_MARK); /* ﾞ */
	assert_int_equal(folded(0xff9e), 0x3099);
	assert_int_equal(folded(0xff9f), 0x309a);
	assert_int_equal(class_of(0xffa1), AD_CHAR_WORD); /* half-width ᄀ */
}

static void test_charclass__kana_compose(void **state)
{
	(void)state;
	assert_int_equal(ad_charclass_compose(0x304b, 0x3099), 0x304c); /* が */
	assert_int_equal(ad_charclass_compose(0x3064, 0x3099), 0x3065); /* づ */
	assert_int_equal(ad_charclass_compose(0x30cf, 0x3099), 0x30d0); /* バ */
	assert_int_equal(ad_charclass_compose(0x30cf, 0x309a), 0x30d1); /* パ */
	assert_int_equal(ad_charclass_compose(0x30db, 0x309a), 0x30dd); /* ポ */
	assert_int_equal(ad_charclass_compose(0x30a6, 0x3099), 0x30f4); /* ヴ */
	assert_int_equal(ad_charclass_compose(0x30ef, 0x3099), 0x30f7); /* ヷ */
	assert_int_equal(ad_charclass_compose(0x30fd, 0x3099), 0x30fe); /* ヾ */
	/* no composition: small tsu, na, ka with the semi-voiced mark, and
	 * a voiced kana voiced again */
	assert_int_equal(ad_charclass_compose(0x3063, 0x3099), 0);
	assert_int_equal(ad_charclass_compose(0x306a, 0x3099), 0);
	assert_int_equal(ad_charclass_compose(0x304b, 0x309a), 0);
	assert_int_equal(ad_charclass_compose(0x304c, 0x3099), 0);
	assert_int_equal(ad_charclass_compose('a', 0x3099), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charclass__scripts_with_spaces_are_words),
		cmocka_unit_test(test_charclass__scripts_without_spaces),
		cmocka_unit_test(test_charclass__separators),
		cmocka_unit_test(test_charclass__width_forms_fold),
		cmocka_unit_test(test_charclass__kana_compose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
