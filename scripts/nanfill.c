// scripts/stress's third run (LD_PRELOAD): every block that PyTorch's CPU allocator gets from
// posix_memalign is filled with 0xFF bytes, NaN as floats, so that a kernel that reads memory it has
// not written (an output it scales by a beta of 0, say) gives NaN at once, on every run, where the
// memory glibc hands back otherwise holds whatever was there before. Prints how many blocks it
// filled when the process ends, which shows that the preload took.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>

static int (*real_pm)(void **, size_t, size_t);
static unsigned long long filled;

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (!real_pm) real_pm = dlsym(RTLD_NEXT, "posix_memalign");
    int rc = real_pm(out, alignment, size);
    if (rc == 0 && *out && size >= 64) { memset(*out, 0xFF, size); filled++; }
    return rc;
}
__attribute__((destructor)) static void report(void) { fprintf(stderr, "nanfill: %llu blocks filled\n", filled); }
