import CSQLite
import Foundation

extension SQLiteIndex {
    /// Runs a search: one query for the ranked page (snippets built only for its rows) and,
    /// unless the page is the whole result, one for the total.
    ///
    /// Ranking is BM25F (`newsd_bm25f`, CSQLite/ranking.h) with per-column weights. With
    /// `recencyBoost` b > 0 the score is multiplied by `1 + b / (1 + age_in_years)`,
    /// favouring recent articles smoothly.
    public func search(_ request: SearchRequest) throws -> SearchResults {
        var parsed: ParsedQuery
        var match: String?
        var rankedMatch: String?
        var exclude: String?
        // Which query word each phrase stands for, for the proximity bonus (none for raw FTS5).
        var rankMap = "", stemsMap = ""
        if request.rawFTS {
            parsed = ParsedQuery()
            match = request.query
        } else {
            parsed = try QueryParser.parse(request.query)
            // Words are stemmed in the languages asked for, else in every language indexed.
            let compiler = FTSCompiler(stemmingIn: parsed.languages.isEmpty ? try read { try indexedLanguages() } : parsed.languages)
            match = compiler.positive(parsed)
            rankedMatch = request.exactForms ? compiler.positive(parsed, exactForms: true) : match
            if match == nil { exclude = compiler.negative(parsed) }
            stemsMap = compiler.phraseMap(parsed, exactForms: false)
            rankMap = request.exactForms ? compiler.phraseMap(parsed, exactForms: true) : stemsMap
        }
        let queryWords = Set(parsed.words.map(Self.fold))
        if let since = request.since { parsed.since = max(parsed.since ?? since, since) }
        if let until = request.until { parsed.until = min(parsed.until ?? until, until) }

        let metadata = Self.metadataFilters(parsed)

        return try read {
            // The last article id: where a split search halves the ids, and how dense the matches are.
            let lastID = match == nil ? 0 : try connection.scalar("SELECT coalesce(max(id), 0) FROM articles")
            let page: (total: Int, hits: [SearchHit])
            do {
                if let match {
                    page = request.sort == .relevance && request.recencyBoost <= 0
                        ? try relevancePage(match: match, ranked: rankedMatch ?? match, metadata: metadata,
                                            rankArguments: request.weights.rankArguments(phraseMap: rankMap, pageParameters: true),
                                            phraseMap: rankMap, lastID: lastID, request: request)
                        : try orderedPage(match: match, ranked: rankedMatch ?? match, metadata: metadata, rankMap: rankMap, request: request)
                } else {
                    page = try listingPage(metadata: metadata, exclude: exclude, request: request)
                }
            } catch let error as DatabaseError where request.rawFTS || error.primaryCode == SQLITE_ERROR {
                throw IndexError.query("invalid full-text query: " + FTSErrorMessage.describe(error.message))
            }
            // Snippets prefer the words as typed (the ranked form's exact phrases score first).
            let matchesPerID = Double(page.total) / Double(max(lastID, 1))
            let snippets = try match.map {
                try pageSnippets(page.hits.map { $0.ftsRowID ?? $0.id }, match: rankedMatch ?? $0, words: Self.snippetWords(request), matchesPerID: matchesPerID)
            }
            let explanations = try explanations(page.hits, request, match: match, ranked: rankedMatch ?? match,
                                                maps: (stemsMap, rankMap), words: queryWords)
            return SearchResults(total: page.total, hits: try page.hits.map {
                var hit = $0
                hit.snippet = try snippets.map { $0[hit.ftsRowID ?? hit.id] ?? "" } ?? bodyStart(of: hit.id, words: Self.snippetWords(request))
                if let explanations {
                    guard let explanation = explanations[hit.ftsRowID ?? hit.id] else { throw IndexError.notFound(id: hit.id) }
                    hit.explanation = explanation
                }
                return hit
            })
        }
    }

    /// A page ranked by relevance alone: ranked inside FTS5, article rows read only for the
    /// page. (The general path joins `articles` for every match, and since the columns it
    /// reads sit after the long `body`, SQLite walks each match's body pages just to sort:
    /// 8-10× slower on common words at 200k articles.)
    private func relevancePage(match: String, ranked: String, metadata: (clauses: [String], values: [Statement.Value]),
                               rankArguments: String, phraseMap: String, lastID: Int64, request: SearchRequest)
        throws -> (total: Int, hits: [SearchHit]) {
        // Filters (site, language, dates) narrow the matches through the covering indexes of
        // the filter entries (and near copies), never by reading article rows. `+rowid` keeps
        // the ids from being handed to FTS5 as `rowid = ?` probes (one full query each: 10-30×
        // slower at 200k articles); matches are scanned and checked instead.
        let narrowed = metadata.clauses.isEmpty ? "" : " AND +rowid IN (" + FilterEntries.select("a.id", where: metadata.clauses)
            + " UNION ALL SELECT a.id FROM near_copies a WHERE " + metadata.clauses.joined(separator: " AND ") + ")"
        let filterValues = FilterEntries.values(for: metadata.values) + metadata.values
        // The ranking function counts the matches it scores, and the near copies among them:
        // the total, without a second query over the matches.
        // When the index holds near copies, it also marks the articles it scored, for the
        // total's folding (one bit per article id).
        let tallies = UnsafeMutablePointer<NewsdRankTally>.allocate(capacity: 2)
        let tally = tallies
        let seenBytes = try connection.scalar("SELECT EXISTS (SELECT 1 FROM near_copies)") == 1 ? Int(lastID) / 8 + 1 : 0
        let seen = UnsafeMutablePointer<UInt8>.allocate(capacity: max(seenBytes, 1))
        defer { tallies.deallocate(); seen.deallocate() }
        // On a large index the matches are scored in two halves at once (SplitRanking).
        let plan = lastID < splitThresholds.articles ? nil : try SplitRanking.prepare(
            main: connection, helper: rankingHelper, match: ranked, phraseMap: phraseMap,
            splitAt: lastID / 16 * 8, rarestWord: splitThresholds.rarestWord)
        let sql = """
            SELECT rowid, \(Self.rankFunction)(articles_fts, \(rankArguments)) AS score FROM articles_fts
            WHERE articles_fts MATCH ?\(narrowed) AND rowid BETWEEN ? AND ? ORDER BY score, rowid LIMIT ? OFFSET ?
            """

        // Ordered by the score in SQLite's sorter, which keeps only the window: FTS5's own
        // `ORDER BY rank` sorts every match and costs 30-50% more on common words at 200k
        // articles. Only the matches that pass the filters are scored, and only the window's
        // rows exactly (the ranking function prunes the others).
        func fetch(limit: Int, offset: Int) throws -> [(id: Int64, score: Double)] {
            seen.initialize(repeating: 0, count: seenBytes)
            let keep = RankWeights.keep(limit: limit, offset: offset)
            func rows(_ connection: Connection, _ tally: UnsafeMutablePointer<NewsdRankTally>, ids: ClosedRange<Int64>,
                      limit: Int, offset: Int) throws -> [(id: Int64, score: Double)] {
                tally.pointee = NewsdRankTally(rows: 0, copies: 0, copyFrom: NearCopy.rowidBase, seen: seen, seenLimit: Int64(seenBytes) * 8,
                                               phraseHits: plan?.phraseHits, phraseHitCount: plan?.phraseHitCount ?? 0)
                return try connection.cached(sql).map([.integer(keep), .tally(tally), .text(ranked)] + filterValues
                                                      + [.integer(ids.lowerBound), .integer(ids.upperBound), .integer(Int64(limit)), .integer(Int64(offset))]) {
                    ($0.int(0), $0.double(1))
                }
            }
            // (A window of no rows is left to one statement: SQLite skips the scan, and counts nothing.)
            guard let plan, plan.isSplit, limit > 0 else { return try rows(connection, tally, ids: Int64.min...Int64.max, limit: limit, offset: offset) }
            // Each half returns its best rows up to the window's end; the window is the best of both.
            let end = offset > Int.max - limit ? Int.max : offset + limit
            let halves = try plan.run { part, connection, ids in try rows(connection, tallies + part, ids: ids, limit: end, offset: 0) }
            tally.pointee.rows += tallies[1].rows
            tally.pointee.copies += tallies[1].copies
            return Array((halves[0] + halves[1]).sorted { ($0.score, $0.id) < ($1.score, $1.id) }.dropFirst(offset).prefix(limit))
        }

        // SQLite's reading of a window: a negative limit is none, a negative offset is 0.
        let limit = request.limit < 0 ? Int.max : request.limit, offset = max(request.offset, 0)
        var page = try fetch(limit: limit, offset: offset)
        var total = Int(tally.pointee.rows)
        // Near copies among the matches (rare): an article shows once, as its best-ranked
        // version: itself, or a near copy whose words match better (or that holds words the
        // article lacks).
        let copies = tally.pointee.copies > 0 ? try matchingCopies(match, metadata: metadata) : [:]
        // A first page without a copy is already folded: only a copy can fold into a row, and
        // it would be on the page, ranked above that row.
        if !copies.isEmpty, offset > 0 || page.contains(where: { NearCopy.isCopy($0.id) }) {
            // Folding drops at most one row per matching copy, so rows are fetched from the
            // top with that much to spare, starting small. (Clamped: a window past 2^40 rows
            // means "all of them" and must not overflow.)
            let wanted = min(offset, 1 << 40) + min(limit, 1 << 40)
            var spare = min(copies.count, wanted)
            while true {
                let rows = try fetch(limit: wanted + spare, offset: 0)
                var shown = Set<Int64>()  // articles already on the page (a copy counts as its article)
                let folded = rows.filter { shown.insert(copies[$0.id] ?? $0.id).inserted }
                if folded.count >= wanted || rows.count < wanted + spare || spare == copies.count {
                    page = Array(folded.dropFirst(offset).prefix(limit))
                    break
                }
                spare = min(copies.count, spare * 2)
            }
        }
        if !copies.isEmpty {
            // Every matching version of an article but one is folded away.
            let articles = Set(copies.values)
            let matching = articles.filter { $0 >= 0 && Int($0 / 8) < seenBytes && seen[Int($0 / 8)] & (1 << UInt8($0 % 8)) != 0 }
            total -= copies.count + matching.count - articles.count
        }
        let articleRow = try self.articleRow()
        let copyRow = try connection.cached("""
            SELECT n.article_id, n.title, n.date, n.site, n.author, n.url, n.tags, n.language, d.file_path, \(Self.duplicateCount("n.article_id"))
            FROM near_copies n JOIN duplicates d ON d.id = n.id - \(NearCopy.rowidBase) WHERE n.id = ?
            """)
        let hits = try page.compactMap { entry in
            let isCopy = NearCopy.isCopy(entry.id)
            return try (isCopy ? copyRow : articleRow).first([.integer(entry.id)]) { row -> SearchHit in
                var hit = Self.hit(row, score: entry.score)
                hit.nearCopy = isCopy
                hit.ftsRowID = entry.id
                return hit
            }
        }
        return (total, hits)
    }

    /// A page of matches in date order, or by relevance with a recency boost: each match's
    /// article row is read for the order, so filters first narrow the matches through the
    /// filter entries (`+` keeps the ids from being handed to FTS5 as one `rowid = ?` query each).
    private func orderedPage(match: String, ranked: String, metadata: (clauses: [String], values: [Statement.Value]),
                             rankMap: String, request: SearchRequest) throws -> (total: Int, hits: [SearchHit]) {
        let narrowed = metadata.clauses.isEmpty ? "" : " AND +articles_fts.rowid IN (" + FilterEntries.select("a.id", where: metadata.clauses) + ")"
        let filterValues = FilterEntries.values(for: metadata.values)
        let from = "articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?" + narrowed
        let total = Int(try connection.scalar("SELECT count(*) FROM \(from)", [.text(match)] + filterValues))
        let bm25 = "\(Self.rankFunction)(articles_fts, \(request.weights.rankArguments(phraseMap: rankMap)))"
        let now = Int64(Date().timeIntervalSince1970)
        let score = request.recencyBoost > 0
            ? "(\(bm25) * (1.0 + \(request.recencyBoost) / (1.0 + max(0, \(now) - coalesce(a.date_epoch, 0)) / 31557600.0)))"
            : bm25
        let order: String
        switch request.sort {
        case .relevance: order = "score, a.id"
        case .newest: order = "a.date_epoch IS NULL, a.date_epoch DESC, a.id DESC"
        case .oldest: order = "a.date_epoch IS NULL, a.date_epoch ASC, a.id ASC"
        }
        // The page uses the ranked form of the query (same matches, exact forms weigh more).
        let hits = try connection.cached("""
            SELECT a.id, a.title, a.date, a.site, a.author, a.url, a.tags, a.language, a.file_path, \(Self.duplicateCount("a.id")), \(score) AS score
            FROM \(from) ORDER BY \(order) LIMIT ? OFFSET ?
            """).map([.text(ranked)] + filterValues + [.integer(Int64(request.limit)), .integer(Int64(request.offset))]) {
            Self.hit($0, score: $0.double(10))
        }
        return (total, hits)
    }

    /// A page chosen without words (filters and excluded words only, or nothing), newest first
    /// unless the oldest are asked for: counted and ordered on the filter entries, whose
    /// indexes hold the date, and article rows read for the page alone (a count or a sort over
    /// `articles` reads every row's long body).
    private func listingPage(metadata: (clauses: [String], values: [Statement.Value]), exclude: String?, request: SearchRequest)
        throws -> (total: Int, hits: [SearchHit]) {
        let entries = "(" + FilterEntries.select("a.id, a.date_epoch", where: metadata.clauses) + ") e"
        var values = FilterEntries.values(for: metadata.values)
        var condition = ""
        if let exclude {
            condition = " WHERE e.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            values.append(.text(exclude))
        }
        let order = request.sort == .oldest ? "e.date_epoch IS NULL, e.date_epoch ASC, e.id ASC" : "e.date_epoch IS NULL, e.date_epoch DESC, e.id DESC"
        let total = Int(try connection.scalar("SELECT count(*) FROM \(entries)\(condition)", values))
        let ids = try connection.cached("SELECT e.id FROM \(entries)\(condition) ORDER BY \(order) LIMIT ? OFFSET ?")
            .map(values + [.integer(Int64(request.limit)), .integer(Int64(request.offset))]) { $0.int(0) }
        let row = try articleRow()
        return (total, try ids.compactMap { id in try row.first([.integer(id)]) { Self.hit($0, score: 0) } })
    }

    /// The statement reading a hit's columns from an article row, by id.
    private func articleRow() throws -> Statement {
        try connection.cached(
            "SELECT id, title, date, site, author, url, tags, language, file_path, \(Self.duplicateCount("articles.id")) FROM articles WHERE id = ?")
    }

    /// The snippets of a page's rows, in one statement per range of ids (articles, near
    /// copies): FTS5 walks the matches between the page's lowest and highest id, reading only
    /// their ids, and builds snippets for the page's rows alone. (A `rowid = ?` query per row
    /// parses the query and opens every index segment again: 0.2-0.3 ms a row at 200k articles.)
    /// `newsd_snippet` is FTS5's snippet() in linear time (CSQLite/snippet.h): snippet() is
    /// quadratic in a row's matches, and one file of a repeated word stalled every search.
    /// Snippets come from the body (its start when only other columns match): the best window
    /// of all columns was often the whole title, printed again under it.
    private func pageSnippets(_ ids: [Int64], match: String, words: Int, matchesPerID: Double) throws -> [Int64: String] {
        var snippets: [Int64: String] = [:]
        for group in Self.rowidGroups(ids, matchesPerID: matchesPerID) {
            let rows = try connection.prepare("""
                SELECT rowid, newsd_snippet(articles_fts, \(Self.bodyColumn), ?, ?, '…', ?) FROM articles_fts
                WHERE articles_fts MATCH ? AND \(group)
                """).map([.text(Highlight.start), .text(Highlight.end), .integer(Int64(words)), .text(match)]) {
                ($0.int(0), FTSTokenizer.removingHeader($0.string(1) ?? ""))
            }
            for (id, snippet) in rows { snippets[id] = snippet }
        }
        return snippets
    }

    /// Conditions on `rowid` that select exactly `ids` from a MATCH, one per range of ids
    /// (articles, near copies): FTS5 walks the matches between the lowest and highest id,
    /// reading only their ids, and the auxiliary functions run for those rows alone.
    /// With `matchesPerID` (the query's matches per article id, about), a range is cut where
    /// the matches walked between two of its ids would cost more than a statement of its own
    /// (on two common words at 200k articles, walking from the page's first id to its last
    /// took 4-7 ms, most of a search's snippet time).
    static func rowidGroups(_ ids: [Int64], matchesPerID: Double = 0) -> [String] {
        [ids.filter { !NearCopy.isCopy($0) }, ids.filter(NearCopy.isCopy)].flatMap { kind -> [String] in
            var groups: [[Int64]] = []
            for id in kind.sorted() {
                if let last = groups.last?.last, Double(id - last) * matchesPerID <= matchesWalkedPerStatement {
                    groups[groups.count - 1].append(id)
                } else {
                    groups.append([id])
                }
            }
            return groups.map { group in
                "rowid BETWEEN \(group.first!) AND \(group.last!) AND +rowid IN (\(group.map(String.init).joined(separator: ",")))"
            }
        }
    }

    /// About as many matches as FTS5 walks in the time it takes to start a statement (parse
    /// the query, open every segment of each phrase): 0.2-0.3 ms at 200k articles.
    static let matchesWalkedPerStatement = 500.0

    /// The near copies matching a query and the filters, each with the article it duplicates.
    /// Usually none, and cheap to learn: copies sort after every article, so FTS5 only seeks
    /// to the lists' ends; the filters are then checked on the few copies found (through
    /// the filter clause here, the matches would wait for the whole filtered id set).
    private func matchingCopies(_ match: String, metadata: (clauses: [String], values: [Statement.Value])) throws -> [Int64: Int64] {
        let rowids = try connection.cached("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ?")
            .map([.text(match), .integer(NearCopy.rowidBase)]) { $0.int(0) }
        guard !rowids.isEmpty else { return [:] }
        let filters = metadata.clauses.map { " AND " + $0 }.joined()
        return try Dictionary(uniqueKeysWithValues: connection.prepare(
            "SELECT id, article_id FROM near_copies a WHERE id IN (\(rowids.map(String.init).joined(separator: ",")))\(filters)"
        ).map(metadata.values) { ($0.int(0), $0.int(1)) })
    }

    /// The languages of the indexed articles (English standing for unknown), each found with
    /// one index probe per tier of filter entries: a skip scan of the language index, not a
    /// scan of the articles.
    func indexedLanguages() throws -> [String] {
        var languages: [String] = []
        for table in FilterEntries.tables {
            for code in try connection.cached("""
                WITH RECURSIVE indexed(code) AS (
                    SELECT min(language) FROM \(table)
                    UNION ALL
                    SELECT (SELECT min(language) FROM \(table) WHERE language > indexed.code) FROM indexed WHERE code IS NOT NULL
                )
                SELECT code FROM indexed WHERE code IS NOT NULL
                """).map([], { $0.string(0) ?? "" })
            where !languages.contains(code) { languages.append(code) }
        }
        languages.sort()
        // Near copies may be in a language no article has (their table is small: its index is read whole).
        for code in try connection.cached("SELECT DISTINCT language FROM near_copies").map([], { $0.string(0) })
        where !languages.contains(code ?? "") { languages.append(code ?? "") }
        // Articles with no usable code (NULL, '', 'en-GB'…) get no header: they are stemmed as English.
        let hasNull = try connection.scalar("""
            SELECT \((FilterEntries.tables + ["near_copies"]).map { "EXISTS (SELECT 1 FROM \($0) WHERE language IS NULL)" }.joined(separator: " OR "))
            """) == 1
        let unheaded = hasNull || languages.contains { !FTSTokenizer.isLanguageCode($0) }
        if unheaded, !languages.contains("en") { languages.append("en") }
        return languages.filter(FTSTokenizer.isLanguageCode)
    }

    /// The site, language and date filters of a query as SQL terms over the columns `site`,
    /// `language` and `date_epoch` of the alias `a` (an article, its filter entry or a near
    /// copy), with their values. Each combination is answered from a covering index of the
    /// filter entries (schema 12) and of the near copies.
    static func metadataFilters(_ parsed: ParsedQuery) -> (clauses: [String], values: [Statement.Value]) {
        var clauses: [String] = []
        var values: [Statement.Value] = []
        if !parsed.sites.isEmpty {
            clauses.append("(" + parsed.sites.map { _ in "(a.site = ? OR a.site LIKE ? ESCAPE '\\')" }.joined(separator: " OR ") + ")")
            for site in parsed.sites { values += [.text(site), .text("%." + LikePattern.escape(site))] }
        }
        if !parsed.languages.isEmpty {
            clauses.append("a.language IN (" + parsed.languages.map { _ in "?" }.joined(separator: ",") + ")")
            values += parsed.languages.map { .text($0) }
        }
        if let since = parsed.since { clauses.append("a.date_epoch >= ?"); values.append(.integer(since)) }
        if let until = parsed.until { clauses.append("a.date_epoch < ?"); values.append(.integer(until)) }
        return (clauses, values)
    }

    /// A hit from the columns id, title, date, site, author, url, tags, language, file_path,
    /// duplicate count.
    private static func hit(_ row: Row, score: Double) -> SearchHit {
        SearchHit(
            id: row.int(0), title: row.string(1) ?? "", date: row.string(2), site: row.string(3),
            author: row.string(4), url: row.string(5), tags: (row.string(6) ?? "").split(separator: "\n").map(String.init),
            language: row.string(7), snippet: "", score: score, path: row.string(8), duplicates: Int(row.int(9)))
    }

    /// The hit with the explanation of its score, when asked for.
    /// The page's explanations by FTS rowid when asked for (`--explain`), nil otherwise.
    private func explanations(_ hits: [SearchHit], _ request: SearchRequest, match: String?, ranked: String?,
                              maps: (stems: String, ranked: String), words: Set<String>) throws -> [Int64: SearchExplanation]? {
        guard request.explain, let match, let ranked else { return nil }
        let byRank = request.sort == .relevance
        return try explain(ids: hits.map { $0.ftsRowID ?? $0.id }, match: (match, maps.stems),
                           ranked: byRank ? (ranked, maps.ranked) : (match, maps.stems), weights: request.weights, queryWords: words)
    }

    /// The FTS5 column of the article text (after title, tags and author).
    static let bodyColumn = 3

    /// The FTS5 ranking function: BM25F (CSQLite/ranking.h), registered with the tokenizer.
    static let rankFunction = "newsd_bm25f"

    /// The snippet length asked for, within what snippet() accepts (1-64 tokens).
    static func snippetWords(_ request: SearchRequest) -> Int { max(1, min(request.snippetWords, 64)) }

    /// The snippet of a search without words: the body's first words.
    private func bodyStart(of id: Int64, words: Int) throws -> String {
        let body = try connection.string("SELECT substr(body, 1, 400) FROM articles WHERE id = ?", [.integer(id)]) ?? ""
        return body.split(whereSeparator: \.isWhitespace).prefix(words).joined(separator: " ") + "…"
    }
}

/// Literal text inside a LIKE pattern (with `ESCAPE '\'`): `%`, `_` and `\` lose their meaning.
enum LikePattern {
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
