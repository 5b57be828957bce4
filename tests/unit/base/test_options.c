#include "base/alloc.h"
#include "base/error.h"
#include "base/options.h"
#include "test.h"

static void test_set_get_replace(void)
{
    ge_options *o = NULL;
    CHECK_EQ(ge_options_create(&o), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_options_set(o, "ge.exec.deviceId", "0"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_options_set(o, "ge.graphRunMode", "1"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_options_set(o, "ge.exec.deviceId", "1"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_options_count(o), 2);
    CHECK(strcmp(ge_options_get(o, "ge.exec.deviceId"), "1") == 0);
    CHECK(ge_options_get(o, "missing") == NULL);
    CHECK(strcmp(ge_options_key_at(o, 1), "ge.graphRunMode") == 0);
    CHECK(ge_options_key_at(o, 2) == NULL);
    ge_options *c = NULL;
    CHECK_EQ(ge_options_clone(o, &c), GE_STATUS_SUCCESS);
    const ge_options *layers[] = {NULL, c, o};
    CHECK(strcmp(ge_options_lookup(layers, 3, "ge.graphRunMode"), "1") == 0);
    ge_options_destroy(c);
    ge_options_destroy(o);
    ge_options_destroy(NULL);
}

static void test_misuse(void)
{
    ge_options *o = NULL;
    CHECK_EQ(ge_options_create(NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "out_options is NULL");
    CHECK_EQ(ge_options_create(&o), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_options_set(o, "", "x"), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "empty option key");
    CHECK_EQ(ge_options_set(o, "k", NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "value is NULL");
    ge_alloc_fail_after(0);
    CHECK_EQ(ge_options_set(o, "k", "v"), GE_STATUS_MEMALLOC_FAILED);
    ge_alloc_fail_after(-1);
    CHECK_CONTAINS(ge_get_error_message(), "out of memory");
    CHECK_EQ(ge_options_count(o), 0);
    ge_options_destroy(o);
}

static void test_parsers(void)
{
    int64_t v;
    CHECK(ge_option_parse_int("ge.exec.deviceId", "-1", &v) && v == -1);
    CHECK(!ge_option_parse_int("ge.exec.deviceId", "1x", &v));
    CHECK_CONTAINS(ge_error_take(), "ge.exec.deviceId: expected an integer, found \"1x\"");
    uint32_t idx[8];
    size_t n;
    CHECK(ge_option_parse_index_list("ge.exec.hostInputIndexes", "2;0;2", idx, 8, &n));
    CHECK_EQ(n, 2);
    CHECK_EQ(idx[0], 0);
    CHECK_EQ(idx[1], 2);
    CHECK(ge_option_parse_index_list("ge.exec.hostInputIndexes", "", idx, 8, &n) && n == 0);
    CHECK(!ge_option_parse_index_list("ge.exec.hostInputIndexes", "0;a", idx, 8, &n));
    CHECK_CONTAINS(ge_error_take(), "found \"0;a\"");
    CHECK(ge_option_is_known("ge.exec.precision_mode_v2"));
    CHECK(!ge_option_is_known("ge.made.up"));
}

int main(void)
{
    RUN_TEST(test_set_get_replace);
    RUN_TEST(test_misuse);
    RUN_TEST(test_parsers);
    return test_result();
}
