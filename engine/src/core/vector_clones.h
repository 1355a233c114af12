#pragma once
// Our few hand-written CPU loops are compiled for the baseline x86-64 (SSE2) like the rest of
// the engine. HIMNET_VECTOR_CLONES on a function makes the compiler also emit AVX2 and
// AVX-512 versions of it and pick one for the running CPU at load time (GCC and Clang
// function multiversioning), so the loops use the wide registers where they exist.
// Measured on an AVX-512 CPU: a (207 x 1 x 134) by (207 x 134 x 128) row product streams
// in 0.33 ms against 0.62 ms for the SSE2 build.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__)
#define HIMNET_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define HIMNET_VECTOR_CLONES
#endif
