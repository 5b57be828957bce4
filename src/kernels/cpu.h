/* CPU features for the fast kernels: which instruction sets the machine (and the OS) offers,
 * and which one the kernels use. The library is built with default compiler flags; the
 * ISA-specific code is compiled with per-function target attributes and chosen at run time,
 * so one binary runs on any x86-64 (and, with the portable path only, anywhere).
 *
 * GEFLOW_ISA=portable|avx2|avx512 forces a path; a forced ISA the machine lacks falls back to
 * the best one it has below it (never to one it cannot run). */
#ifndef GEFLOW_KERNELS_CPU_H
#define GEFLOW_KERNELS_CPU_H

#include <stdbool.h>

typedef enum kern_isa {
    KERN_ISA_PORTABLE = 0, /* plain C, any machine */
    KERN_ISA_AVX2 = 1,     /* AVX2 + FMA3 */
    KERN_ISA_AVX512 = 2,   /* AVX-512F */
    KERN_ISA_COUNT
} kern_isa;

/* Whether this machine and OS can run `isa` (and this build has code for it). */
bool kern_isa_supported(kern_isa isa);
/* The best supported ISA. */
kern_isa kern_isa_best(void);
/* The ISA the kernels use: GEFLOW_ISA when set (clamped to what is supported), else the best. */
kern_isa kern_isa_active(void);
/* "portable", "avx2", "avx512". */
const char *kern_isa_name(kern_isa isa);
/* Parses a name as above; false when unknown. */
bool kern_isa_parse(const char *name, kern_isa *out);

#endif
