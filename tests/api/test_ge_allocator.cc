// The header-only GE pieces: MemBlock refcounting, AscendString, status values.
#include "ge/ge_allocator.h"
#include "ge/ge_api_error_codes.h"
#include "graph/ascend_string.h"

#include <map>

extern "C" {
#include "test.h"
}

namespace {

class CountingAllocator : public ge::Allocator {
public:
    ge::MemBlock *Malloc(size_t size) override
    {
        mallocs++;
        return new ge::MemBlock(*this, new char[size], size);
    }
    void Free(ge::MemBlock *block) override
    {
        frees++;
        delete[] static_cast<char *>(block->GetAddr());
        delete block;
    }
    int mallocs = 0;
    int frees = 0;
};

void test_memblock_refcount()
{
    CountingAllocator a;
    ge::MemBlock *b = a.MallocAdvise(64, nullptr);
    CHECK_EQ(b->GetCount(), 1);
    CHECK_EQ(b->GetSize(), 64);
    CHECK_EQ(b->AddCount(), 2);
    b->Free();
    CHECK_EQ(a.frees, 0);
    b->Free();
    CHECK_EQ(a.frees, 1);
    CHECK_EQ(a.mallocs, 1);
}

void test_ascend_string()
{
    ge::AscendString a("ge.exec.deviceId"), b("ge.exec.deviceId"), c, d(nullptr);
    CHECK(a == b);
    CHECK(c == d);
    CHECK(strcmp(c.GetString(), "") == 0);
    CHECK_EQ(a.GetLength(), 16);
    CHECK(c < a);
    std::map<ge::AscendString, ge::AscendString> m{{"k", "v"}};
    CHECK(strcmp(m[ge::AscendString("k")].GetString(), "v") == 0);
    CHECK_EQ(a.Find("exec"), 3);
}

void test_status_values()
{
    CHECK_EQ(ge::SUCCESS, 0);
    CHECK(ge::FAILED == 0xFFFFFFFFu);
    CHECK_EQ(ge::PARAM_INVALID, 1343225857);
    CHECK_EQ(ge::GE_GRAPH_ALREADY_RUNNING, 1343242241);
    CHECK_EQ(ge::GRAPH_PARAM_INVALID, 50331649);
    CHECK_EQ(ACL_ERROR_GE_PARAM_INVALID, 145000);
}

}  // namespace

int main()
{
    RUN_TEST(test_memblock_refcount);
    RUN_TEST(test_ascend_string);
    RUN_TEST(test_status_values);
    return test_result();
}
