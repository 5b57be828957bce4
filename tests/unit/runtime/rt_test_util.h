/* Shared helpers for the runtime tests. */
#ifndef GEFLOW_TESTS_RT_TEST_UTIL_H
#define GEFLOW_TESTS_RT_TEST_UTIL_H

#include "acl/acl.h"
#include "runtime/runtime.h"
#include "test.h"

#include <pthread.h>
#include <stdbool.h>

/* A gate: a task that blocks its stream until gate_open (no timing involved). */
typedef struct gate {
    pthread_mutex_t lock;
    pthread_cond_t cv;
    bool open;
    bool reached;
} gate;

static inline void gate_init(gate *g)
{
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->open = false;
    g->reached = false;
}

static inline aclError gate_task(void *ctx)
{
    gate *g = ctx;
    pthread_mutex_lock(&g->lock);
    g->reached = true;
    pthread_cond_broadcast(&g->cv);
    while (!g->open)
        pthread_cond_wait(&g->cv, &g->lock);
    pthread_mutex_unlock(&g->lock);
    return ACL_SUCCESS;
}

static inline void gate_open(gate *g)
{
    pthread_mutex_lock(&g->lock);
    g->open = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->lock);
}

static inline void gate_wait_reached(gate *g)
{
    pthread_mutex_lock(&g->lock);
    while (!g->reached)
        pthread_cond_wait(&g->cv, &g->lock);
    pthread_mutex_unlock(&g->lock);
}

static inline void gate_destroy(gate *g)
{
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->cv);
}

/* Checks code and that the error text names `part`. */
#define CHECK_ERR(call, code, part)                                                    \
    do {                                                                               \
        aclError check_e_ = (call);                                                    \
        CHECK_EQ(check_e_, (code));                                                    \
        CHECK_CONTAINS(aclGetRecentErrMsg(), (part));                                  \
    } while (0)

static inline void rt_setup(void)
{
    CHECK_EQ(aclInit(NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS);
}

static inline void rt_teardown(void)
{
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

#endif
