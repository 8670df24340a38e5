#ifndef NEWSD_CSQLITE_RANKING_H
#define NEWSD_CSQLITE_RANKING_H
#include <math.h>
#include <sqlite3.h>

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
 * idf as bm25() computes it (log((N − n + 0.5) / (n + 0.5)), at least 1e-6); k1 = 0.8,
 * b = 0.75. Returns −score, as bm25() does: lower ranks first.
 * ---------------------------------------------------------------------------------------- */
typedef struct NewsdBM25F {
    int phrases;
    int columns;
    double *idf;      /* per phrase */
    double *average;  /* per column: mean length in tokens */
} NewsdBM25F;

static inline int newsd_bm25f_count(const Fts5ExtensionApi *api, Fts5Context *fts, void *rows) {
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)rows)++;
    return SQLITE_OK;
}

/* The query's statistics, computed on its first row and kept for the others. */
static inline NewsdBM25F *newsd_bm25f_data(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc) {
    NewsdBM25F *data = (NewsdBM25F *)api->xGetAuxdata(fts, 0);
    if (data) return data;
    int phrases = api->xPhraseCount(fts), columns = api->xColumnCount(fts);
    data = (NewsdBM25F *)sqlite3_malloc64(sizeof(NewsdBM25F) + sizeof(double) * (sqlite3_uint64)(phrases + columns));
    if (!data) { *rc = SQLITE_NOMEM; return 0; }
    data->phrases = phrases;
    data->columns = columns;
    data->idf = (double *)&data[1];
    data->average = data->idf + phrases;
    sqlite3_int64 rows = 0;
    *rc = api->xRowCount(fts, &rows);
    for (int c = 0; *rc == SQLITE_OK && c < columns; c++) {
        sqlite3_int64 tokens = 0;
        *rc = api->xColumnTotalSize(fts, c, &tokens);
        data->average[c] = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
    }
    for (int p = 0; *rc == SQLITE_OK && p < phrases; p++) {
        sqlite3_int64 hits = 0;
        *rc = api->xQueryPhrase(fts, p, (void *)&hits, newsd_bm25f_count);
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        data->idf[p] = idf > 1e-6 ? idf : 1e-6;
    }
    if (*rc != SQLITE_OK) { sqlite3_free(data); return 0; }
    *rc = api->xSetAuxdata(fts, data, sqlite3_free);
    return *rc == SQLITE_OK ? data : 0;
}

static inline void newsd_bm25f(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                               int argc, sqlite3_value **argv) {
    const double k1 = 0.8, b = 0.75;
    int rc = SQLITE_OK;
    NewsdBM25F *data = newsd_bm25f_data(api, fts, &rc);
    if (!data) { sqlite3_result_error_code(context, rc); return; }
    int phrases = data->phrases, columns = data->columns;
    double *t = (double *)sqlite3_malloc64(sizeof(double) * (sqlite3_uint64)(phrases + 2 * columns) + 1);
    if (!t) { sqlite3_result_error_code(context, SQLITE_NOMEM); return; }
    double *norm = t + phrases, *weight = norm + columns;
    for (int p = 0; p < phrases; p++) t[p] = 0;
    for (int c = 0; c < columns; c++) {
        int length = 0;
        if (rc == SQLITE_OK) rc = api->xColumnSize(fts, c, &length);
        norm[c] = 1.0 - b + b * (double)length / data->average[c];
        weight[c] = c < argc ? sqlite3_value_double(argv[c]) : 1.0;
    }
    int instances = 0;
    if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && norm[column] > 0) t[phrase] += weight[column] / norm[column];
    }
    double score = 0;
    for (int p = 0; p < phrases; p++) score += data->idf[p] * t[p] * (k1 + 1.0) / (t[p] + k1);
    sqlite3_free(t);
    if (rc != SQLITE_OK) sqlite3_result_error_code(context, rc);
    else sqlite3_result_double(context, -score);
}
#endif
