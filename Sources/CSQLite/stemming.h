#ifndef NEWSD_CSQLITE_STEMMING_H
#define NEWSD_CSQLITE_STEMMING_H
/* ------------------------------------------------------------------------------------------
 * Snowball stemming per language for the `newsd` tokenizer (libstemmer, Debian libstemmer-dev).
 *
 * A text handed to the tokenizer may start with a language header: U+E003, language codes
 * (ISO 639, `en` or `eng`; region subtags ignored) separated by commas, then a space.
 *  - A document (an article's column value, see the `articles_fts_content` view) names its
 *    one language; its words are indexed as that language's stems, and each word whose stem
 *    differs is also indexed unstemmed as `\x01word` at the same position.
 *  - A query string names the languages to search in (those present in the index, or the
 *    `lang:` filter): each word matches any of its stems in those languages.
 * Without a header, English. A language with no Snowball algorithm is not stemmed.
 * ---------------------------------------------------------------------------------------- */
#include <libstemmer.h>
#include <sqlite3.h>
#include <string.h>

/* NEWSD_MAX_STEMMERS: more than libstemmer's 2-3 letter names (64 in libstemmer 2.2), since only codes with an
   algorithm are cached. */
enum { NEWSD_MAX_QUERY_LANGUAGES = 80, NEWSD_MAX_STEMMERS = 80, NEWSD_MAX_EXACT = 255, NEWSD_MAX_ALTERNATIVES = 80 };

enum { NEWSD_STEM_CACHE_SLOTS = 8192, NEWSD_STEM_CACHE_WORD = 23 };

/* A word and its stem, for words up to NEWSD_STEM_CACHE_WORD bytes (most of them). */
typedef struct NewsdStemCacheSlot {
    unsigned char wordLength, stemLength;
    char word[NEWSD_STEM_CACHE_WORD];
    char stem[NEWSD_STEM_CACHE_WORD];
} NewsdStemCacheSlot;

/* One language's stemmer, created on first use (entries exist only for languages Snowball
   has), with a direct-mapped cache of recent stems: news text repeats a few thousand words,
   and a cache probe costs a fraction of a Snowball run (18% of the writer's time before). */
typedef struct NewsdStemmer {
    char code[4];
    struct sb_stemmer *stemmer;
    NewsdStemCacheSlot *cache;  /* NEWSD_STEM_CACHE_SLOTS slots, allocated after a query's worth of words */
    int stems;                  /* words stemmed before the cache exists */
} NewsdStemmer;

/* The stemmers of one tokenizer instance (one FTS table on one connection: one thread at a
   time, which is what a libstemmer stemmer allows). */
typedef struct NewsdStemmers {
    NewsdStemmer entries[NEWSD_MAX_STEMMERS];
    int count;
} NewsdStemmers;

static inline void newsd_stemmers_free(NewsdStemmers *stemmers) {
    for (int i = 0; i < stemmers->count; i++) {
        if (stemmers->entries[i].stemmer) sb_stemmer_delete(stemmers->entries[i].stemmer);
        sqlite3_free(stemmers->entries[i].cache);
    }
    stemmers->count = 0;
}

/* The stemmer for a 2-3 letter lowercase code, or NULL (no algorithm, or too many languages). */
static inline NewsdStemmer *newsd_stemmer_for(NewsdStemmers *stemmers, const char *code) {
    for (int i = 0; i < stemmers->count; i++) {
        if (strcmp(stemmers->entries[i].code, code) == 0) return &stemmers->entries[i];
    }
    /* Only codes with an algorithm are kept: what a code stems to must not depend on the codes
       this instance met before (documents are tokenized again by 'delete' and the check). */
    struct sb_stemmer *stemmer = sb_stemmer_new(code, "UTF_8");
    if (!stemmer) return 0;
    if (stemmers->count == NEWSD_MAX_STEMMERS) { sb_stemmer_delete(stemmer); return 0; }  /* not with libstemmer's names */
    NewsdStemmer *entry = &stemmers->entries[stemmers->count++];
    size_t n = strlen(code);
    memcpy(entry->code, code, n < 3 ? n + 1 : 4);
    entry->code[3] = 0;
    entry->stemmer = stemmer;
    entry->cache = 0;
    entry->stems = 0;
    return entry;
}

/* The languages one tokenize call stems with. A NULL stemmer stands for "unstemmed". */
typedef struct NewsdLanguages {
    NewsdStemmer *stemmers[NEWSD_MAX_QUERY_LANGUAGES];
    int arabic[NEWSD_MAX_QUERY_LANGUAGES];   /* the stemmer is Arabic's (see newsd_arabic_variant) */
    int count;
} NewsdLanguages;

static inline void newsd_languages_add(NewsdLanguages *languages, NewsdStemmer *stemmer, const char *code) {
    for (int i = 0; i < languages->count; i++) {
        if (languages->stemmers[i] == stemmer) return;
    }
    if (languages->count == NEWSD_MAX_QUERY_LANGUAGES) return;
    languages->arabic[languages->count] = stemmer && (strcmp(code, "ar") == 0 || strcmp(code, "ara") == 0);
    languages->stemmers[languages->count++] = stemmer;
}

/* Reads a language header at the start of `text` into `languages`; returns its length in
   bytes (0 when there is none, and then `languages` is left empty). */
static inline int newsd_read_language_header(NewsdStemmers *stemmers, NewsdLanguages *languages,
                                             const char *text, int length) {
    languages->count = 0;
    if (length < 4 || memcmp(text, "\xEE\x80\x83", 3) != 0) return 0;
    char code[4];
    int letters = 0, inCode = 1;
    for (int i = 3; i < length; i++) {
        char ch = text[i];
        if (ch == ',' || ch == ' ') {
            if (letters >= 2) {
                code[letters] = 0;
                newsd_languages_add(languages, newsd_stemmer_for(stemmers, code), code);
            }
            letters = 0;
            inCode = 1;
            if (ch == ' ') return i + 1;
            continue;
        }
        if (!inCode) continue;
        char lower = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
        if (lower >= 'a' && lower <= 'z' && letters < 3) {
            code[letters++] = lower;
        } else {
            inCode = 0;  /* a region subtag (`pt-BR`) or anything else: the code ends here */
        }
    }
    languages->count = 0;
    return 0;
}

/* `token` stemmed by `stemmer` (the token itself when NULL); the result stays valid until
   that stemmer stems again. */
static inline const char *newsd_stem(NewsdStemmer *stemmer, const char *token, int length, int *stemLength) {
    if (!stemmer) {
        *stemLength = length;
        return token;
    }
    NewsdStemCacheSlot *slot = 0;
    if (length > 0 && length <= NEWSD_STEM_CACHE_WORD) {
        /* Documents stem thousands of words; a query a handful, which need no 384 KB cache. */
        if (!stemmer->cache && ++stemmer->stems > 256) {
            stemmer->cache = (NewsdStemCacheSlot *)sqlite3_malloc64(sizeof(NewsdStemCacheSlot) * NEWSD_STEM_CACHE_SLOTS);
            if (stemmer->cache) memset(stemmer->cache, 0, sizeof(NewsdStemCacheSlot) * NEWSD_STEM_CACHE_SLOTS);
        }
        if (stemmer->cache) {
            unsigned int hash = 2166136261u;  /* FNV-1a */
            for (int i = 0; i < length; i++) hash = (hash ^ (unsigned char)token[i]) * 16777619u;
            slot = &stemmer->cache[hash & (NEWSD_STEM_CACHE_SLOTS - 1)];
            if (slot->wordLength == length && memcmp(slot->word, token, length) == 0) {
                *stemLength = slot->stemLength;
                return slot->stem;
            }
        }
    }
    const sb_symbol *stem = sb_stemmer_stem(stemmer->stemmer, (const sb_symbol *)token, length);
    if (!stem) {  /* out of memory: index the word as it is */
        *stemLength = length;
        return token;
    }
    *stemLength = sb_stemmer_length(stemmer->stemmer);
    if (slot && *stemLength <= NEWSD_STEM_CACHE_WORD) {
        slot->wordLength = (unsigned char)length;
        memcpy(slot->word, token, length);
        slot->stemLength = (unsigned char)*stemLength;
        memcpy(slot->stem, stem, *stemLength);
    }
    return (const char *)stem;
}

/* Arabic letters Snowball reads but informal spelling varies on, folded in what is indexed
   (after stemming, which needs them): teh marbuta U+0629 -> heh U+0647, alef maksura
   U+0649 -> yeh U+064A. Both pairs are two bytes in UTF-8, so folding is in place. */
static inline void newsd_fold_arabic_letters(char *text, int length) {
    for (int i = 0; i + 1 < length; i++) {
        unsigned char a = (unsigned char)text[i], b = (unsigned char)text[i + 1];
        if (a == 0xD8 && b == 0xA9) { text[i] = (char)0xD9; text[i + 1] = (char)0x87; i++; }
        else if (a == 0xD9 && b == 0x89) { text[i + 1] = (char)0x8A; i++; }
    }
}

static inline int newsd_has_arabic_letters_to_fold(const char *text, int length) {
    for (int i = 0; i + 1 < length; i++) {
        unsigned char a = (unsigned char)text[i], b = (unsigned char)text[i + 1];
        if ((a == 0xD8 && b == 0xA9) || (a == 0xD9 && b == 0x89)) return 1;
    }
    return 0;
}

/* The distinct tokens a query word may match, copied (stemmers reuse their buffers). The
   first is emitted with the caller's flags, the others as FTS5_TOKEN_COLOCATED alternatives. */
typedef struct NewsdAlternatives {
    char texts[NEWSD_MAX_ALTERNATIVES][NEWSD_MAX_EXACT + 2];
    int lengths[NEWSD_MAX_ALTERNATIVES];
    int count;
} NewsdAlternatives;

/* Adds `text` (with Arabic letters folded) unless already there; 0 when it does not fit. */
static inline int newsd_alternatives_add(NewsdAlternatives *alternatives, const char *text, int length) {
    if (length < 0 || length > NEWSD_MAX_EXACT + 1 || alternatives->count == NEWSD_MAX_ALTERNATIVES) return 0;
    char *slot = alternatives->texts[alternatives->count];
    memcpy(slot, text, length);
    newsd_fold_arabic_letters(slot, length);
    for (int i = 0; i < alternatives->count; i++) {
        if (alternatives->lengths[i] == length && memcmp(alternatives->texts[i], slot, length) == 0) return 1;
    }
    alternatives->lengths[alternatives->count++] = length;
    return 1;
}

/* The word with its Arabic definite article toggled (`al-` added, or removed), for query
   words: Snowball's Arabic stemmer strips different suffixes from a word with and without
   the article (القلمون -> قلم, قلمون -> قلمون), so a query matches both stems. 0 when the
   word is not Arabic or too long. */
static inline int newsd_arabic_variant(const char *token, int length, char *out) {
    static const char article[] = "\xD8\xA7\xD9\x84";  /* ال */
    if (length < 4 || (unsigned char)token[0] < 0xD8 || (unsigned char)token[0] > 0xDB) return 0;
    if (memcmp(token, article, 4) == 0) {
        if (length < 8) return 0;
        memcpy(out, token + 4, length - 4);
        return length - 4;
    }
    if (length + 4 > NEWSD_MAX_EXACT) return 0;
    memcpy(out, article, 4);
    memcpy(out + 4, token, length);
    return length + 4;
}
#endif
