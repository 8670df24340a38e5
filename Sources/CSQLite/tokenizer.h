#ifndef NEWSD_CSQLITE_TOKENIZER_H
#define NEWSD_CSQLITE_TOKENIZER_H
#include <sqlite3.h>
#include <string.h>
#include "stemming.h"
#include "ranking.h"
#include "pretokenize.h"
#include "snippet.h"

/* ------------------------------------------------------------------------------------------
 * The `newsd` FTS5 tokenizer: a wrapper around another tokenizer that
 *
 *  - normalises Arabic before the wrapped tokenizer sees it: harakat, Quranic marks and
 *    tatweel are dropped; alef variants (U+0622 U+0623 U+0625 U+0671) become U+0627;
 *    alef maksura U+0649 becomes yeh U+064A; teh marbuta U+0629 becomes heh U+0647 (with
 *    Snowball, after stemming); the Persian and Urdu letter forms become the Arabic ones
 *    (farsi yeh U+06CC and yeh barree U+06D2 → yeh, keheh U+06A9 → kaf, heh with yeh above
 *    U+06C0 and heh goal U+06C1 → heh, as Lucene's Persian normaliser does: the same word
 *    typed on an Arabic or a Persian keyboard matches); Arabic-Indic and Persian digits
 *    become ASCII digits (٢٠١٥ and ۲۰۱۵ match 2015) (schema 15);
 *  - makes every CJK character (kana, ideographs, Hangul syllables) a token of its own, so
 *    that a query, which FTS5 turns into a phrase of those characters, is a substring match;
 *  - maps token offsets back to the original text, so snippet() highlights the original;
 *  - for documents, emits next to each stemmed token whose stem differs from the word an
 *    unstemmed form `\x01word` at the same position (FTS5_TOKEN_COLOCATED). A query
 *    string starting with U+E002 asks for those exact forms instead of stems, so a query
 *    can rank exact word forms above other forms of the word (see FTSCompiler). A word
 *    that is its own stem is indexed once: typed, it matches every form of itself.
 *
 * Two set-ups:
 *  - tokenize='newsd snowball unicode61 remove_diacritics 2' (schema 6 on): the wrapped
 *    tokenizer only splits and folds words; this one stems them with Snowball in the
 *    language a header names (stemming.h), and keeps exact forms of every word.
 *  - tokenize='newsd porter unicode61 remove_diacritics 2' (schema 2-5): the wrapped Porter
 *    tokenizer stems English; exact forms are kept for ASCII words only.
 * Text with no Arabic or CJK lead byte goes straight to the wrapped tokenizer (C speed).
 * ---------------------------------------------------------------------------------------- */

typedef struct NewsdTokenizer {
    fts5_tokenizer parent;
    Fts5Tokenizer *parentInstance;
    NewsdShared *shared;       /* the connection's; offers recorded tokens (pretokenize.h) */
    uint64_t settings;         /* hash of the arguments: a recording replays only into its own kind */
    int snowball;              /* 1: stems with Snowball itself (the parent only splits words) */
    NewsdStemmers stemmers;
} NewsdTokenizer;

typedef struct NewsdTokenContext {
    void *context;
    int (*emit)(void *, int, const char *, int, int, int);
    const char *text;      /* the text given to the wrapped tokenizer */
    const int *map;        /* byte offset in `text` -> offset in the original, or NULL */
    int base;              /* bytes skipped at the start of the original (headers, markers) */
    int mode;              /* 0 document, 1 query stems, 2 query exact forms, 3 aux */
    int snowball;          /* stems with `languages` (else the parent stemmed) */
    int prefix;            /* a prefix query (`word*`) */
    NewsdLanguages languages;
    char buffer[NEWSD_MAX_EXACT + 2];      /* an exact form */
    char stemBuffer[NEWSD_MAX_EXACT + 2];  /* a folded stem, an Arabic variant */
} NewsdTokenContext;

static inline int newsd_tok_create(void *shared, const char **args, int count, Fts5Tokenizer **out) {
    fts5_api *fts = (fts5_api *)((NewsdShared *)shared)->api;
    NewsdTokenizer *tokenizer = (NewsdTokenizer *)sqlite3_malloc(sizeof(NewsdTokenizer));
    if (!tokenizer) return SQLITE_NOMEM;
    memset(tokenizer, 0, sizeof(*tokenizer));
    tokenizer->shared = (NewsdShared *)shared;
    tokenizer->settings = newsd_text_hash("", 0);
    for (int i = 0; i < count; i++) {
        tokenizer->settings ^= newsd_text_hash(args[i], (int)strlen(args[i])) + 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
    }
    if (count > 0 && strcmp(args[0], "snowball") == 0) {
        tokenizer->snowball = 1;
        args++;
        count--;
    }
    const char *parentName = count > 0 ? args[0] : tokenizer->snowball ? "unicode61" : "porter";
    void *parentData = 0;
    int rc = fts->xFindTokenizer(fts, parentName, &parentData, &tokenizer->parent);
    if (rc == SQLITE_OK) {
        rc = tokenizer->parent.xCreate(parentData, count > 1 ? &args[1] : 0, count > 1 ? count - 1 : 0,
                                       &tokenizer->parentInstance);
    }
    if (rc != SQLITE_OK) {
        sqlite3_free(tokenizer);
        return rc;
    }
    *out = (Fts5Tokenizer *)tokenizer;
    return SQLITE_OK;
}

static inline void newsd_tok_delete(Fts5Tokenizer *instance) {
    NewsdTokenizer *tokenizer = (NewsdTokenizer *)instance;
    if (!tokenizer) return;
    if (tokenizer->parentInstance) tokenizer->parent.xDelete(tokenizer->parentInstance);
    newsd_stemmers_free(&tokenizer->stemmers);
    sqlite3_free(tokenizer);
}

/* The unstemmed, lower-cased ASCII form of text[start..end) with a \x01 prefix, when it
   differs from the stem; 0 when the span is not plain ASCII or equals the stem. */
static inline int newsd_exact_form(NewsdTokenContext *c, const char *stem, int stemLength, int start, int end) {
    int n = end - start;
    if (n <= 0 || n > 64) return 0;
    c->buffer[0] = 1;
    for (int i = 0; i < n; i++) {
        unsigned char b = (unsigned char)c->text[start + i];
        if (b >= 0x80) return 0;
        c->buffer[i + 1] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
    }
    if (n == stemLength && memcmp(c->buffer + 1, stem, n) == 0) return 0;
    return n + 1;
}

/* `\x01` + the token (Arabic letters folded) in the context's buffer; its length, or 0
   when the token is too long. */
static inline int newsd_exact_token(NewsdTokenContext *c, const char *token, int length) {
    if (length > NEWSD_MAX_EXACT) return 0;
    c->buffer[0] = 1;
    memcpy(c->buffer + 1, token, length);
    newsd_fold_arabic_letters(c->buffer + 1, length);
    return length + 1;
}

/* One word from the wrapped tokenizer in the Snowball set-up (see stemming.h). */
static inline int newsd_snowball_token(NewsdTokenContext *c, int flags, const char *token, int length, int start, int end) {
    if (c->mode == 3) return c->emit(c->context, flags, token, length, start, end);  /* only positions count */
    int stemLength, rc;
    if (c->mode == 0) {
        const char *stem = newsd_stem(c->languages.stemmers[0], token, length, &stemLength);
        int inflected = !(stemLength == length && memcmp(stem, token, length) == 0);
        if (newsd_has_arabic_letters_to_fold(stem, stemLength) && stemLength <= NEWSD_MAX_EXACT) {
            memcpy(c->stemBuffer, stem, stemLength);
            newsd_fold_arabic_letters(c->stemBuffer, stemLength);
            stem = c->stemBuffer;
        }
        rc = c->emit(c->context, flags, stem, stemLength, start, end);
        if (rc == SQLITE_OK && inflected) {
            int exact = newsd_exact_token(c, token, length);
            if (exact) rc = c->emit(c->context, FTS5_TOKEN_COLOCATED, c->buffer, exact, start, end);
        }
        return rc;
    }
    if (length > NEWSD_MAX_EXACT) {
        /* Too long for the alternatives (and so for an exact form): each language's stem as
           documents index it, or the word itself for a prefix. */
        rc = SQLITE_OK;
        for (int i = 0; rc == SQLITE_OK && i < (c->prefix ? 1 : c->languages.count); i++) {
            const char *stem = c->prefix ? token : newsd_stem(c->languages.stemmers[i], token, length, &stemLength);
            if (c->prefix) stemLength = length;
            rc = c->emit(c->context, i ? (flags | FTS5_TOKEN_COLOCATED) : flags, stem, stemLength, start, end);
        }
        return rc;
    }
    /* A query word: one alternative per language (duplicates merged), FTS5 ORs them. */
    NewsdAlternatives alternatives;
    alternatives.count = 0;
    int exact = newsd_exact_token(c, token, length);
    if (c->prefix || !exact) {
        /* Prefixes are not stemmed: `presiden*` should find "presidential" (stem "presidenti"). */
        newsd_alternatives_add(&alternatives, token, length);
        if (exact) newsd_alternatives_add(&alternatives, c->buffer, exact);
    } else {
        for (int i = 0; i < c->languages.count; i++) {
            NewsdStemmer *stemmer = c->languages.stemmers[i];
            const char *stem = newsd_stem(stemmer, token, length, &stemLength);
            int stemmed = !(stemLength == length && memcmp(stem, token, length) == 0);
            if (c->mode == 2) {
                /* Documents keep the exact form only where it differs from their stem. */
                if (stemmed) newsd_alternatives_add(&alternatives, c->buffer, exact);
                else newsd_alternatives_add(&alternatives, token, length);
                continue;
            }
            newsd_alternatives_add(&alternatives, stem, stemLength);
            if (c->languages.arabic[i]) {
                /* Arabic's light stemmer is not stable under clitics: also the word as typed
                   (the stem of its form with the article) and the stem of the other form. */
                newsd_alternatives_add(&alternatives, token, length);
                int variantLength = newsd_arabic_variant(token, length, c->stemBuffer);
                if (variantLength) {
                    stem = newsd_stem(stemmer, c->stemBuffer, variantLength, &stemLength);
                    newsd_alternatives_add(&alternatives, stem, stemLength);
                }
            }
        }
    }
    rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && i < alternatives.count; i++) {
        rc = c->emit(c->context, i ? (flags | FTS5_TOKEN_COLOCATED) : flags, alternatives.texts[i], alternatives.lengths[i], start, end);
    }
    return rc;
}

static inline int newsd_tok_callback(void *context, int flags, const char *token, int length, int start, int end) {
    NewsdTokenContext *c = (NewsdTokenContext *)context;
    int originalStart = (c->map ? c->map[start] : start) + c->base;
    int originalEnd = (c->map ? c->map[end] : end) + c->base;
    if (c->snowball) return newsd_snowball_token(c, flags, token, length, originalStart, originalEnd);
    if (c->mode == 2) {
        int exact = newsd_exact_form(c, token, length, start, end);
        if (exact) return c->emit(c->context, flags, c->buffer, exact, originalStart, originalEnd);
        return c->emit(c->context, flags, token, length, originalStart, originalEnd);
    }
    int rc = c->emit(c->context, flags, token, length, originalStart, originalEnd);
    if (rc == SQLITE_OK && c->mode == 0 && !(flags & FTS5_TOKEN_COLOCATED)) {
        int exact = newsd_exact_form(c, token, length, start, end);
        if (exact) rc = c->emit(c->context, FTS5_TOKEN_COLOCATED, c->buffer, exact, originalStart, originalEnd);
    }
    return rc;
}

/* True for a lead byte of a character the slow path handles (Arabic, CJK and beyond). */
static inline int newsd_needs_normalising(const unsigned char *text, int length) {
    for (int i = 0; i < length; i++) {
        unsigned char b = text[i];
        if (b < 0xD8) continue;
        if (b <= 0xDB || (b >= 0xE3 && b <= 0xED) || b == 0xEF || b == 0xF0) return 1;
    }
    return 0;
}

static inline int newsd_is_cjk(unsigned int c) {
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3100 && c <= 0x312F) || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* Arabic marks dropped for matching: harakat, superscript alef, Quranic marks, tatweel. */
static inline int newsd_is_arabic_mark(unsigned int c) {
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || (c >= 0x06D6 && c <= 0x06ED);
}

/* With Snowball, teh marbuta and alef maksura reach the stemmer (which reads them) and are
   folded in its output instead (newsd_fold_arabic_letters). */
static inline unsigned int newsd_arabic_fold(unsigned int c, int snowball) {
    if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
    switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627;
    case 0x0649: return snowball ? c : 0x064A;
    case 0x0629: return snowball ? c : 0x0647;
    case 0x06CC: case 0x06D2: return 0x064A;
    case 0x06A9: return 0x0643;
    case 0x06C0: case 0x06C1: return 0x0647;
    default: return c;
    }
}

/* The first and last code points newsd_arabic_fold changes. */
enum { NEWSD_ARABIC_FOLD_FIRST = 0x0622, NEWSD_ARABIC_FOLD_LAST = 0x06F9 };

/* Whether schema 14's tokenizer folded `c` already (alef variants, alef maksura, teh marbuta). */
static inline int newsd_folded_before_15(unsigned int c) {
    return c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671 || c == 0x0649 || c == 0x0629;
}

/* newsd_folds_since_15(text, …): 1 when a text holds a character the tokenizer folds since
   schema 15 (those newsd_arabic_fold changes that schema 14 kept: Persian and Urdu letters,
   Arabic-Indic and Persian digits), else 0. One pass over the bytes, skipping everything but
   the lead bytes of U+0640-U+06FF (every character the fold changes since): schema 15's
   migration asks it of every article text (SQLite's GLOB with a character class took 34 s
   at 200,000 articles). */
static inline int newsd_folds_since_15(const unsigned char *text, int length) {
    for (int i = 0; i + 1 < length; i++) {
        if (text[i] < 0xD9 || text[i] > 0xDB || (text[i + 1] & 0xC0) != 0x80) continue;
        unsigned int c = ((unsigned int)(text[i] & 0x1F) << 6) | (text[i + 1] & 0x3F);
        if (newsd_arabic_fold(c, 0) != c && !newsd_folded_before_15(c)) return 1;
    }
    return 0;
}

static inline void newsd_sql_folds_since_15(sqlite3_context *context, int argc, sqlite3_value **argv) {
    int found = 0;
    for (int a = 0; a < argc && !found; a++) {
        const unsigned char *text = sqlite3_value_text(argv[a]);
        if (text) found = newsd_folds_since_15(text, sqlite3_value_bytes(argv[a]));
    }
    sqlite3_result_int(context, found);
}

/* Decodes one UTF-8 character at text[i]; returns its length (1 for an invalid byte). */
static inline int newsd_decode(const unsigned char *text, int length, int i, unsigned int *out) {
    unsigned char b = text[i];
    int n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > length) { *out = 0xFFFFFFFF; return 1; }
    unsigned int c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n; k++) {
        unsigned char cb = text[i + k];
        if ((cb & 0xC0) != 0x80) { *out = 0xFFFFFFFF; return 1; }
        c = (c << 6) | (cb & 0x3F);
    }
    *out = c;
    return n;
}

static inline int newsd_encode(unsigned int c, char *out) {
    if (c < 0x80) { out[0] = (char)c; return 1; }
    if (c < 0x800) { out[0] = (char)(0xC0 | (c >> 6)); out[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12)); out[1] = (char)(0x80 | ((c >> 6) & 0x3F)); out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18)); out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F)); out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static inline int newsd_tok_tokenize(Fts5Tokenizer *instance, void *context, int flags, const char *text, int length,
                                     int (*emit)(void *, int, const char *, int, int, int)) {
    NewsdTokenizer *tokenizer = (NewsdTokenizer *)instance;
    if ((flags & FTS5_TOKENIZE_DOCUMENT) && tokenizer->shared->replay) {
        int rc = newsd_replay(tokenizer->shared, tokenizer->settings, text, length, context, emit);
        if (rc != SQLITE_NOTFOUND) return rc;
    }
    NewsdTokenContext c;
    memset(&c, 0, sizeof(c));
    c.context = context;
    c.emit = emit;
    if (flags & FTS5_TOKENIZE_DOCUMENT) c.mode = 0;
    else if (flags & FTS5_TOKENIZE_AUX) c.mode = 3;
    else c.mode = 1;
    if (tokenizer->snowball) {
        c.snowball = 1;
        c.prefix = (flags & FTS5_TOKENIZE_PREFIX) != 0;
        int header = newsd_read_language_header(&tokenizer->stemmers, &c.languages, text, length);
        text += header;
        length -= header;
        c.base = header;
        if (c.languages.count == 0) newsd_languages_add(&c.languages, newsd_stemmer_for(&tokenizer->stemmers, "en"), "en");
    }
    if ((flags & FTS5_TOKENIZE_QUERY) && length >= 3 && memcmp(text, "\xEE\x80\x82", 3) == 0) {
        text += 3;
        length -= 3;
        c.base += 3;
        if (!(flags & FTS5_TOKENIZE_PREFIX)) c.mode = 2;
    }
    if (!newsd_needs_normalising((const unsigned char *)text, length)) {
        c.text = text;
        return tokenizer->parent.xTokenize(tokenizer->parentInstance, &c, flags, text, length, newsd_tok_callback);
    }
    /* Slow path: a normalised copy and a map of its byte offsets to the original's, made
       in chunks that end at white space (no token spans one), so memory stays bounded. */
    enum { CHUNK = 32768 };
    const unsigned char *in = (const unsigned char *)text;
    char *normal = (char *)sqlite3_malloc64((sqlite3_uint64)CHUNK * 2 * 2 + 8);
    int *map = (int *)sqlite3_malloc64(((sqlite3_uint64)CHUNK * 2 * 2 + 9) * sizeof(int));
    if (!normal || !map) {
        sqlite3_free(normal);
        sqlite3_free(map);
        return SQLITE_NOMEM;
    }
    int skipped = c.base;
    int rc = SQLITE_OK;
    for (int chunk = 0; rc == SQLITE_OK && chunk < length;) {
        int stop = length;
        if (length - chunk > CHUNK) {
            int limit = chunk + 2 * CHUNK < length ? chunk + 2 * CHUNK : length;
            stop = chunk + CHUNK;
            while (stop < limit && in[stop] > 0x20) stop++;
            if (stop == limit && limit < length) {
                stop = chunk + CHUNK;  /* no white space: cut at a character boundary */
                while (stop > chunk && (in[stop] & 0xC0) == 0x80) stop--;
                if (stop == chunk) stop = chunk + CHUNK;
            }
        }
        int n = 0;
        for (int i = chunk; i < stop;) {
            unsigned int ch;
            int size = newsd_decode(in, stop, i, &ch);
            int at = i - chunk;
            if (ch == 0xFFFFFFFF) {
                map[n] = at; normal[n++] = text[i];
            } else if (newsd_is_arabic_mark(ch)) {
                /* dropped */
            } else if (newsd_is_cjk(ch)) {
                map[n] = at; normal[n++] = ' ';
                for (int k = 0; k < size; k++) { map[n] = at; normal[n++] = text[i + k]; }
                map[n] = at + size; normal[n++] = ' ';
            } else {
                unsigned int folded = (ch >= NEWSD_ARABIC_FOLD_FIRST && ch <= NEWSD_ARABIC_FOLD_LAST) ? newsd_arabic_fold(ch, c.snowball) : ch;
                if (folded == ch) {
                    for (int k = 0; k < size; k++) { map[n] = at; normal[n++] = text[i + k]; }
                } else {
                    char bytes[4];
                    int m = newsd_encode(folded, bytes);
                    for (int k = 0; k < m; k++) { map[n] = at; normal[n++] = bytes[k]; }
                }
            }
            i += size;
        }
        map[n] = stop - chunk;
        c.text = normal;
        c.map = map;
        c.base = skipped + chunk;
        rc = tokenizer->parent.xTokenize(tokenizer->parentInstance, &c, flags, normal, n, newsd_tok_callback);
        chunk = stop;
    }
    sqlite3_free(normal);
    sqlite3_free(map);
    return rc;
}

/* The connection's fts5_api, or NULL. */
static inline fts5_api *newsd_fts5_api(sqlite3 *db) {
    fts5_api *api = 0;
    sqlite3_stmt *statement = 0;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, 0) != SQLITE_OK) return 0;
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", 0);
    sqlite3_step(statement);
    if (sqlite3_finalize(statement) != SQLITE_OK || !api || api->iVersion < 2) return 0;
    return api;
}

/* Registers the `newsd` tokenizer, the newsd_bm25f() ranking function (ranking.h), the
   newsd_snippet() and newsd_matches() functions (snippet.h) and newsd_folds_since_15() on a
   connection (call once per connection). */
static inline int newsd_register_tokenizer(sqlite3 *db) {
    static fts5_tokenizer module = { newsd_tok_create, newsd_tok_delete, newsd_tok_tokenize };
    fts5_api *api = newsd_fts5_api(db);
    if (!api) return SQLITE_ERROR;
    NewsdShared *shared = (NewsdShared *)sqlite3_malloc(sizeof(NewsdShared));
    if (!shared) return SQLITE_NOMEM;
    memset(shared, 0, sizeof(*shared));
    shared->api = api;
    int rc = api->xCreateTokenizer(api, "newsd", (void *)shared, &module, sqlite3_free);
    if (rc != SQLITE_OK) {
        sqlite3_free(shared);  /* FTS5 calls the destructor only once it took the tokenizer */
        return rc;
    }
    rc = api->xCreateFunction(api, "newsd_bm25f", 0, newsd_bm25f, 0);
    if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "newsd_snippet", 0, newsd_snippet, 0);
    if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "newsd_matches", 0, newsd_matches, 0);
    if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "newsd_phrase_counts", 0, newsd_phrase_counts, 0);
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function(db, "newsd_folds_since_15", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, 0,
                                     newsd_sql_folds_since_15, 0, 0);
    }
    return rc;
}

/* The state the `newsd` tokenizer shares with the connection it was registered on (where
   the writer offers recorded tokens), or NULL. */
static inline NewsdShared *newsd_shared_state(sqlite3 *db) {
    fts5_api *api = newsd_fts5_api(db);
    void *shared = 0;
    fts5_tokenizer module;
    if (!api || api->xFindTokenizer(api, "newsd", &shared, &module) != SQLITE_OK) return 0;
    return (NewsdShared *)shared;
}

/* A `newsd` tokenizer instance of its own (for one thread at a time), made with the
   arguments of a `tokenize=` spec after its name, on a connection that registered it. */
static inline int newsd_tokenizer_open(sqlite3 *db, const char **args, int count, Fts5Tokenizer **out) {
    NewsdShared *shared = newsd_shared_state(db);
    if (!shared) return SQLITE_ERROR;
    return newsd_tok_create(shared, args, count, out);
}

static inline void newsd_tokenizer_close(Fts5Tokenizer *instance) { newsd_tok_delete(instance); }

/* Appends to `out` the recording of one column value as a document (see pretokenize.h). The
   instance must come from a connection that never offers recordings (newsd_tokenizer_open). */
static inline int newsd_record_column(Fts5Tokenizer *instance, const char *text, int length, NewsdBuffer *out) {
    unsigned char header[NEWSD_COLUMN_HEADER] = { 0 };
    uint64_t settings = ((NewsdTokenizer *)instance)->settings, hash = newsd_text_hash(text, length);
    uint32_t textLength = (uint32_t)length;
    memcpy(header, &settings, 8);
    memcpy(header + 8, &hash, 8);
    memcpy(header + 16, &textLength, 4);
    size_t at = out->used;
    int rc = newsd_buffer_append(out, header, sizeof(header));
    if (rc != SQLITE_OK) return rc;
    NewsdRecorder recorder = { out, 0 };
    rc = newsd_tok_tokenize(instance, &recorder, FTS5_TOKENIZE_DOCUMENT, text, length, newsd_record_token);
    if (rc != SQLITE_OK) return rc;
    size_t tokenBytes = out->used - at - NEWSD_COLUMN_HEADER;
    if (tokenBytes > UINT32_MAX) return SQLITE_TOOBIG;
    uint32_t stored = (uint32_t)tokenBytes;
    memcpy(out->data + at + 20, &stored, 4);
    return SQLITE_OK;
}
#endif
