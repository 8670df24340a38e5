// The MinHash loop: for each 3-word shingle, 64 hash functions a + i·b (double hashing),
// each lowering its minimum. It was 12% of the analysis thread in Swift; with AVX2 the 64
// minima stay in eight registers and each shingle costs 8 vector steps instead of 64.
// Without AVX2 the Swift loop (NewsCore's MinHash.swift) runs; tests check that the two give
// the same signature bit for bit (the stored signatures depend on it).
#include "fingerprint.h"

enum { SIZE = 64, SHINGLE_WIDTH = 3 };

/// splitmix64's finaliser (NewsCore's `mix`).
static inline uint64_t mix(uint64_t value) {
    uint64_t z = value + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// The two hashes of the shingle ending at word `end`: function i is `a + i·b`.
static inline void shingle_hashes(const uint64_t *words, size_t end, uint64_t *a, uint64_t *b) {
    uint64_t shingle = 0xcbf29ce484222325ULL;
    for (size_t k = end + 1 - SHINGLE_WIDTH; k <= end; k++) shingle = mix(shingle ^ words[k]);
    *a = mix(shingle);
    *b = mix(*a) | 1;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void minhash_avx2(const uint64_t *words, size_t count, uint32_t minima[SIZE]) {
    __m256i low[SIZE / 8];
    for (int j = 0; j < SIZE / 8; j++) low[j] = _mm256_loadu_si256((const __m256i *)&minima[8 * j]);
    for (size_t end = SHINGLE_WIDTH - 1; end < count; end++) {
        uint64_t a, b;
        shingle_hashes(words, end, &a, &b);
        // Functions 8j + {0,2,4,6} in `even`, 8j + {1,3,5,7} in `even + b`; the high halves of
        // both, blended, are the eight 32-bit values of functions 8j…8j+7 in order.
        __m256i even = _mm256_set_epi64x((long long)(a + 6 * b), (long long)(a + 4 * b), (long long)(a + 2 * b), (long long)a);
        const __m256i step = _mm256_set1_epi64x((long long)b), stride = _mm256_set1_epi64x((long long)(8 * b));
#pragma clang loop unroll(full)
        for (int j = 0; j < SIZE / 8; j++) {
            __m256i odd = _mm256_add_epi64(even, step);
            __m256i values = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
            low[j] = _mm256_min_epu32(low[j], values);
            even = _mm256_add_epi64(even, stride);
        }
    }
    for (int j = 0; j < SIZE / 8; j++) _mm256_storeu_si256((__m256i *)&minima[8 * j], low[j]);
}

int newsd_minhash_vectorized(const uint64_t *words, size_t count, uint32_t minima[SIZE]) {
    if (!__builtin_cpu_supports("avx2")) return 0;
    minhash_avx2(words, count, minima);
    return 1;
}

#else

int newsd_minhash_vectorized(const uint64_t *words, size_t count, uint32_t minima[SIZE]) {
    (void)words; (void)count; (void)minima;
    return 0;
}

#endif
