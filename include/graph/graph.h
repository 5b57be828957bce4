/* ge::Graph: a named operator network given by its inputs (Data operators) and outputs.
 * Header-only. Session::AddGraph lowers it onto the engine's graph (ONNX op registry): Data
 * operators become graph inputs, Const operators constants, op-proto types (all_ops.h) their
 * ONNX equivalents, and any other type an ONNX op of that name with its attributes.
 * Copies of a Graph are shallow (they share the network). */
#ifndef GEFLOW_GRAPH_GRAPH_H
#define GEFLOW_GRAPH_GRAPH_H

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "geflow/ge_graph.h"
#include "graph/ascend_string.h"
#include "graph/ge_error_codes.h"
#include "graph/operator.h"
#include "graph/types.h"

namespace ge {

namespace geflow_detail {

/* One graph output: an operator's output port. */
struct GraphOutput {
    Operator op;
    int64_t port = 0;
};

struct GraphImpl {
    std::string name;
    std::vector<Operator> inputs;
    std::vector<GraphOutput> outputs;
    std::vector<Operator> targets;
    std::string error; /* the first SetInputs/SetOutputs error, reported at AddGraph */
    std::shared_ptr<ge_graph> engine_graph; /* a graph made by the engine (an importer) */

    void Fail(const std::string &what)
    {
        if (error.empty())
            error = "graph '" + name + "': " + what;
    }
};

}  // namespace geflow_detail

class Graph {
public:
    Graph() : impl_(std::make_shared<geflow_detail::GraphImpl>()) {}
    explicit Graph(const char *name) : Graph() { impl_->name = name ? name : ""; }
    explicit Graph(const std::string &name) : Graph(name.c_str()) {}
    explicit Graph(const AscendString &name) : Graph(name.GetString()) {}
    ~Graph() = default;

    /* The graph's Data operators (their order is the input order when their index attrs are
     * not exactly 0..N-1). Not empty. */
    Graph &SetInputs(const std::vector<Operator> &inputs)
    {
        if (inputs.empty())
            impl_->Fail("SetInputs: the input list is empty");
        for (const Operator &op : inputs)
            if (op.IsEmpty())
                impl_->Fail("SetInputs: an input operator is empty");
        impl_->inputs = inputs;
        return *this;
    }
    /* Every output of each operator, operators in list order, ports ascending. */
    Graph &SetOutputs(const std::vector<Operator> &outputs)
    {
        impl_->outputs.clear();
        for (const Operator &op : outputs) {
            if (op.IsEmpty()) {
                impl_->Fail("SetOutputs: an output operator is empty");
                continue;
            }
            const auto &impl = GeflowOpImpl(op);
            if (!impl->typed_proto)
                impl->EnsureOutputs(1);
            for (size_t p = 0; p < impl->out_names.size(); p++)
                impl_->outputs.push_back({op, static_cast<int64_t>(p)});
        }
        return *this;
    }
    /* The given ports of each operator, in the given order (an empty list: every output). */
    Graph &SetOutputs(const std::vector<std::pair<Operator, std::vector<size_t>>> &output_indexs)
    {
        impl_->outputs.clear();
        for (const auto &o : output_indexs) {
            if (o.first.IsEmpty()) {
                impl_->Fail("SetOutputs: an output operator is empty");
                continue;
            }
            if (o.second.empty()) {
                const auto &impl = GeflowOpImpl(o.first);
                if (!impl->typed_proto)
                    impl->EnsureOutputs(1);
                for (size_t p = 0; p < impl->out_names.size(); p++)
                    impl_->outputs.push_back({o.first, static_cast<int64_t>(p)});
                continue;
            }
            for (size_t p : o.second)
                AddOutputPort(o.first, static_cast<int64_t>(p));
        }
        return *this;
    }
    /* The named output of each operator, in the given order. */
    Graph &SetOutputs(const std::vector<std::pair<Operator, AscendString>> &outputs)
    {
        impl_->outputs.clear();
        for (const auto &o : outputs)
            AddOutputNamed(o.first, o.second.GetString());
        return *this;
    }
    Graph &SetOutputs(const std::vector<std::pair<Operator, std::string>> &outputs)
    {
        impl_->outputs.clear();
        for (const auto &o : outputs)
            AddOutputNamed(o.first, o.second);
        return *this;
    }
    Graph &SetTargets(const std::vector<Operator> &targets)
    {
        impl_->targets = targets;
        return *this;
    }

    bool IsValid() const
    {
        return impl_ && impl_->error.empty() && (!impl_->outputs.empty() || impl_->engine_graph);
    }

    std::string GetName() const { return impl_->name; }
    graphStatus GetName(AscendString &name) const
    {
        name = AscendString(impl_->name.c_str());
        return GRAPH_SUCCESS;
    }

    /* Operators reachable from the inputs and outputs. */
    graphStatus FindOpByName(const char *name, Operator &op) const
    {
        std::string n = name ? name : "";
        for (const Operator &o : AllOps())
            if (GeflowOpImpl(o)->name == n) {
                op = o;
                return GRAPH_SUCCESS;
            }
        return GRAPH_FAILED;
    }
    graphStatus FindOpByName(const std::string &name, Operator &op) const { return FindOpByName(name.c_str(), op); }
    graphStatus GetAllOpName(std::vector<AscendString> &names) const
    {
        names.clear();
        for (const Operator &o : AllOps())
            names.emplace_back(GeflowOpImpl(o)->name.c_str());
        return GRAPH_SUCCESS;
    }

    /* geflow: a Graph over an engine graph (e.g. from an importer); takes `graph`. AddGraph
     * then adds a copy of it as is. */
    static Graph GeflowFromEngineGraph(ge_graph *graph)
    {
        Graph g(graph ? ge_graph_get_name(graph) : "");
        g.impl_->engine_graph = std::shared_ptr<ge_graph>(graph, ge_graph_destroy);
        return g;
    }
    /* geflow: the network (for the lowering in graph/geflow_lower.h). */
    const std::shared_ptr<geflow_detail::GraphImpl> &GeflowImpl() const { return impl_; }

private:
    void AddOutputPort(const Operator &op, int64_t port)
    {
        if (op.IsEmpty()) {
            impl_->Fail("SetOutputs: an output operator is empty");
            return;
        }
        const auto &impl = GeflowOpImpl(op);
        if (!impl->typed_proto)
            impl->EnsureOutputs(static_cast<size_t>(port) + 1);
        if (static_cast<size_t>(port) >= impl->out_names.size()) {
            impl_->Fail("SetOutputs: operator '" + impl->name + "' has " + std::to_string(impl->out_names.size()) +
                        " outputs; port " + std::to_string(port) + " does not exist");
            return;
        }
        impl_->outputs.push_back({op, port});
    }
    void AddOutputNamed(const Operator &op, const std::string &name)
    {
        if (op.IsEmpty()) {
            impl_->Fail("SetOutputs: an output operator is empty");
            return;
        }
        const auto &impl = GeflowOpImpl(op);
        int port = impl->FindOutput(name);
        if (port < 0 && !impl->typed_proto)
            port = impl->OutputSlot(name, true);
        if (port < 0) {
            impl_->Fail("SetOutputs: operator '" + impl->name + "' has no output named '" + name + "'");
            return;
        }
        impl_->outputs.push_back({op, port});
    }
    /* Every operator reachable backwards from the outputs, targets and inputs (each once). */
    std::vector<Operator> AllOps() const
    {
        std::vector<Operator> out;
        std::set<const geflow_detail::OpImpl *> seen;
        std::vector<std::shared_ptr<geflow_detail::OpImpl>> stack;
        for (const auto &o : impl_->outputs)
            stack.push_back(GeflowOpImpl(o.op));
        for (const Operator &o : impl_->targets)
            if (!o.IsEmpty())
                stack.push_back(GeflowOpImpl(o));
        for (const Operator &o : impl_->inputs)
            if (!o.IsEmpty())
                stack.push_back(GeflowOpImpl(o));
        std::vector<std::shared_ptr<geflow_detail::OpImpl>> found;
        while (!stack.empty()) {
            auto p = stack.back();
            stack.pop_back();
            if (!p || !seen.insert(p.get()).second)
                continue;
            found.push_back(p);
            for (const auto &l : p->in_links)
                if (l.src)
                    stack.push_back(l.src);
            for (const auto &c : p->control_inputs)
                stack.push_back(c);
        }
        for (const auto &p : found)
            out.push_back(geflow_detail::OpReg::Wrap(p));
        return out;
    }

    std::shared_ptr<geflow_detail::GraphImpl> impl_;
};

}  // namespace ge

#endif
