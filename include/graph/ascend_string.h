/* ge::AscendString: the ABI-safe string of the GE API (an owned, comparable char buffer). */
#ifndef GEFLOW_GRAPH_ASCEND_STRING_H
#define GEFLOW_GRAPH_ASCEND_STRING_H

#include <cstring>
#include <functional>
#include <memory>
#include <string>

namespace ge {

class AscendString {
public:
    AscendString() = default;
    AscendString(const char *name) : name_(name ? std::make_shared<std::string>(name) : nullptr) {}
    AscendString(const char *name, size_t length)
        : name_(name ? std::make_shared<std::string>(name, length) : nullptr) {}
    ~AscendString() = default;

    const char *GetString() const { return name_ ? name_->c_str() : ""; }
    size_t GetLength() const { return name_ ? name_->size() : 0; }
    size_t Hash() const { return std::hash<std::string>()(name_ ? *name_ : std::string()); }

    bool operator<(const AscendString &d) const { return view().compare(d.view()) < 0; }
    bool operator>(const AscendString &d) const { return view().compare(d.view()) > 0; }
    bool operator<=(const AscendString &d) const { return view().compare(d.view()) <= 0; }
    bool operator>=(const AscendString &d) const { return view().compare(d.view()) >= 0; }
    bool operator==(const AscendString &d) const { return view() == d.view(); }
    bool operator!=(const AscendString &d) const { return view() != d.view(); }
    size_t Find(const AscendString &ascend_string) const
    {
        size_t p = view().find(ascend_string.view());
        return p == std::string::npos ? static_cast<size_t>(-1) : p;
    }

private:
    std::string view() const { return name_ ? *name_ : std::string(); }
    std::shared_ptr<std::string> name_;
};

}  // namespace ge

namespace std {
template <> struct hash<ge::AscendString> {
    size_t operator()(const ge::AscendString &s) const { return s.Hash(); }
};
}  // namespace std

#endif
