/* ge::Allocator / ge::MemBlock: the external allocator interface of RegisterExternalAllocator.
 * Header-only, with the vendor's refcount semantics: a block starts at count 1; Free()
 * decrements and hands the block back to its allocator when the count reaches 0. */
#ifndef GEFLOW_GE_GE_ALLOCATOR_H
#define GEFLOW_GE_GE_ALLOCATOR_H

#include <cstddef>
#include <memory>

namespace ge {

class MemBlock;

class Allocator {
public:
    Allocator() = default;
    virtual ~Allocator() = default;
    Allocator(const Allocator &) = delete;
    Allocator &operator=(const Allocator &) = delete;

    virtual MemBlock *Malloc(size_t size) = 0;
    virtual void Free(MemBlock *block) = 0;
    /* A hint: allocate near `addr`; the default ignores it. */
    virtual MemBlock *MallocAdvise(size_t size, void *addr)
    {
        (void)addr;
        return Malloc(size);
    }
};

class MemBlock {
public:
    MemBlock(Allocator &allocator, void *addr, size_t block_size)
        : allocator_(allocator), addr_(addr), count_(1U), block_size_(block_size) {}
    virtual ~MemBlock() = default;

    const void *GetAddr() const { return addr_; }
    void *GetAddr() { return addr_; }
    size_t GetSize() const { return block_size_; }
    void SetSize(const size_t mem_size) { block_size_ = mem_size; }
    void Free()
    {
        if (count_ > 0U && --count_ == 0U)
            allocator_.Free(this);
    }
    size_t AddCount() { return ++count_; }
    size_t SubCount()
    {
        if (count_ > 0U)
            --count_;
        return count_;
    }
    size_t GetCount() const { return count_; }

private:
    Allocator &allocator_;
    void *addr_;
    size_t count_;
    size_t block_size_;
};

using AllocatorPtr = std::shared_ptr<Allocator>;

}  // namespace ge

#endif
