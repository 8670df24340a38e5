import CSQLite

extension SQLiteIndex {
    /// One bounded step of merging the full-text index's segments, in its own transaction;
    /// returns false when there was nothing left to merge.
    ///
    /// Every batch commit leaves a small FTS5 segment, and FTS5's automatic merging leaves up to
    /// 7 segments per level plus the merges it has begun (`automerge` 8, schema 17; with 4, a
    /// 200k-article index from newsd held 13-24). Every search opens every segment for every
    /// word, so segments are a fixed cost per query. A step merges about `pages` pages (4 KB
    /// each) of the levels holding two segments or more (`usermerge` 2, and merges already
    /// begun): repeated while newsd is idle, it leaves one segment per level (5-7 at 200k
    /// articles) without ever rewriting the whole index as `optimize` does.
    public func mergeSegmentsStep(pages: Int = 256) throws -> Bool {
        try connection.writeTransaction {
            // Set once (a config write also changes the structure record read below).
            if try connection.scalar("SELECT count(*) FROM articles_fts_config WHERE k = 'usermerge' AND v = 2") == 0 {
                try connection.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('usermerge', 2)")
            }
            // FTS5's structure record (segments and levels) changes only when a merge did work.
            let structure = "SELECT block FROM articles_fts_data WHERE id = 10"
            let before = try connection.cached(structure).first([]) { $0.blob(0) }
            try connection.cached("INSERT INTO articles_fts(articles_fts, rank) VALUES ('merge', ?)").run([.integer(Int64(max(1, pages)))])
            return try connection.cached(structure).first([]) { $0.blob(0) } != before
        }
    }
}
