/* What the geflow subcommands and the conformance runner share: the engine (ACL device,
 * GE session, one stream), models imported and added to the session, runs through
 * ge_session_run_graph_with_stream_async with device memory, tensor files (.npy, .pb),
 * deterministic random inputs, comparisons and printing. Public C API only. */
#ifndef GEFLOW_TOOLS_GF_H
#define GEFLOW_TOOLS_GF_H

#include <acl/acl.h>
#include <geflow/geflow.h>
#include <geflow/ge_onnx.h>
#include <geflow/ge_onnx_tensor.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GF_ERR 1024

typedef struct gf_engine {
    ge_session *session;
    aclrtStream stream;
    uint32_t next_graph_id;
    bool acl_up, ge_up, device_set;
} gf_engine;

/* aclInit, aclrtSetDevice(0), ge_initialize, a session and a stream. */
int gf_engine_start(gf_engine *e, char *err, size_t en);
void gf_engine_stop(gf_engine *e);

typedef struct gf_model {
    ge_graph *graph; /* the imported graph (validated) */
    uint32_t graph_id;
    size_t n_inputs, n_outputs;
    bool added;
} gf_model;

/* Imports `path` (options may be NULL) and validates it; then, when e is not NULL, adds it to
 * e's session. The message of a failure is the engine's. */
int gf_model_load(gf_engine *e, const char *path, const ge_options *options, gf_model *out, char *err,
                  size_t en);
ge_status gf_model_last_status(void);
/* Where the last failed gf_model_load stopped: "import", "validate" or "add graph". */
const char *gf_model_last_stage(void);
void gf_model_unload(gf_engine *e, gf_model *m);

/* Device copies of host inputs (aclrtMalloc + aclrtMemcpy H2D); 0-element tensors get no data
 * (their shape is set, which counts as provided). */
int gf_inputs_to_device(size_t n, ge_tensor *const *host, ge_tensor **out_dev, char *err, size_t en);
void gf_tensors_destroy(size_t n, ge_tensor **t); /* destroys and NULLs; device data aclrtFree'd
                                                     for tensors made by gf_inputs_to_device */
/* One run: enqueue on the stream with engine-allocated outputs, synchronize. out_dev[i] get
 * the device outputs (destroy with gf_tensors_destroy). */
int gf_run_device(gf_engine *e, gf_model *m, ge_tensor *const *dev_in, ge_tensor **out_dev, char *err,
                  size_t en);
/* Device outputs to new host tensors (aclrtMemcpy D2H). */
int gf_outputs_to_host(size_t n, ge_tensor *const *dev, ge_tensor **out_host, char *err, size_t en);
/* The whole path: inputs to device, run, outputs to host. */
int gf_run_host(gf_engine *e, gf_model *m, ge_tensor *const *host_in, ge_tensor **out_host, char *err,
                size_t en);

/* Tensor files: .npy (by extension) or a serialized TensorProto (.pb and anything else).
 * out_name (may be NULL) gets the TensorProto's name ("" for .npy). */
int gf_tensor_load(const char *path, ge_tensor **out, char *out_name, size_t name_size, char *err, size_t en);

/* A host tensor of dtype x dims with deterministic pseudo-random contents from `seed`:
 * floats uniform in [-1, 1), signed ints in [-5, 5], unsigned in [0, 9], bools 50/50. */
int gf_tensor_random(ge_dtype dtype, const int64_t *dims, size_t rank, uint64_t seed, ge_tensor **out,
                     char *err, size_t en);

/* Element i as a double (bools 0/1). */
double gf_tensor_get(const ge_tensor *t, size_t i);

typedef struct gf_compare {
    bool ok;
    double max_abs, max_rel; /* over all elements (floats) */
    char reason[512];        /* when !ok: dtype/shape mismatch or the first element out of tolerance */
} gf_compare;

/* Floats: |a - e| <= atol + rtol * |e| (NaN matches NaN, infinities must be equal);
 * integers and bools exact. */
void gf_tensor_compare(const ge_tensor *expected, const ge_tensor *actual, double rtol, double atol,
                       gf_compare *out);

/* "float32[1,3,32,32]" */
void gf_format_type(ge_dtype dtype, const int64_t *dims, int32_t rank, char *buf, size_t size);
/* Up to `count` values "[0.1, 0.2, ...]". */
void gf_format_values(const ge_tensor *t, size_t count, char *buf, size_t size);

/* vsnprintf into err (messages may be truncated). */
void gf_errf(char *err, size_t en, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Monotonic milliseconds. */
double gf_now_ms(void);

#endif

/* ---- ONNX-style test directories: model.onnx + test_data_set_N/ with input_K.pb, output_K.pb ---- */
typedef struct gf_case_result {
    bool passed;
    const char *stage;       /* where it failed: "import", "validate", "add graph", "inputs", "run", "compare" */
    ge_status status;        /* the engine status of a failed import or run */
    char reason[GF_ERR];
    double max_abs, max_rel; /* worst over every output of every data set */
    size_t n_sets;
} gf_case_result;

/* Whether dir holds model.onnx. */
bool gf_is_case_dir(const char *dir);
/* Imports dir/model.onnx, adds it to e's session, runs every data set and compares. */
void gf_case_run(gf_engine *e, const char *dir, double rtol, double atol, gf_case_result *r);
