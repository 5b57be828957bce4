#include "compiler/mem_plan.h"
#include "base/error.h"
#include "test.h"

#include <stdlib.h>

/* No two buffers alive at the same step may share a byte; offsets aligned; inside arena. */
static int plan_is_valid(const mem_plan_buffer *b, size_t n, size_t arena)
{
    for (size_t i = 0; i < n; i++) {
        if (b[i].offset % MEM_PLAN_ALIGNMENT || b[i].offset + b[i].size > arena)
            return 0;
        for (size_t j = i + 1; j < n; j++) {
            int live = b[i].first_step <= b[j].last_step && b[j].first_step <= b[i].last_step;
            int disjoint = b[i].offset + b[i].size <= b[j].offset || b[j].offset + b[j].size <= b[i].offset;
            if (live && b[i].size && b[j].size && !disjoint)
                return 0;
        }
    }
    return 1;
}

static void test_chain_reuses_memory(void)
{
    /* a -> b -> c -> d: each lives two steps; only two need to coexist. */
    mem_plan_buffer b[4] = {{1000, 0, 1, 0}, {1000, 1, 2, 0}, {1000, 2, 3, 0}, {1000, 3, 4, 0}};
    size_t arena;
    CHECK_EQ(mem_plan_assign(b, 4, &arena), GE_STATUS_SUCCESS);
    CHECK(plan_is_valid(b, 4, arena));
    CHECK_EQ(arena, 2 * 1024);
}

static void test_disjoint_share_offset_zero(void)
{
    mem_plan_buffer b[2] = {{4096, 0, 0, 0}, {100, 1, 1, 0}};
    size_t arena;
    CHECK_EQ(mem_plan_assign(b, 2, &arena), GE_STATUS_SUCCESS);
    CHECK_EQ(b[0].offset, 0);
    CHECK_EQ(b[1].offset, 0);
    CHECK_EQ(arena, 4096);
}

static void test_random_plans_valid(void)
{
    srand(7);
    for (int round = 0; round < 200; round++) {
        mem_plan_buffer b[40];
        size_t n = 1 + (size_t)(rand() % 40), total = 0;
        for (size_t i = 0; i < n; i++) {
            b[i].size = (size_t)(rand() % 5000);
            b[i].first_step = rand() % 30;
            b[i].last_step = b[i].first_step + rand() % 6;
            total += (b[i].size + 63) / 64 * 64;
        }
        size_t arena;
        CHECK_EQ(mem_plan_assign(b, n, &arena), GE_STATUS_SUCCESS);
        CHECK(plan_is_valid(b, n, arena));
        CHECK(arena <= total);
    }
}

static void test_bad_lifetime_rejected(void)
{
    mem_plan_buffer b[1] = {{10, 5, 2, 0}};
    size_t arena;
    CHECK_EQ(mem_plan_assign(b, 1, &arena), GE_STATUS_INTERNAL_ERROR);
    CHECK_CONTAINS(ge_error_take(), "buffer 0 ends");
}

int main(void)
{
    RUN_TEST(test_chain_reuses_memory);
    RUN_TEST(test_disjoint_share_offset_zero);
    RUN_TEST(test_random_plans_valid);
    RUN_TEST(test_bad_lifetime_rejected);
    return test_result();
}
