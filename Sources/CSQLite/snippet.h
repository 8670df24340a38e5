#ifndef NEWSD_CSQLITE_SNIPPET_H
#define NEWSD_CSQLITE_SNIPPET_H
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pretokenize.h"

/* ------------------------------------------------------------------------------------------
 * Snippets and matched words in time linear in a row's matches.
 *
 * FTS5's snippet() scores a window at every match by walking every match of the row, and
 * highlight() re-copies its whole output for every match it marks: both are quadratic in
 * the matches of a row. On a news article (tens of matches) that is nothing; on one file of
 * a word repeated 100,000 times (a scraped page gone wrong, a log) one search took hours.
 *
 *  - newsd_snippet(articles_fts, column, open, close, ellipsis, tokens) gives what snippet()
 *    gives, with the same window choice (1000 for each phrase in the window, 1 for each
 *    repeat; the window centred on its matches, or starting at a sentence start for a bonus
 *    of 100, 120 at the text's start), by sliding two windows over the column's matches in
 *    order instead of rescanning them. It marks matches as SQLite 3.42 on does: SQLite 3.40
 *    (Debian 12) returns the whole column for a one-token window at its first token, and
 *    marks matches with no byte between them (CJK characters) one by one instead of as one.
 *  - newsd_matches(articles_fts, column, open, close) gives the distinct matched spans of a
 *    column in text order, each between open and close, separated by spaces: what
 *    `--explain` reads out of a highlighted column, without the column's text. Spans are told
 *    apart by a 64-bit hash, and at most NEWSD_MATCHES_DISTINCT_MAX are given.
 * ---------------------------------------------------------------------------------------- */

/* One column's matches in position order, merged where phrases overlap (as highlight()
   merges them): the token ranges [start, end] to mark. */
typedef struct NewsdMatches {
    int count;       /* phrase instances in the column */
    int *offset;     /* per instance: first token */
    int *phrase;     /* per instance: the query phrase */
    int *last;       /* per instance: last token (offset + phrase size - 1) */
    int spans;       /* merged ranges */
    int *spanStart;
    int *spanEnd;
} NewsdMatches;

static inline void newsd_matches_free(NewsdMatches *m) {
    sqlite3_free(m->offset);
    memset(m, 0, sizeof(*m));
}

/* Reads the instances of `column` (FTS5 lists a row's instances by column, then position). */
static inline int newsd_matches_load(const Fts5ExtensionApi *api, Fts5Context *fts, int column, NewsdMatches *m) {
    memset(m, 0, sizeof(*m));
    int instances = 0, rc = api->xInstCount(fts, &instances);
    if (rc != SQLITE_OK || instances == 0) return rc;
    m->offset = (int *)sqlite3_malloc64(sizeof(int) * 5 * (sqlite3_uint64)instances);
    if (!m->offset) return SQLITE_NOMEM;
    m->phrase = m->offset + instances;
    m->last = m->phrase + instances;
    m->spanStart = m->last + instances;
    m->spanEnd = m->spanStart + instances;
    for (int i = 0; i < instances; i++) {
        int phrase, col, offset;
        rc = api->xInst(fts, i, &phrase, &col, &offset);
        if (rc != SQLITE_OK) return rc;
        if (col != column) continue;
        int n = m->count++;
        m->offset[n] = offset;
        m->phrase[n] = phrase;
        m->last[n] = offset + api->xPhraseSize(fts, phrase) - 1;
        if (m->spans > 0 && offset <= m->spanEnd[m->spans - 1]) {
            if (m->last[n] > m->spanEnd[m->spans - 1]) m->spanEnd[m->spans - 1] = m->last[n];
        } else {
            m->spanStart[m->spans] = offset;
            m->spanEnd[m->spans] = m->last[n];
            m->spans++;
        }
    }
    return SQLITE_OK;
}

/* The matches inside [from, from + tokens) of one column, kept up to date as `from` moves
   forward only: each match enters and leaves once. */
typedef struct NewsdWindow {
    const NewsdMatches *m;
    int low, high;       /* matches [low, high) are inside */
    int distinct, total;
    int *perPhrase;      /* matches inside, per phrase */
} NewsdWindow;

static inline void newsd_window_move(NewsdWindow *w, sqlite3_int64 from, int tokens) {
    sqlite3_int64 to = from + tokens;
    while (w->high < w->m->count && w->m->offset[w->high] < to) {
        if (w->perPhrase[w->m->phrase[w->high]]++ == 0) w->distinct++;
        w->total++;
        w->high++;
    }
    while (w->low < w->high && w->m->offset[w->low] < from) {
        if (--w->perPhrase[w->m->phrase[w->low]] == 0) w->distinct--;
        w->total--;
        w->low++;
    }
    if (w->low > w->high) w->high = w->low;
}

/* snippet()'s score: 1000 for each phrase present, 1 for each further match. */
static inline int newsd_window_score(const NewsdWindow *w) { return w->distinct * 1000 + (w->total - w->distinct); }

/* First tokens of the column's sentences: token 0, and every token after whitespace that
   follows a '.' or ':' (snippet()'s rule). */
typedef struct NewsdSentences {
    const char *text;
    int position;
    int count, capacity;
    int *first;
} NewsdSentences;

static inline int newsd_sentences_callback(void *context, int flags, const char *token, int length, int start, int end) {
    (void)token;
    (void)length;
    (void)end;
    NewsdSentences *s = (NewsdSentences *)context;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    int first = s->position == 0;
    if (!first) {
        int i = start - 1;
        while (i >= 0 && (s->text[i] == ' ' || s->text[i] == '\t' || s->text[i] == '\n' || s->text[i] == '\r')) i--;
        first = i != start - 1 && i >= 0 && (s->text[i] == '.' || s->text[i] == ':');
    }
    if (first) {
        if (s->count == s->capacity) {
            int capacity = s->capacity ? s->capacity * 2 : 64;
            int *grown = (int *)sqlite3_realloc64(s->first, sizeof(int) * (sqlite3_uint64)capacity);
            if (!grown) return SQLITE_NOMEM;
            s->first = grown;
            s->capacity = capacity;
        }
        s->first[s->count++] = s->position;
    }
    s->position++;
    return SQLITE_OK;
}

/* The best window of one column, as snippet() chooses it: raises *best (and sets *start,
   *column, *size) when a window of this column scores higher than *best. */
static inline int newsd_snippet_column(const Fts5ExtensionApi *api, Fts5Context *fts, int column, int tokens, int phrases,
                                       int *best, int *start, int *bestColumn, int *bestSize) {
    NewsdMatches m;
    NewsdSentences sentences;
    memset(&sentences, 0, sizeof(sentences));
    int size = 0, length = 0;
    int rc = api->xColumnText(fts, column, &sentences.text, &length);
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, column, &size);
    if (rc != SQLITE_OK) return rc;
    rc = newsd_matches_load(api, fts, column, &m);
    if (rc == SQLITE_OK && m.count > 0 && size > tokens && sentences.text) {
        rc = api->xTokenize(fts, sentences.text, length, &sentences, newsd_sentences_callback);
    }
    int *counts = rc == SQLITE_OK && m.count > 0 ? (int *)sqlite3_malloc64(sizeof(int) * 2 * (sqlite3_uint64)phrases) : 0;
    if (rc == SQLITE_OK && m.count > 0 && !counts) rc = SQLITE_NOMEM;
    if (counts) {
        memset(counts, 0, sizeof(int) * 2 * (size_t)phrases);
        NewsdWindow atMatch = { &m, 0, 0, 0, 0, counts }, atSentence = { &m, 0, 0, 0, 0, counts + phrases };
        int sentence = 0;
        for (int i = 0; rc == SQLITE_OK && i < m.count; i++) {
            int offset = m.offset[i];
            if (offset > size) { rc = SQLITE_CORRUPT_VTAB; break; }
            /* The window starting at this match, then centred on the matches it holds. */
            newsd_window_move(&atMatch, offset, tokens);
            int score = newsd_window_score(&atMatch);
            if (score > *best) {
                int firstToken = m.offset[atMatch.low], lastToken = m.last[atMatch.high - 1] + 1;
                sqlite3_int64 adjusted = firstToken - (tokens - (lastToken - firstToken)) / 2;
                if (adjusted + tokens > size) adjusted = size - tokens;
                if (adjusted < 0) adjusted = 0;
                *best = score;
                *start = (int)adjusted;
                *bestColumn = column;
                *bestSize = size;
            }
            /* The window starting at the sentence this match is in. */
            if (sentences.count > 0 && size > tokens) {
                while (sentence + 1 < sentences.count && sentences.first[sentence + 1] <= offset) sentence++;
                int from = sentences.first[sentence];
                if (from < offset) {
                    newsd_window_move(&atSentence, from, tokens);
                    score = newsd_window_score(&atSentence) + (from == 0 ? 120 : 100);
                    if (score > *best) {
                        *best = score;
                        *start = from;
                        *bestColumn = column;
                        *bestSize = size;
                    }
                }
            }
        }
    }
    sqlite3_free(counts);
    sqlite3_free(sentences.first);
    newsd_matches_free(&m);
    return rc;
}

/* Writes the tokens [from, to] of a column with its matched spans between open and close
   (highlight()'s output for that range; to < 0 for the whole text). */
typedef struct NewsdMarker {
    const char *text;
    const char *open, *close;
    const NewsdMatches *m;
    int span;            /* next span to mark */
    int from, to;
    int position;
    int copied;          /* bytes of text written so far */
    int isOpen;
    NewsdBuffer *out;
    int rc;
} NewsdMarker;

enum { NEWSD_MARKER_PAST_RANGE = SQLITE_DONE };

static inline void newsd_marker_write(NewsdMarker *k, const char *bytes, size_t count) {
    if (k->rc == SQLITE_OK && count > 0) k->rc = newsd_buffer_append(k->out, bytes, count);
}

static inline void newsd_marker_copy_to(NewsdMarker *k, int offset) {
    if (offset > k->copied) newsd_marker_write(k, k->text + k->copied, (size_t)(offset - k->copied));
    if (offset > k->copied) k->copied = offset;
}

static inline int newsd_marker_callback(void *context, int flags, const char *token, int length, int start, int end) {
    (void)token;
    (void)length;
    NewsdMarker *k = (NewsdMarker *)context;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    int position = k->position++;
    if (k->to >= 0) {
        if (position > k->to) return NEWSD_MARKER_PAST_RANGE;
        if (position < k->from) return SQLITE_OK;
        if (k->from && position == k->from) k->copied = start;
    }
    int spanStart = k->span < k->m->spans ? k->m->spanStart[k->span] : -1;
    int spanEnd = k->span < k->m->spans ? k->m->spanEnd[k->span] : -1;
    /* a token outside the open span, past what was copied: close the mark */
    if (k->isOpen && (spanStart < 0 || position <= spanStart) && start > k->copied) {
        newsd_marker_write(k, k->close, strlen(k->close));
        k->isOpen = 0;
    }
    if (position == spanStart && !k->isOpen) {
        newsd_marker_copy_to(k, start);
        newsd_marker_write(k, k->open, strlen(k->open));
        k->isOpen = 1;
    }
    if (position == spanEnd) {
        if (!k->isOpen) {
            newsd_marker_write(k, k->open, strlen(k->open));
            k->isOpen = 1;
        }
        newsd_marker_copy_to(k, end);
        k->span++;
        spanStart = k->span < k->m->spans ? k->m->spanStart[k->span] : -1;
    }
    if (position == k->to) {
        if (k->isOpen) {
            if (spanStart >= 0 && position >= spanStart) newsd_marker_copy_to(k, end);
            newsd_marker_write(k, k->close, strlen(k->close));
            k->isOpen = 0;
        }
        newsd_marker_copy_to(k, end);
    }
    return k->rc;
}

static inline const char *newsd_text_argument(sqlite3_value *value) {
    const char *text = (const char *)sqlite3_value_text(value);
    return text ? text : "";
}

/* Returns the text built in `out` (or the error `rc`) and frees what a function built. */
static inline void newsd_finish(sqlite3_context *result, int rc, NewsdBuffer *out, NewsdMatches *m) {
    if (rc == SQLITE_OK) {
        sqlite3_result_text(result, out->data ? (const char *)out->data : "", (int)out->used, SQLITE_TRANSIENT);
    } else {
        sqlite3_result_error_code(result, rc);
    }
    newsd_buffer_free(out);
    newsd_matches_free(m);
}

/* newsd_snippet(articles_fts, column, open, close, ellipsis, tokens): see the top of this file. */
static inline void newsd_snippet(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result, int argc, sqlite3_value **argv) {
    if (argc != 5) {
        sqlite3_result_error(result, "newsd_snippet() takes a column, open and close marks, an ellipsis and a token count", -1);
        return;
    }
    int column = sqlite3_value_int(argv[0]), tokens = sqlite3_value_int(argv[4]);
    if (tokens > 1 << 20) tokens = 1 << 20;  /* keeps start + tokens within an int */
    const char *open = newsd_text_argument(argv[1]), *close = newsd_text_argument(argv[2]), *ellipsis = newsd_text_argument(argv[3]);
    int phrases = api->xPhraseCount(fts), columns = api->xColumnCount(fts);
    int rc = SQLITE_OK, best = 0, start = 0, bestColumn = column >= 0 ? column : 0, bestSize = 0;
    for (int c = 0; rc == SQLITE_OK && c < columns; c++) {
        if (column < 0 || column == c) rc = newsd_snippet_column(api, fts, c, tokens, phrases, &best, &start, &bestColumn, &bestSize);
    }
    const char *text = 0;
    int length = 0;
    if (rc == SQLITE_OK) rc = api->xColumnText(fts, bestColumn, &text, &length);
    if (rc == SQLITE_OK && bestSize == 0) rc = api->xColumnSize(fts, bestColumn, &bestSize);
    if (rc != SQLITE_OK || !text) {
        if (rc != SQLITE_OK) sqlite3_result_error_code(result, rc);
        return;
    }
    NewsdMatches m;
    NewsdBuffer out = { 0, 0, 0 };
    rc = newsd_matches_load(api, fts, bestColumn, &m);
    NewsdMarker k = { text, open, close, &m, 0, start, start + tokens - 1, 0, 0, 0, &out, rc };
    /* A span that begins before the window is not marked, even where it reaches into it. */
    while (k.span < m.spans && m.spanStart[k.span] < start) k.span++;
    if (start > 0) newsd_marker_write(&k, ellipsis, strlen(ellipsis));
    if (k.rc == SQLITE_OK) {
        rc = api->xTokenize(fts, text, length, &k, newsd_marker_callback);
        if (rc != SQLITE_OK && rc != NEWSD_MARKER_PAST_RANGE && k.rc == SQLITE_OK) k.rc = rc;
    }
    if (k.isOpen) newsd_marker_write(&k, close, strlen(close));
    if (k.to >= bestSize - 1) {
        newsd_marker_copy_to(&k, length);
    } else {
        newsd_marker_write(&k, ellipsis, strlen(ellipsis));
    }
    newsd_finish(result, k.rc, &out, &m);
}

/* Collects the text of each matched span once (byte-equal spans are one). */
typedef struct NewsdSpanText {
    const char *text;
    const NewsdMatches *m;
    int span, position;
    int spanBytes;       /* start byte of the span being read, or -1 */
    const char *open, *close;
    NewsdBuffer *out;
    uint64_t *seen;      /* open-addressing set of span hashes (0 = empty) */
    int seenCapacity, seenCount;
    int rc;
} NewsdSpanText;

enum { NEWSD_MATCHES_DISTINCT_MAX = 1024 };

static inline int newsd_span_text_callback(void *context, int flags, const char *token, int length, int start, int end) {
    (void)token;
    (void)length;
    NewsdSpanText *s = (NewsdSpanText *)context;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    int position = s->position++;
    if (s->span >= s->m->spans || s->seenCount >= NEWSD_MATCHES_DISTINCT_MAX) return NEWSD_MARKER_PAST_RANGE;
    if (position == s->m->spanStart[s->span]) s->spanBytes = start;
    if (position == s->m->spanEnd[s->span]) {
        int from = s->spanBytes >= 0 && s->spanBytes <= end ? s->spanBytes : start;
        if (end < from) end = from;
        uint64_t hash = newsd_text_hash(s->text + from, end - from) | 1;
        int slot = (int)(hash % (uint64_t)s->seenCapacity);
        while (s->seen[slot] && s->seen[slot] != hash) slot = (slot + 1) % s->seenCapacity;
        if (!s->seen[slot]) {
            s->seen[slot] = hash;
            s->seenCount++;
            if (s->out->used > 0 && s->rc == SQLITE_OK) s->rc = newsd_buffer_append(s->out, " ", 1);
            if (s->rc == SQLITE_OK) s->rc = newsd_buffer_append(s->out, s->open, strlen(s->open));
            if (s->rc == SQLITE_OK) s->rc = newsd_buffer_append(s->out, s->text + from, (size_t)(end - from));
            if (s->rc == SQLITE_OK) s->rc = newsd_buffer_append(s->out, s->close, strlen(s->close));
        }
        s->span++;
        s->spanBytes = -1;
    }
    return s->rc;
}

/* newsd_matches(articles_fts, column, open, close): see the top of this file. */
static inline void newsd_matches(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result, int argc, sqlite3_value **argv) {
    if (argc != 3) {
        sqlite3_result_error(result, "newsd_matches() takes a column and open and close marks", -1);
        return;
    }
    int column = sqlite3_value_int(argv[0]);
    const char *text = 0;
    int length = 0;
    int rc = api->xColumnText(fts, column, &text, &length);
    if (rc == SQLITE_RANGE) {
        sqlite3_result_text(result, "", 0, SQLITE_STATIC);
        return;
    }
    NewsdMatches m;
    NewsdBuffer out = { 0, 0, 0 };
    uint64_t seen[2 * NEWSD_MATCHES_DISTINCT_MAX];
    memset(seen, 0, sizeof(seen));
    if (rc == SQLITE_OK) rc = newsd_matches_load(api, fts, column, &m);
    else memset(&m, 0, sizeof(m));
    NewsdSpanText s = { text, &m, 0, 0, -1, newsd_text_argument(argv[1]), newsd_text_argument(argv[2]), &out,
                        seen, 2 * NEWSD_MATCHES_DISTINCT_MAX, 0, rc };
    if (s.rc == SQLITE_OK && text && m.spans > 0) {
        rc = api->xTokenize(fts, text, length, &s, newsd_span_text_callback);
        if (rc != SQLITE_OK && rc != NEWSD_MARKER_PAST_RANGE && s.rc == SQLITE_OK) s.rc = rc;
    }
    newsd_finish(result, s.rc, &out, &m);
}
#endif
