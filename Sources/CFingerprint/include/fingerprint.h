#ifndef NEWSD_FINGERPRINT_H
#define NEWSD_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's 64 round constants.
extern const uint32_t newsd_sha256_round_constants[64];

/// Compresses `blocks` whole 64-byte blocks of `data` into `state` (SHA-256's eight words),
/// with the CPU's SHA extensions. Call only when `newsd_sha256_hardware()` is true.
void newsd_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// True when this CPU has the x86 SHA extensions (and the SSE4.1 they are used with).
int newsd_sha256_hardware(void);

/// Lowers `minima` (64 values) to the MinHash of the 3-word shingles of `words` (word hashes,
/// in text order) with AVX2 and returns 1; returns 0 without touching `minima` when the CPU
/// lacks AVX2 (the caller then runs its portable loop).
int newsd_minhash_vectorized(const uint64_t *words, size_t count, uint32_t minima[64]);

#endif
