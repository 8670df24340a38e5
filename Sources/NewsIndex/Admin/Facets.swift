/// A dimension to count articles by (`newsq stats --by`, `newsq tags`, `newsq sites`).
public enum Facet: String, Sendable, CaseIterable {
    /// Host of the source URL.
    case site
    /// Each tag of an article counts once.
    case tag
    /// Language code.
    case lang
    /// `YYYY-MM` of the article's date.
    case month
}

/// One value of a facet and how many articles have it (`value` nil: articles without one).
public struct FacetCount: Sendable, Equatable {
    public var value: String?
    public var count: Int

    public init(value: String?, count: Int) {
        self.value = value
        self.count = count
    }
}

extension SQLiteIndex {
    /// Article counts per value of `facet`: most frequent first (months in date order).
    /// Articles lacking the value are counted under nil, except for tags.
    public func counts(by facet: Facet, limit: Int? = nil) throws -> [FacetCount] {
        let limitClause = limit.map { " LIMIT \(max(1, $0))" } ?? ""
        switch facet {
        case .site:
            return try grouped(FilterEntries.counts(by: "site"), order: "n DESC, v", limitClause)
        case .lang:
            return try grouped(FilterEntries.counts(by: "language"), order: "n DESC, v", limitClause)
        case .month:
            return try grouped("SELECT substr(date, 1, 7) AS v, count(*) AS n FROM articles GROUP BY v", order: "v IS NULL, v", limitClause)
        case .tag:
            // Tags are stored one per line; split them with a recursive query.
            return try read {
                try connection.prepare("""
                    WITH RECURSIVE split(rest, tag) AS (
                        SELECT tags || char(10), NULL FROM articles WHERE tags != ''
                        UNION ALL
                        SELECT substr(rest, instr(rest, char(10)) + 1), substr(rest, 1, instr(rest, char(10)) - 1)
                        FROM split WHERE rest != ''
                    )
                    SELECT tag AS v, count(*) AS n FROM split WHERE tag IS NOT NULL AND tag != ''
                    GROUP BY lower(tag) ORDER BY n DESC, v\(limitClause)
                    """).map { FacetCount(value: $0.string(0), count: Int($0.int(1))) }
            }
        }
    }

    /// The rows (v, n) of `counts`, in `order`.
    private func grouped(_ counts: String, order: String, _ limitClause: String) throws -> [FacetCount] {
        try read {
            try connection.prepare("SELECT v, n FROM (\(counts)) ORDER BY \(order)\(limitClause)")
                .map { FacetCount(value: $0.isNull(0) ? nil : $0.string(0), count: Int($0.int(1))) }
        }
    }
}
