#ifndef NEWSD_CSQLITE_RANKING_H
#define NEWSD_CSQLITE_RANKING_H
#include <math.h>
#include <sqlite3.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------
 * newsd_bm25f(articles_fts, w0, w1, …): BM25F ranking (Robertson, Zaragoza & Taylor 2004).
 *
 * FTS5's bm25() adds up a phrase's weighted counts over the columns and normalises the sum by
 * the length of the whole row: a title is long or short only through the body beside it, and
 * a word in a 40-word title (a file whose first sentence became its title) weighs as much as
 * one in a 6-word headline. Here each column's count is normalised by that column's length
 * against the column's average, then weighted, then saturated once per phrase:
 *
 *     score = Σ_phrase idf · t (k1 + 1) / (t + k1),  t = Σ_column w · tf / (1 − b + b · len / avglen)
 *
 * idf as bm25() computes it (log((N − n + 0.5) / (n + 0.5)), at least 1e-6); k1 and b
 * are parameters (0.8 and 0.75 by default). Returns −score, as bm25() does: lower ranks first.
 * ---------------------------------------------------------------------------------------- */
typedef struct NewsdBM25F {
    int phrases;
    int columns;
    double *idf;      /* per phrase */
    double *average;  /* per column: mean length in tokens */
    int keep;         /* top-k pruning (see newsd_bm25f): rows kept exact, 0 for none */
    int kept;
    double *best;     /* min-heap of the `kept` best exact scores so far */
} NewsdBM25F;

enum { NEWSD_BM25F_COLUMNS = 8, NEWSD_BM25F_KEEP_MAX = 100000 };

/* What newsd_bm25f saw in one statement, when given a pointer to one (bound with
   newsd_bind_tally): every row it scored, and those at `copyFrom` and above (near copies).
   The search learns its total from it instead of counting the matches in a second query. */
typedef struct NewsdRankTally {
    sqlite3_int64 rows;
    sqlite3_int64 copies;
    sqlite3_int64 copyFrom;
    /* One bit per article id below `seenLimit`, set when that article was scored: which
       articles a matching near copy folds into (its article matched too, or not). */
    unsigned char *seen;
    sqlite3_int64 seenLimit;
    /* Each phrase's document count when already known (newsd_phrase_counts: for a search
       split over two connections), -1 where not; null for none. */
    const sqlite3_int64 *phraseHits;
    int phraseHitCount;
} NewsdRankTally;

static inline int newsd_bind_tally(sqlite3_stmt *statement, int index, NewsdRankTally *tally) {
    return sqlite3_bind_pointer(statement, index, tally, "newsd_tally", 0);
}

static inline int newsd_bm25f_count(const Fts5ExtensionApi *api, Fts5Context *fts, void *rows) {
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)rows)++;
    return SQLITE_OK;
}

/* Whether phrase p shares the idf of the phrase before it: the same letter in the phrase map
   means that word's exact form (see FTSCompiler). */
static inline int newsd_shares_idf(const char *map, int mapLength, int p) {
    return p > 0 && p < mapLength && map[p] != '-' && map[p] == map[p - 1];
}

/* The number of rows matching phrase p: a walk of its whole document list. */
static inline int newsd_phrase_hits(const Fts5ExtensionApi *api, Fts5Context *fts, int p, sqlite3_int64 *hits) {
    *hits = 0;
    return api->xQueryPhrase(fts, p, (void *)hits, newsd_bm25f_count);
}

/* The query's statistics, computed on its first row and kept for the others. A phrase that
   shares the idf of the one before it (newsd_shares_idf) takes it, as BM25F gives a term
   one idf across its fields, and its document count is not walked a second time (on a
   common word, the walk is most of the query's time). Counts the tally carries are not
   walked either. */
static inline NewsdBM25F *newsd_bm25f_data(const Fts5ExtensionApi *api, Fts5Context *fts, const char *map, int keep,
                                           const NewsdRankTally *tally, int *rc) {
    NewsdBM25F *data = (NewsdBM25F *)api->xGetAuxdata(fts, 0);
    if (data) return data;
    int phrases = api->xPhraseCount(fts), columns = api->xColumnCount(fts);
    int mapLength = map ? (int)strlen(map) : 0;
    data = (NewsdBM25F *)sqlite3_malloc64(sizeof(NewsdBM25F) + sizeof(double) * (sqlite3_uint64)(phrases + columns + keep));
    if (!data) { *rc = SQLITE_NOMEM; return 0; }
    data->phrases = phrases;
    data->columns = columns;
    data->idf = (double *)&data[1];
    data->average = data->idf + phrases;
    data->best = data->average + columns;
    data->keep = keep;
    data->kept = 0;
    sqlite3_int64 rows = 0;
    *rc = api->xRowCount(fts, &rows);
    for (int c = 0; *rc == SQLITE_OK && c < columns; c++) {
        sqlite3_int64 tokens = 0;
        *rc = api->xColumnTotalSize(fts, c, &tokens);
        data->average[c] = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
    }
    for (int p = 0; *rc == SQLITE_OK && p < phrases; p++) {
        if (newsd_shares_idf(map, mapLength, p)) {
            data->idf[p] = data->idf[p - 1];
            continue;
        }
        sqlite3_int64 hits = tally && tally->phraseHits && p < tally->phraseHitCount ? tally->phraseHits[p] : -1;
        if (hits < 0) *rc = newsd_phrase_hits(api, fts, p, &hits);
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        data->idf[p] = idf > 1e-6 ? idf : 1e-6;
    }
    if (*rc != SQLITE_OK) { sqlite3_free(data); return 0; }
    *rc = api->xSetAuxdata(fts, data, sqlite3_free);
    return *rc == SQLITE_OK ? data : 0;
}

/* Keeps `score` among the best `keep` seen (a min-heap: best[0] is the lowest kept). */
static inline void newsd_bm25f_keep(NewsdBM25F *data, double score) {
    double *heap = data->best;
    int i;
    if (data->kept < data->keep) {
        for (i = data->kept++; i > 0 && heap[(i - 1) / 2] > score; i = (i - 1) / 2) heap[i] = heap[(i - 1) / 2];
        heap[i] = score;
        return;
    }
    if (score <= heap[0]) return;
    for (i = 0;;) {
        int child = 2 * i + 1;
        if (child >= data->kept) break;
        if (child + 1 < data->kept && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= score) break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = score;
}

enum { NEWSD_PROXIMITY_WORDS = 16, NEWSD_PROXIMITY_COLUMNS = 4, NEWSD_PROXIMITY_POSITIONS = 32 };

/* The proximity bonus: for each pair of consecutive query words (word w then word w + 1,
   as the phrase map says, see newsd_bm25f), how often the second follows the first directly
   in one column, saturated like a term frequency and weighted by the pair's mean idf. Only
   the first NEWSD_PROXIMITY_POSITIONS occurrences of a word in a column are looked at. */
static inline double newsd_proximity(const Fts5ExtensionApi *api, Fts5Context *fts, const NewsdBM25F *data,
                                     const char *map, int mapLength, int instances, double k1, int *rc) {
    int positions[NEWSD_PROXIMITY_WORDS][NEWSD_PROXIMITY_COLUMNS][NEWSD_PROXIMITY_POSITIONS];
    int counts[NEWSD_PROXIMITY_WORDS][NEWSD_PROXIMITY_COLUMNS];
    int firstPhrase[NEWSD_PROXIMITY_WORDS];
    int words = 0;
    memset(counts, 0, sizeof(counts));
    for (int p = 0; p < mapLength && p < data->phrases; p++) {
        int w = map[p] - 'a';
        if (w < 0 || w >= NEWSD_PROXIMITY_WORDS) continue;
        if (w >= words) {
            for (int k = words; k <= w; k++) firstPhrase[k] = -1;
            words = w + 1;
        }
        if (firstPhrase[w] < 0) firstPhrase[w] = p;
    }
    if (words < 2) return 0;
    for (int i = 0; *rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        *rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (*rc != SQLITE_OK || phrase >= mapLength || column >= NEWSD_PROXIMITY_COLUMNS) continue;
        int w = map[phrase] - 'a';
        if (w < 0 || w >= words) continue;
        int n = counts[w][column];
        /* a word's stem and exact form are two phrases at one position: keep it once */
        if (n < NEWSD_PROXIMITY_POSITIONS && (n == 0 || positions[w][column][n - 1] != offset)) {
            positions[w][column][n] = offset;
            counts[w][column] = n + 1;
        }
    }
    double bonus = 0;
    for (int w = 0; w + 1 < words; w++) {
        if (firstPhrase[w] < 0 || firstPhrase[w + 1] < 0) continue;
        double pairs = 0;
        for (int c = 0; c < NEWSD_PROXIMITY_COLUMNS; c++) {
            for (int a = 0; a < counts[w][c]; a++) {
                for (int b = 0; b < counts[w + 1][c]; b++) {
                    if (positions[w + 1][c][b] - positions[w][c][a] == 1) pairs += 1;
                }
            }
        }
        if (pairs > 0) {
            double idf = 0.5 * (data->idf[firstPhrase[w]] + data->idf[firstPhrase[w + 1]]);
            bonus += idf * pairs * (k1 + 1.0) / (pairs + k1);
        }
    }
    return bonus;
}

/* The BM25F sum for per-phrase, per-column hit counts `tf` (phrases × columns) with the
   columns' length norms `norm`. */
static inline double newsd_bm25f_sum(const NewsdBM25F *data, const int *tf, const double *norm, const double *weight, double k1) {
    double score = 0;
    for (int p = 0; p < data->phrases; p++) {
        double t = 0;
        for (int c = 0; c < data->columns; c++) {
            if (tf[p * data->columns + c] && norm[c] > 0) t += weight[c] * tf[p * data->columns + c] / norm[c];
        }
        if (t > 0) score += data->idf[p] * t * (k1 + 1.0) / (t + k1);
    }
    return score;
}

/* newsd_bm25f(articles_fts, weight per column…, k1, b, proximity, phrase map, keep, tally): the
   score described above, plus `proximity` × the bonus of newsd_proximity. The phrase map is
   a string with one letter per query phrase: 'a' for phrases of the query's first word, 'b'
   for the second…, '-' for phrases outside that word sequence. Parameters left out take
   their defaults (weights 1, k1 0.8, b 0.75, no proximity bonus, keep 0, no tally).
 *
 * keep = k > 0 is for `ORDER BY score LIMIT k` (offset included): only the k best rows need
 * their exact score. A column's length is a row lookup in FTS5's docsize table, most of the
 * cost of scoring a row on a common word, and a column is at least as long as its most
 * frequent query phrase; with that length the score is an upper bound of the exact one. A
 * row whose bound does not beat the k-th best exact score so far cannot reach the first k:
 * it gets its bound (a hair worse, so ties stay with the exact rows) and no lookup. The k
 * rows returned carry exact scores. Pruning needs weights ≥ 0. */
static inline void newsd_bm25f(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                               int argc, sqlite3_value **argv) {
    int rc = SQLITE_OK;
    int columns = api->xColumnCount(fts);
    double k1 = argc > columns ? sqlite3_value_double(argv[columns]) : 0.8;
    double b = argc > columns + 1 ? sqlite3_value_double(argv[columns + 1]) : 0.75;
    double proximity = argc > columns + 2 ? sqlite3_value_double(argv[columns + 2]) : 0;
    const char *map = argc > columns + 3 ? (const char *)sqlite3_value_text(argv[columns + 3]) : 0;
    sqlite3_int64 keepAsked = argc > columns + 4 ? sqlite3_value_int64(argv[columns + 4]) : 0;
    int keep = keepAsked > 0 && keepAsked <= NEWSD_BM25F_KEEP_MAX ? (int)keepAsked : 0;
    NewsdRankTally *tally = argc > columns + 5 ? (NewsdRankTally *)sqlite3_value_pointer(argv[columns + 5], "newsd_tally") : 0;
    if (tally) {
        sqlite3_int64 rowid = api->xRowid(fts);
        tally->rows++;
        if (rowid >= tally->copyFrom) tally->copies++;
        else if (rowid >= 0 && rowid < tally->seenLimit) tally->seen[rowid >> 3] |= (unsigned char)(1u << (rowid & 7));
    }
    if (!(k1 > 0)) k1 = 0.8;
    if (!(b >= 0 && b <= 1)) b = 0.75;
    double weight[NEWSD_BM25F_COLUMNS], norm[NEWSD_BM25F_COLUMNS];
    if (columns > NEWSD_BM25F_COLUMNS) { sqlite3_result_error(context, "newsd_bm25f: too many columns", -1); return; }
    for (int c = 0; c < columns; c++) {
        weight[c] = c < argc ? sqlite3_value_double(argv[c]) : 1.0;
        if (!(weight[c] >= 0)) keep = 0;
    }
    NewsdBM25F *data = newsd_bm25f_data(api, fts, map, keep, tally, &rc);
    if (!data) { sqlite3_result_error_code(context, rc); return; }

    int phrases = data->phrases, instances = 0;
    int small[256];
    int *tf = phrases * columns <= 256 ? small : (int *)sqlite3_malloc64(sizeof(int) * (sqlite3_uint64)(phrases * columns));
    if (!tf) { sqlite3_result_error_code(context, SQLITE_NOMEM); return; }
    memset(tf, 0, sizeof(int) * (size_t)(phrases * columns));
    rc = api->xInstCount(fts, &instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && phrase < phrases && column < columns) tf[phrase * columns + column]++;
    }
    double bonus = 0;
    if (rc == SQLITE_OK && proximity > 0 && map) {
        bonus = proximity * newsd_proximity(api, fts, data, map, (int)strlen(map), instances, k1, &rc);
    }
    double score = 0;
    int pruned = 0;
    if (rc == SQLITE_OK && data->keep > 0 && data->kept == data->keep) {
        for (int c = 0; c < columns; c++) {
            int longest = 1;
            for (int p = 0; p < phrases; p++) if (tf[p * columns + c] > longest) longest = tf[p * columns + c];
            norm[c] = 1.0 - b + b * (double)longest / data->average[c];
        }
        double bound = newsd_bm25f_sum(data, tf, norm, weight, k1) + bonus;
        if (bound <= data->best[0]) {
            score = nextafter(bound, -INFINITY);
            pruned = 1;
        }
    }
    if (rc == SQLITE_OK && !pruned) {
        for (int c = 0; rc == SQLITE_OK && c < columns; c++) {
            int length = 0;
            rc = api->xColumnSize(fts, c, &length);
            norm[c] = 1.0 - b + b * (double)length / data->average[c];
        }
        score = newsd_bm25f_sum(data, tf, norm, weight, k1) + bonus;
        if (data->keep > 0) newsd_bm25f_keep(data, score);
    }
    if (tf != small) sqlite3_free(tf);
    if (rc != SQLITE_OK) sqlite3_result_error_code(context, rc);
    else sqlite3_result_double(context, -score);
}

/* newsd_phrase_counts(articles_fts, phrase map): each phrase's document count, the walks
   newsd_bm25f makes on its first row, for a search split over two connections (one thread
   each, see SplitRanking): a blob of one 64-bit integer per phrase, -1 for phrases that share
   the idf of the one before. The rankings then take the counts through their tallies instead
   of each walking them. Run it on one matching row (`LIMIT 1`). */
static inline void newsd_phrase_counts(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                                       int argc, sqlite3_value **argv) {
    const char *map = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : 0;
    int mapLength = map ? (int)strlen(map) : 0;
    int phrases = api->xPhraseCount(fts);
    sqlite3_int64 *out = (sqlite3_int64 *)sqlite3_malloc64(sizeof(sqlite3_int64) * (sqlite3_uint64)(phrases > 0 ? phrases : 1));
    if (!out) { sqlite3_result_error_code(context, SQLITE_NOMEM); return; }
    int rc = SQLITE_OK;
    for (int p = 0; rc == SQLITE_OK && p < phrases; p++) {
        out[p] = -1;
        if (!newsd_shares_idf(map, mapLength, p)) rc = newsd_phrase_hits(api, fts, p, &out[p]);
    }
    if (rc != SQLITE_OK) { sqlite3_free(out); sqlite3_result_error_code(context, rc); return; }
    sqlite3_result_blob(context, out, (int)(sizeof(sqlite3_int64) * (size_t)phrases), sqlite3_free);
}
#endif
