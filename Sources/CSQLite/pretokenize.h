#ifndef NEWSD_CSQLITE_PRETOKENIZE_H
#define NEWSD_CSQLITE_PRETOKENIZE_H
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------
 * Token streams recorded off the writer thread and replayed into FTS5.
 *
 * Ingest has one writer and spare cores. Splitting, folding and stemming a document is pure
 * (its bytes, language header included, and the tokenizer's settings decide every token), so
 * the analysis threads run the `newsd` tokenizer over each column value and record what it
 * emits. Just before the writer inserts the row into the FTS table it offers the recording
 * (NewsdShared.replay); FTS5 then tokenizes the row's column values in order, and for each
 * the tokenizer replays the recorded column at the cursor if it was made with the same
 * settings from a text of the same length and hash. Anything else (another text, another
 * order, queries, snippets, no recording) is tokenized as usual: a recording can save time,
 * never change what is indexed. The cursor means a column is only ever compared with the
 * recording of the same column of the same article (a crafted title cannot stand in for a
 * body); the hash guards against a recording attached to the wrong row.
 *
 * A recording holds, per column value: uint64 settings hash, uint64 text hash, uint32 text
 * length, uint32 bytes of tokens that follow; then per token: a flags byte, and varints for
 * the token's length, its start minus the previous token's start (zigzag), and end - start,
 * then the token's bytes.
 * ---------------------------------------------------------------------------------------- */

/* Per connection: the fts5_api (to find the wrapped tokenizer) and the recording the writer
   offers for the statement it is about to step (NULL otherwise). */
typedef struct NewsdShared {
    void *api;
    const unsigned char *replay;
    size_t replayLength;
    size_t replayCursor;  /* offset of the next column to compare (set to 0 with replay) */
    int64_t replayed;     /* column values replayed so far (for tests and diagnostics) */
} NewsdShared;

/* A growable byte buffer (malloc'd; free with newsd_buffer_free). */
typedef struct NewsdBuffer {
    unsigned char *data;
    size_t used;
    size_t capacity;
} NewsdBuffer;

static inline void newsd_buffer_free(NewsdBuffer *buffer) {
    free(buffer->data);
    buffer->data = 0;
    buffer->used = buffer->capacity = 0;
}

static inline int newsd_buffer_reserve(NewsdBuffer *buffer, size_t count) {
    if (count > SIZE_MAX / 4 - buffer->used) return SQLITE_TOOBIG;
    if (buffer->used + count <= buffer->capacity) return SQLITE_OK;
    size_t capacity = buffer->capacity ? buffer->capacity : 4096;
    while (capacity < buffer->used + count) capacity *= 2;
    unsigned char *grown = (unsigned char *)realloc(buffer->data, capacity);
    if (!grown) return SQLITE_NOMEM;
    buffer->data = grown;
    buffer->capacity = capacity;
    return SQLITE_OK;
}

static inline int newsd_buffer_append(NewsdBuffer *buffer, const void *bytes, size_t count) {
    int rc = newsd_buffer_reserve(buffer, count);
    if (rc != SQLITE_OK) return rc;
    memcpy(buffer->data + buffer->used, bytes, count);
    buffer->used += count;
    return SQLITE_OK;
}

/* Gives back the spare capacity of a finished recording. */
static inline void newsd_buffer_shrink(NewsdBuffer *buffer) {
    if (!buffer->data || buffer->used == buffer->capacity || buffer->used == 0) return;
    unsigned char *fitted = (unsigned char *)realloc(buffer->data, buffer->used);
    if (fitted) {
        buffer->data = fitted;
        buffer->capacity = buffer->used;
    }
}

static inline uint64_t newsd_rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t newsd_read64(const char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* One xxHash64 round: a word folded into a lane. */
static inline uint64_t newsd_hash_round(uint64_t lane, uint64_t word) {
    return newsd_rotl64(lane + word * 0xC2B2AE3D27D4EB4FULL, 31) * 0x9E3779B185EBCA87ULL;
}

/* A 64-bit hash of `length` bytes, after xxHash64 (seed 0): four lanes of 8-byte words, then
   the tail, then a final mix. The writer hashes every column value it replays (a whole body
   per article); FNV-1a, one dependent multiply per byte, was several times slower. Hashes are
   only compared within one process (nothing stores them). */
static inline uint64_t newsd_text_hash(const char *text, int length) {
    const uint64_t P1 = 0x9E3779B185EBCA87ULL, P2 = 0xC2B2AE3D27D4EB4FULL, P3 = 0x165667B19E3779F9ULL,
                   P4 = 0x85EBCA77C2B2AE63ULL, P5 = 0x27D4EB2F165667C5ULL;
    if (!text || length < 0) length = 0;
    if (!text) text = "";  /* no pointer arithmetic on NULL */
    const char *p = text, *stop = text + length;
    uint64_t h;
    if (stop - p >= 32) {
        uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;
        do {
            v1 = newsd_hash_round(v1, newsd_read64(p));
            v2 = newsd_hash_round(v2, newsd_read64(p + 8));
            v3 = newsd_hash_round(v3, newsd_read64(p + 16));
            v4 = newsd_hash_round(v4, newsd_read64(p + 24));
            p += 32;
        } while (stop - p >= 32);
        h = newsd_rotl64(v1, 1) + newsd_rotl64(v2, 7) + newsd_rotl64(v3, 12) + newsd_rotl64(v4, 18);
        h = (h ^ newsd_hash_round(0, v1)) * P1 + P4;
        h = (h ^ newsd_hash_round(0, v2)) * P1 + P4;
        h = (h ^ newsd_hash_round(0, v3)) * P1 + P4;
        h = (h ^ newsd_hash_round(0, v4)) * P1 + P4;
    } else {
        h = P5;
    }
    h += (uint64_t)(stop - text);
    for (; stop - p >= 8; p += 8) h = newsd_rotl64(h ^ newsd_hash_round(0, newsd_read64(p)), 27) * P1 + P4;
    if (stop - p >= 4) {
        uint32_t word;
        memcpy(&word, p, 4);
        h = newsd_rotl64(h ^ (uint64_t)word * P1, 23) * P2 + P3;
        p += 4;
    }
    for (; p < stop; p++) h = newsd_rotl64(h ^ (unsigned char)*p * P5, 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

enum { NEWSD_COLUMN_HEADER = 24 };

static inline unsigned char *newsd_put_varint(unsigned char *out, uint32_t value) {
    while (value >= 0x80) {
        *out++ = (unsigned char)(value | 0x80);
        value >>= 7;
    }
    *out++ = (unsigned char)value;
    return out;
}

/* Reads a varint; NULL when it runs past `stop`. */
static inline const unsigned char *newsd_get_varint(const unsigned char *in, const unsigned char *stop, uint32_t *value) {
    uint32_t v = 0;
    for (int shift = 0; in < stop && shift < 35; shift += 7) {
        unsigned char b = *in++;
        v |= (uint32_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *value = v;
            return in;
        }
    }
    return 0;
}

/* What the recording callback writes into: the buffer and the previous token's start. */
typedef struct NewsdRecorder {
    NewsdBuffer *buffer;
    int lastStart;
} NewsdRecorder;

static inline int newsd_record_token(void *context, int flags, const char *token, int length, int start, int end) {
    NewsdRecorder *recorder = (NewsdRecorder *)context;
    if (length < 0 || end < start) return SQLITE_ERROR;
    int delta = start - recorder->lastStart;
    recorder->lastStart = start;
    unsigned char header[1 + 3 * 5], *at = header;
    *at++ = (unsigned char)flags;
    at = newsd_put_varint(at, (uint32_t)length);
    at = newsd_put_varint(at, ((uint32_t)delta << 1) ^ (uint32_t)(delta >> 31));
    at = newsd_put_varint(at, (uint32_t)(end - start));
    int rc = newsd_buffer_append(recorder->buffer, header, (size_t)(at - header));
    return rc == SQLITE_OK ? newsd_buffer_append(recorder->buffer, token, (size_t)length) : rc;
}

/* Replays the recorded column at the cursor through `emit` when it was made with `settings`
   from `text`. Returns SQLITE_OK after a replay, SQLITE_NOTFOUND when it does not match
   (tokenize as usual), or `emit`'s error. The cursor moves past the column either way. */
static inline int newsd_replay(NewsdShared *shared, uint64_t settings, const char *text, int length,
                               void *context, int (*emit)(void *, int, const char *, int, int, int)) {
    const unsigned char *at = shared->replay + shared->replayCursor, *stop = shared->replay + shared->replayLength;
    if (at + NEWSD_COLUMN_HEADER > stop) return SQLITE_NOTFOUND;
    uint64_t recordedSettings, textHash;
    uint32_t textLength, tokenBytes;
    memcpy(&recordedSettings, at, 8);
    memcpy(&textHash, at + 8, 8);
    memcpy(&textLength, at + 16, 4);
    memcpy(&tokenBytes, at + 20, 4);
    const unsigned char *tokens = at + NEWSD_COLUMN_HEADER, *end = tokens + tokenBytes;
    if (tokenBytes > (size_t)(stop - tokens)) return SQLITE_NOTFOUND;
    shared->replayCursor = (size_t)(end - shared->replay);
    if (recordedSettings != settings || (int)textLength != length || newsd_text_hash(text, length) != textHash) return SQLITE_NOTFOUND;
    int start = 0;
    for (const unsigned char *t = tokens; t < end;) {
        int flags = *t++;
        uint32_t tokenLength, zigzag, span;
        if (!(t = newsd_get_varint(t, end, &tokenLength)) || !(t = newsd_get_varint(t, end, &zigzag))
            || !(t = newsd_get_varint(t, end, &span)) || tokenLength > (size_t)(end - t)) {
            return SQLITE_CORRUPT;  /* cannot happen for a recording we made */
        }
        start += (int)((zigzag >> 1) ^ (0U - (zigzag & 1)));
        int rc = emit(context, flags, (const char *)t, (int)tokenLength, start, start + (int)span);
        if (rc != SQLITE_OK) return rc;
        t += tokenLength;
    }
    shared->replayed++;
    return SQLITE_OK;
}
#endif
