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
 * (its bytes, language header included, decide every token), so the analysis threads run
 * the `newsd` tokenizer over each column value and record what it emits. Just before the
 * writer inserts the row into the FTS table it offers the recording (NewsdShared.replay);
 * the tokenizer, asked to tokenize a document, looks for a recorded column with the same
 * length and hash and replays its tokens instead of computing them again. Anything else
 * (another text, deletes, queries, no recording) is tokenized as usual, so a recording can
 * only save time, never change the index.
 *
 * A recording holds, per column value: uint32 text length, uint64 text hash, uint32 bytes of
 * tokens that follow; then per token: int32 flags, start, end, length, and the token bytes.
 * ---------------------------------------------------------------------------------------- */

/* Per connection: the fts5_api (to find the wrapped tokenizer) and the recording the writer
   offers for the statement it is about to step (NULL otherwise). */
typedef struct NewsdShared {
    void *api;
    const unsigned char *replay;
    size_t replayLength;
    int64_t replayed;  /* column values replayed so far (for tests and diagnostics) */
} NewsdShared;

/* A growable byte buffer (malloc'd; free with newsd_buffer_free). */
typedef struct NewsdBuffer {
    unsigned char *data;
    size_t used;
    size_t capacity;
    int rc;
} NewsdBuffer;

static inline void newsd_buffer_free(NewsdBuffer *buffer) {
    free(buffer->data);
    buffer->data = 0;
    buffer->used = buffer->capacity = 0;
}

static inline int newsd_buffer_append(NewsdBuffer *buffer, const void *bytes, size_t count) {
    if (buffer->used + count > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (capacity < buffer->used + count) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(buffer->data, capacity);
        if (!grown) return buffer->rc = SQLITE_NOMEM;
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->used, bytes, count);
    buffer->used += count;
    return SQLITE_OK;
}

/* FNV-1a over the text, 64 bits: tells a recorded column value from another of its length. */
static inline uint64_t newsd_text_hash(const char *text, int length) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < length; i++) h = (h ^ (unsigned char)text[i]) * 0x100000001b3ULL;
    return h;
}

enum { NEWSD_COLUMN_HEADER = 16, NEWSD_TOKEN_HEADER = 16 };

static inline int newsd_record_token(void *context, int flags, const char *token, int length, int start, int end) {
    NewsdBuffer *buffer = (NewsdBuffer *)context;
    int32_t header[4] = { flags, start, end, length };
    if (newsd_buffer_append(buffer, header, sizeof(header)) != SQLITE_OK) return SQLITE_NOMEM;
    return newsd_buffer_append(buffer, token, (size_t)length);
}

/* Replays the recorded column matching `text` through `emit`. Returns SQLITE_OK after a
   replay, SQLITE_NOTFOUND when nothing recorded matches (tokenize as usual), or `emit`'s
   error. */
static inline int newsd_replay(NewsdShared *shared, const char *text, int length,
                               void *context, int (*emit)(void *, int, const char *, int, int, int)) {
    const unsigned char *at = shared->replay, *stop = shared->replay + shared->replayLength;
    uint64_t hash = 0;
    int hashed = 0;
    while (at + NEWSD_COLUMN_HEADER <= stop) {
        uint32_t textLength, tokenBytes;
        uint64_t textHash;
        memcpy(&textLength, at, 4);
        memcpy(&textHash, at + 4, 8);
        memcpy(&tokenBytes, at + 12, 4);
        const unsigned char *tokens = at + NEWSD_COLUMN_HEADER;
        if (tokens + tokenBytes > stop) break;
        if ((int)textLength == length) {
            if (!hashed) { hash = newsd_text_hash(text, length); hashed = 1; }
            if (hash == textHash) {
                for (const unsigned char *t = tokens; t + NEWSD_TOKEN_HEADER <= tokens + tokenBytes;) {
                    int32_t header[4];
                    memcpy(header, t, sizeof(header));
                    int rc = emit(context, header[0], (const char *)t + NEWSD_TOKEN_HEADER, header[3], header[1], header[2]);
                    if (rc != SQLITE_OK) return rc;
                    t += NEWSD_TOKEN_HEADER + header[3];
                }
                shared->replayed++;
                return SQLITE_OK;
            }
        }
        at = tokens + tokenBytes;
    }
    return SQLITE_NOTFOUND;
}
#endif
