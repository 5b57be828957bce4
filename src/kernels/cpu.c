/* CPU feature detection (see cpu.h). __builtin_cpu_supports checks CPUID and, for AVX and
 * AVX-512, that the OS saves the wider registers (XGETBV), so a "yes" means runnable. */
#include "kernels/cpu.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define KERN_X86 1
#else
#define KERN_X86 0
#endif

bool kern_isa_supported(kern_isa isa)
{
    switch (isa) {
    case KERN_ISA_PORTABLE:
        return true;
#if KERN_X86
    case KERN_ISA_AVX2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case KERN_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
               __builtin_cpu_supports("fma");
#endif
    default:
        return false;
    }
}

kern_isa kern_isa_best(void)
{
    for (int i = KERN_ISA_COUNT - 1; i > 0; i--)
        if (kern_isa_supported((kern_isa)i))
            return (kern_isa)i;
    return KERN_ISA_PORTABLE;
}

static const char *const isa_names[KERN_ISA_COUNT] = {"portable", "avx2", "avx512"};

const char *kern_isa_name(kern_isa isa)
{
    return (unsigned)isa < KERN_ISA_COUNT ? isa_names[isa] : "unknown";
}

bool kern_isa_parse(const char *name, kern_isa *out)
{
    for (int i = 0; i < KERN_ISA_COUNT; i++)
        if (name && strcmp(name, isa_names[i]) == 0) {
            *out = (kern_isa)i;
            return true;
        }
    return false;
}

kern_isa kern_isa_active(void)
{
    kern_isa want;
    if (!kern_isa_parse(getenv("GEFLOW_ISA"), &want))
        return kern_isa_best();
    while (want > KERN_ISA_PORTABLE && !kern_isa_supported(want))
        want = (kern_isa)(want - 1);
    return want;
}
