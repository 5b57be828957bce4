/* Option keys of the GE API (vendor names and values), RunAsyncCallback, GraphRunMode,
 * InputTensorInfo/OutputTensorInfo, and the ir_option keys of the parsers. Header-only.
 * Which keys geflow honours: see include/geflow/ge_session.h; the others are accepted and
 * recorded (unknown keys are warned about, not rejected). */
#ifndef GEFLOW_GE_GE_API_TYPES_H
#define GEFLOW_GE_GE_API_TYPES_H

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ge/ge_api_error_codes.h"
#include "graph/tensor.h"
#include "graph/types.h"

namespace ge {

/* ---- global (GEInitialize) ---- */
const char *const OPTION_GRAPH_RUN_MODE = "ge.graphRunMode";
const char *const OPTION_DEVICE_TYPE = "ge.deviceType";
const char *const OPTION_EXEC_SESSION_ID = "ge.exec.sessionId";
const char *const OPTION_EXEC_DEVICE_ID = "ge.exec.deviceId";
const char *const OPTION_EXEC_JOB_ID = "ge.exec.jobId";
const char *const OPTION_EXEC_RANK_ID = "ge.exec.rankId";
const char *const OPTION_EXEC_ENABLE_DUMP = "ge.exec.enableDump";
const char *const OPTION_EXEC_DUMP_PATH = "ge.exec.dumpPath";
const char *const OPTION_EXEC_DUMP_STEP = "ge.exec.dumpStep";
const char *const OPTION_EXEC_DUMP_MODE = "ge.exec.dumpMode";
const char *const OPTION_EXEC_DISABLE_REUSED_MEMORY = "ge.exec.disableReuseMemory";
const char *const OPTION_EXEC_DYNAMIC_INPUT = "ge.exec.dynamicInput";
const char *const OPTION_EXEC_DYNAMIC_EXECUTE_MODE = "ge.exec.dynamicGraphExecuteMode";
const char *const OPTION_EXEC_DATA_INPUTS_SHAPE_RANGE = "ge.exec.dataInputsShapeRange";
const char *const OPTION_EXEC_GRAPH_EXEC_TIMEOUT = "ge.exec.graphExecTimeout";
const char *const OPTION_EXEC_STREAM_SYNC_TIMEOUT = "stream_sync_timeout";
const char *const OPTION_EXEC_EVENT_SYNC_TIMEOUT = "event_sync_timeout";

/* ---- session / graph ---- */
const char *const OPTION_SESSION_DEVICE_ID = "ge.session_device_id";
const char *const OPTION_EXEC_HOST_INPUT_INDEXES = "ge.exec.hostInputIndexes";
const char *const OPTION_EXEC_FROZEN_INPUT_INDEXES = "ge.exec.frozenInputIndexes";
const char *const OPTION_EXEC_REUSE_ZERO_COPY_MEMORY = "ge.exec.reuseZeroCopyMemory";
const char *const OPTION_INPUT_REUSE_MEM_INDEXES = "ge.exec.inputReuseMemIndexes";
const char *const OPTION_OUTPUT_REUSE_MEM_INDEXES = "ge.exec.outputReuseMemIndexes";
const char *const OPTION_OUTPUT_REUSE_INPUT_MEM_INDEXES = "ge.exec.outputReuseInputMemIndexes";
const char *const OPTION_GRAPH_IO_MEM_ALLOC_MODE = "ge.exec.graphIOMemAllocMode";
const char *const OPTION_FEATURE_BASE_REFRESHABLE = "ge.featureBaseRefreshable";
const char *const OPTION_CONST_LIFECYCLE = "ge.constLifecycle";
const char *const OPTION_GRAPH_COMPILER_CACHE_DIR = "ge.graph_compiler_cache_dir";
const char *const OPTION_GRAPH_KEY = "ge.graph_key";
const char *const OO_LEVEL = "ge.oo.level";
const char *const OO_CONSTANT_FOLDING = "ge.oo.constantFolding";
const char *const OO_DEAD_CODE_ELIMINATION = "ge.oo.deadCodeElimination";
const char *const ENABLE_SINGLE_STREAM = "ge.enableSingleStream";
const char *const OPTION_STATIC_MODEL_OPS_LOWER_LIMIT = "ge.exec.static_model_ops_lower_limit";

const std::string ATOMIC_CLEAN_POLICY = "ge.exec.atomicCleanPolicy";
const std::string MEMORY_OPTIMIZATION_POLICY = "ge.exec.memoryOptimizationPolicy";
const std::string STATIC_MEMORY_POLICY = "ge.exec.staticMemoryPolicy";
const std::string PRECISION_MODE = "ge.exec.precision_mode";
const std::string PRECISION_MODE_V2 = "ge.exec.precision_mode_v2";
const std::string SOC_VERSION = "ge.socVersion";
const std::string OUTPUT_DATATYPE = "ge.outputDatatype";
const std::string OUTPUT_NODE_NAME = "ge.outputNodeName";
const std::string INPUT_FP16_NODES = "ge.INPUT_NODES_SET_FP16";
const std::string INPUT_SHAPE = "ge.inputShape";
const std::string DYNAMIC_NODE_TYPE = "ge.dynamicNodeType";
const std::string JIT_COMPILE = "ge.jit_compile";
const std::string DETERMINISTIC = "ge.deterministic";
const std::string EXTERNAL_WEIGHT = "ge.externalWeight";
const std::string STREAM_NUM = "ge.streamNum";
const std::string TRAIN_FLAG = "ge.trainFlag";
const std::string OP_DEBUG_LEVEL = "ge.opDebugLevel";
const char *const kDynamicBatchSize = "ge.dynamicBatchSize";
const char *const kDynamicImageSize = "ge.dynamicImageSize";
const char *const kDynamicDims = "ge.dynamicDims";
const char *const INPUT_SHAPE_RANGE = "input_shape_range";

namespace configure_option {
const char *const PRECISION_MODE = "ge.exec.precision_mode";
const char *const PRECISION_MODE_V2 = "ge.exec.precision_mode_v2";
const char *const SOC_VERSION = "ge.socVersion";
const char *const OUTPUT_NODE_NAME = "ge.outputNodeName";
const char *const INPUT_FP16_NODES = "ge.INPUT_NODES_SET_FP16";
const char *const ATOMIC_CLEAN_POLICY = "ge.exec.atomicCleanPolicy";
const char *const STATIC_MEMORY_POLICY = "ge.exec.staticMemoryPolicy";
const char *const EXTERNAL_WEIGHT = "ge.externalWeight";
}  // namespace configure_option

enum GraphRunMode : std::int32_t { PREDICTION = 0, TRAIN };

enum MemoryType : std::int32_t { MEMORY_TYPE_DEFAULT = 0, MEMORY_TYPE_P2P };

struct InputTensorInfo {
    uint32_t data_type;
    std::vector<int64_t> dims;
    void *data;
    int64_t length;
};

struct OutputTensorInfo {
    uint32_t data_type{};
    std::vector<int64_t> dims;
    std::unique_ptr<uint8_t[]> data;
    int64_t length{};
    OutputTensorInfo() : dims({}), data(nullptr) {}
    OutputTensorInfo(OutputTensorInfo &&out) noexcept = default;
    OutputTensorInfo &operator=(OutputTensorInfo &&out) noexcept = default;
    OutputTensorInfo(const OutputTensorInfo &) = delete;
    OutputTensorInfo &operator=(const OutputTensorInfo &) = delete;
};

using RunAsyncCallback = std::function<void(Status, std::vector<ge::Tensor> &)>;

/* Parser and IR-build option keys. */
namespace ir_option {
static const char *const INPUT_FORMAT = "input_format";
static const char *const INPUT_SHAPE = "input_shape";
static const char *const INPUT_SHAPE_RANGE = ge::INPUT_SHAPE_RANGE;
static const char *const OP_NAME_MAP = "op_name_map";
static const char *const IS_DYNAMIC_INPUT = "is_dynamic_input";
static const char *const IS_INPUT_ADJUST_HW_LAYOUT = "is_input_adjust_hw_layout";
static const char *const IS_OUTPUT_ADJUST_HW_LAYOUT = "is_output_adjust_hw_layout";
static const char *const ENABLE_SCOPE_FUSION_PASSES = "enable_scope_fusion_passes";
static const char *const OUTPUT = "output";
static const char *const DYNAMIC_BATCH_SIZE = kDynamicBatchSize;
static const char *const DYNAMIC_IMAGE_SIZE = kDynamicImageSize;
static const char *const DYNAMIC_DIMS = kDynamicDims;
static const char *const PRECISION_MODE = "ge.exec.precision_mode";
static const char *const PRECISION_MODE_V2 = "ge.exec.precision_mode_v2";
static const char *const EXEC_DISABLE_REUSED_MEMORY = ge::OPTION_EXEC_DISABLE_REUSED_MEMORY;
static const char *const SOC_VERSION = "ge.socVersion";
static const char *const OUTPUT_TYPE = "ge.outputDatatype";
static const char *const OUT_NODES = "ge.outputNodeName";
static const char *const INPUT_FP16_NODES = "ge.INPUT_NODES_SET_FP16";
static const char *const LOG_LEVEL = "log";
static const char *const INPUT_DATA_NAMES = "input_data_names";
}  // namespace ir_option

}  // namespace ge

#endif
