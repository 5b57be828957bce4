/* What every run entry point shares: input and output checks, plan lookup, and giving
 * unprovided outputs memory (external allocator, built-in device memory, or host memory). */
#include "session/session_internal.h"

#include "base/alloc.h"
#include "base/error.h"
#include "runtime/runtime.h"

#include <string.h>

ge_status sess_check_inputs(ge_session *s, sess_graph *g, size_t n_inputs, const ge_tensor *const *inputs,
                            bool device_run, int32_t device, ir_shape *shapes)
{
    (void)s;
    const ir_graph *ig = g->graph;
    if (n_inputs != ig->n_inputs) {
        ge_error_set("inputs: expected %zu, found %zu", ig->n_inputs, n_inputs);
        return GE_STATUS_PARAM_INVALID;
    }
    if (n_inputs && !inputs) {
        ge_error_set("inputs: the array is NULL but %zu inputs are expected", n_inputs);
        return GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < n_inputs; i++) {
        const ge_tensor *t = inputs[i];
        const ir_value *v = ig->inputs[i];
        char a[128], b[128];
        if (!t) {
            ge_error_set("input %zu ('%s'): the tensor is NULL", i, v->name);
            return GE_STATUS_PARAM_INVALID;
        }
        if (t->dtype != v->dtype) {
            ge_error_set("input %zu ('%s'): dtype mismatch: the graph expects %s, found %s", i, v->name,
                         ge_dtype_name(v->dtype), ge_dtype_name(t->dtype));
            return GE_STATUS_PARAM_INVALID;
        }
        bool shape_ok = ir_shape_is_static(&t->shape);
        if (shape_ok && v->shape.rank >= 0) {
            shape_ok = v->shape.rank == t->shape.rank;
            for (int32_t d = 0; shape_ok && d < v->shape.rank; d++)
                shape_ok = v->shape.dims[d] < 0 || v->shape.dims[d] == t->shape.dims[d];
        }
        if (!shape_ok) {
            ge_error_set("input %zu ('%s'): shape mismatch: the graph expects %s, found %s", i, v->name,
                         ir_shape_format(&v->shape, a, sizeof a), ir_shape_format(&t->shape, b, sizeof b));
            return GE_STATUS_PARAM_INVALID;
        }
        size_t bytes = 0;
        ir_tensor_byte_size(t->dtype, &t->shape, &bytes);
        if (bytes > t->capacity || (bytes && !t->data)) {
            ge_error_set("input %zu ('%s'): %s %s needs %zu bytes, the tensor holds %zu", i, v->name,
                         ge_dtype_name(t->dtype), ir_shape_format(&t->shape, a, sizeof a), bytes,
                         t->data ? t->capacity : 0);
            return GE_STATUS_PARAM_INVALID;
        }
        if (device_run && bytes && !g->host_inputs[i]) {
            int32_t dev = -1;
            void *base = NULL;
            size_t size = 0;
            enum rt_mem_kind kind = rt_memory_lookup(t->data, &dev, &base, &size);
            if (kind != RT_MEM_DEVICE) {
                ge_error_set("input %zu ('%s'): expected device memory (aclrtMalloc) of device %d, found %s "
                             "memory at %p (host inputs need ge.exec.hostInputIndexes)",
                             i, v->name, device, kind == RT_MEM_PINNED ? "pinned host" : "host", t->data);
                return GE_STATUS_PARAM_INVALID;
            }
            if (dev != device) {
                ge_error_set("input %zu ('%s'): the memory is on device %d, the stream on device %d", i, v->name,
                             dev, device);
                return GE_STATUS_PARAM_INVALID;
            }
            if ((char *)t->data + bytes > (char *)base + size) {
                ge_error_set("input %zu ('%s'): %zu bytes at %p run past the end of its device block (%zu bytes "
                             "at %p)",
                             i, v->name, bytes, t->data, size, base);
                return GE_STATUS_PARAM_INVALID;
            }
        }
        shapes[i] = t->shape;
    }
    return GE_STATUS_SUCCESS;
}

ge_status sess_plan_for(sess_graph *g, const ir_shape *shapes, const exec_plan **out)
{
    pthread_mutex_lock(&g->lock);
    ge_status st = GE_STATUS_SUCCESS;
    const exec_plan *found = g->static_plan;
    for (size_t i = 0; !found && i < g->n_plans; i++)
        if (exec_plan_matches(g->plans[i], g->graph->n_inputs, shapes))
            found = g->plans[i];
    if (!found) {
        exec_plan **grown = ge_realloc(g->plans, (g->n_plans + 1) * sizeof *grown);
        exec_plan *p = NULL;
        if (!grown) {
            ge_error_set("out of memory caching a plan");
            st = GE_STATUS_MEMALLOC_FAILED;
        } else {
            g->plans = grown;
            st = exec_plan_build(g->graph, shapes, &p);
        }
        if (st == GE_STATUS_SUCCESS) {
            g->plans[g->n_plans++] = p;
            found = p;
        }
    }
    pthread_mutex_unlock(&g->lock);
    *out = found;
    return st;
}

ge_status sess_prepare_run(ge_session *s, sess_graph *g, size_t n_inputs, const ge_tensor *const *inputs,
                           size_t n_outputs, ge_tensor **outputs, bool device_run, const exec_plan **out_plan)
{
    ge_status st = sess_graph_compile(s, g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_shape *shapes = ge_calloc(g->graph->n_inputs + 1, sizeof *shapes);
    if (!shapes) {
        ge_error_set("out of memory");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    st = sess_check_inputs(s, g, n_inputs, inputs, device_run, s->device, shapes);
    if (st == GE_STATUS_SUCCESS)
        st = sess_plan_for(g, shapes, out_plan);
    ge_free(shapes);
    if (st == GE_STATUS_SUCCESS)
        st = sess_check_outputs(g, *out_plan, n_outputs, outputs, device_run, s->device);
    return st;
}

ge_status sess_check_outputs(sess_graph *g, const exec_plan *p, size_t n_outputs, ge_tensor **outputs,
                             bool device_run, int32_t device)
{
    const ir_graph *ig = g->graph;
    if (n_outputs != ig->n_outputs) {
        ge_error_set("outputs: expected %zu slots, found %zu", ig->n_outputs, n_outputs);
        return GE_STATUS_PARAM_INVALID;
    }
    if (n_outputs && !outputs) {
        ge_error_set("outputs: the array is NULL but %zu outputs are expected", n_outputs);
        return GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < n_outputs; i++) {
        ge_tensor *t = outputs[i];
        if (!t || !t->data)
            continue;
        const exec_slot *sl = &p->slots[p->output_slots[i]];
        const char *name = ig->outputs[i]->name;
        if (sl->dtype != GE_DTYPE_UNDEFINED && t->dtype != sl->dtype) {
            ge_error_set("output %zu ('%s'): dtype mismatch: the graph produces %s, the tensor is %s", i, name,
                         ge_dtype_name(sl->dtype), ge_dtype_name(t->dtype));
            return GE_STATUS_PARAM_INVALID;
        }
        if (p->is_static && t->capacity < sl->bytes) {
            char sb[128];
            ge_error_set("output %zu ('%s'): the buffer holds %zu bytes, the output (%s %s) needs %zu", i, name,
                         t->capacity, ge_dtype_name(sl->dtype), ir_shape_format(&sl->shape, sb, sizeof sb),
                         sl->bytes);
            return GE_STATUS_PARAM_INVALID;
        }
        if (device_run) {
            int32_t dev = -1;
            void *base = NULL;
            size_t size = 0;
            enum rt_mem_kind kind = rt_memory_lookup(t->data, &dev, &base, &size);
            if (kind != RT_MEM_DEVICE || dev != device) {
                ge_error_set("output %zu ('%s'): expected device memory (aclrtMalloc) of device %d, found %s "
                             "memory at %p",
                             i, name, device,
                             kind == RT_MEM_DEVICE ? "another device's" : kind == RT_MEM_PINNED ? "pinned host"
                                                                                                 : "host",
                             t->data);
                return GE_STATUS_PARAM_INVALID;
            }
            if ((char *)t->data + t->capacity > (char *)base + size) {
                ge_error_set("output %zu ('%s'): the tensor claims %zu bytes at %p, past the end of its device "
                             "block (%zu bytes at %p)",
                             i, name, t->capacity, t->data, size, base);
                return GE_STATUS_PARAM_INVALID;
            }
        }
    }
    return GE_STATUS_SUCCESS;
}

/* ---- engine-provided output memory ---- */

typedef struct external_block {
    sess_allocator *allocator;
    void *block;
} external_block;

static void release_external(void *data, void *user)
{
    (void)data;
    external_block *eb = user;
    eb->allocator->api.free(eb->allocator->api.user, eb->block);
    sess_allocator_unref(eb->allocator);
    ge_free(eb);
}

static void release_device(void *data, void *user)
{
    (void)user;
    /* Safe after the graph is gone, or even after aclFinalize: the registry refuses
     * pointers it no longer knows. */
    if (rt_device_free(data) != ACL_SUCCESS)
        ge_error_clear();
}

static void release_host(void *data, void *user)
{
    (void)user;
    ge_free(data);
}

/* Memory for one output of `bytes`: sets *data and the release callback + user. */
static ge_status output_memory(size_t index, size_t bytes, sess_allocator *alloc, int32_t device, void **data,
                               ge_tensor_release_fn *release, void **user)
{
    if (alloc) {
        external_block *eb = ge_calloc(1, sizeof *eb);
        if (!eb) {
            ge_error_set("output %zu: out of memory", index);
            return GE_STATUS_MEMALLOC_FAILED;
        }
        /* The vendor's sizing for allocator blocks: round up to 32, plus 32. */
        size_t size = ((bytes + 31) & ~(size_t)31) + 32;
        void *addr = NULL;
        void *block = alloc->api.malloc(alloc->api.user, size, &addr);
        if (!block || !addr) {
            ge_free(eb);
            ge_error_set("output %zu: the external allocator returned NULL for %zu bytes", index, size);
            return GE_STATUS_MEMALLOC_FAILED;
        }
        sess_allocator_ref(alloc);
        eb->allocator = alloc;
        eb->block = block;
        *data = addr;
        *release = release_external;
        *user = eb;
        return GE_STATUS_SUCCESS;
    }
    if (device >= 0) {
        aclError ae = rt_device_malloc(device, bytes ? bytes : 1, data);
        if (ae != ACL_SUCCESS) {
            ge_error_prefix("output %zu (%zu bytes of device memory): ", index, bytes);
            return GE_STATUS_MEMALLOC_FAILED;
        }
        *release = release_device;
        *user = NULL;
        return GE_STATUS_SUCCESS;
    }
    *data = ge_aligned_alloc(64, bytes ? bytes : 1);
    if (!*data) {
        ge_error_set("output %zu: out of memory for %zu bytes", index, bytes);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    *release = release_host;
    *user = NULL;
    return GE_STATUS_SUCCESS;
}

ge_status sess_provide_outputs(sess_graph *g, size_t n_outputs, ge_tensor **outputs, const ge_dtype *dtypes,
                               const ir_shape *shapes, sess_allocator *alloc, int32_t device, bool *created)
{
    (void)g;
    for (size_t i = 0; i < n_outputs; i++) {
        if (outputs[i] && outputs[i]->data)
            continue;
        size_t bytes = 0;
        if (!ir_tensor_byte_size(dtypes[i], &shapes[i], &bytes)) {
            ge_error_set("output %zu: its size is not known", i);
            return GE_STATUS_INTERNAL_ERROR;
        }
        void *data = NULL, *user = NULL;
        ge_tensor_release_fn release = NULL;
        ge_status st = output_memory(i, bytes, alloc, device, &data, &release, &user);
        if (st != GE_STATUS_SUCCESS)
            return st;
        ge_placement where = device >= 0 || alloc ? GE_PLACEMENT_DEVICE : GE_PLACEMENT_HOST;
        const ir_shape *sh = &shapes[i];
        if (!outputs[i]) {
            st = ge_tensor_wrap(dtypes[i], sh->dims, (size_t)sh->rank, data, bytes, where, release, user,
                                &outputs[i]);
            if (st == GE_STATUS_SUCCESS)
                created[i] = true;
        } else {
            outputs[i]->dtype = dtypes[i];
            st = ge_tensor_set_shape(outputs[i], sh->dims, (size_t)sh->rank);
            if (st == GE_STATUS_SUCCESS)
                st = ge_tensor_set_data(outputs[i], data, bytes, where, release, user);
        }
        if (st != GE_STATUS_SUCCESS) {
            release(data, user);
            return st;
        }
    }
    return GE_STATUS_SUCCESS;
}

void sess_undo_outputs(size_t n_outputs, ge_tensor **outputs, const bool *created)
{
    for (size_t i = 0; i < n_outputs; i++)
        if (created[i]) {
            ge_tensor_destroy(outputs[i]);
            outputs[i] = NULL;
        }
}

ge_status sess_deliver_outputs(sess_graph *g, const exec_plan *p, const ir_tensor *results, size_t n_outputs,
                               ge_tensor **outputs, sess_allocator *alloc, int32_t device, bool *created)
{
    (void)p;
    ge_dtype *dtypes = ge_calloc(n_outputs + 1, sizeof *dtypes);
    ir_shape *shapes = ge_calloc(n_outputs + 1, sizeof *shapes);
    ge_status st = GE_STATUS_SUCCESS;
    if (!dtypes || !shapes) {
        ge_error_set("out of memory delivering outputs");
        st = GE_STATUS_MEMALLOC_FAILED;
    }
    for (size_t i = 0; st == GE_STATUS_SUCCESS && i < n_outputs; i++) {
        dtypes[i] = results[i].dtype;
        shapes[i] = results[i].shape;
        ge_tensor *t = outputs[i];
        if (t && t->data) {
            if (t->capacity < results[i].bytes) {
                ge_error_set("output %zu ('%s'): the buffer holds %zu bytes, the result needs %zu", i,
                             g->graph->outputs[i]->name, t->capacity, results[i].bytes);
                st = GE_STATUS_PARAM_INVALID;
            } else if (t->dtype != results[i].dtype) {
                ge_error_set("output %zu ('%s'): dtype mismatch: the graph produced %s, the tensor is %s", i,
                             g->graph->outputs[i]->name, ge_dtype_name(results[i].dtype),
                             ge_dtype_name(t->dtype));
                st = GE_STATUS_PARAM_INVALID;
            } else {
                st = ge_tensor_set_shape(t, results[i].shape.dims, (size_t)results[i].shape.rank);
            }
        }
    }
    if (st == GE_STATUS_SUCCESS)
        st = sess_provide_outputs(g, n_outputs, outputs, dtypes, shapes, alloc, device, created);
    for (size_t i = 0; st == GE_STATUS_SUCCESS && i < n_outputs; i++)
        if (results[i].bytes)
            memcpy(outputs[i]->data, results[i].data, results[i].bytes);
    ge_free(dtypes);
    ge_free(shapes);
    return st;
}
