import NewsCore

/// An article ready to store: the parsed article plus the keys the index needs.
public struct ArticleRecord: Sendable {
    public var article: Article
    /// Exact-duplicate key (`ContentKey.of`).
    public var contentKey: String
    /// Update key (`CanonicalURL.comparisonKey` of the source URL).
    public var urlKey: String?
    /// Host of the source URL without `www.` (`site:` filter).
    public var site: String?
    public var minHash: MinHashSignature?
    /// Where the source file lives after ingest (relative to the state directory).
    public var filePath: String
    /// The name the file had in the inbox (relative to the inbox).
    public var sourceName: String
    /// SHA-256 of the file's bytes.
    public var fileHash: String
    /// Position of the article inside its file (feeds hold several).
    public var itemIndex: Int
    /// The FTS tokens of the article, recorded off the writer thread (nil: tokenized on insert).
    public var tokens: RecordedTokens?
    /// The source file's mtime (nanoseconds since 1970) when the file was taken ahead of files
    /// that arrived before it (the fresh lane), else nil. The article keeps it, so an older
    /// version taken after it (an earlier mtime, the order files are otherwise taken in) does
    /// not replace it.
    public var earlyModified: Int64?

    /// Derives the keys from `article`.
    public init(article: Article, filePath: String, sourceName: String, fileHash: String, itemIndex: Int) {
        self.article = article
        self.contentKey = ContentKey.of(title: article.title, body: article.body)
        self.urlKey = article.sourceURL.flatMap(CanonicalURL.comparisonKey)
        self.site = article.sourceURL.flatMap(CanonicalURL.site)
        self.minHash = MinHashSignature.of(title: article.title, body: article.body)
        self.filePath = filePath
        self.sourceName = sourceName
        self.fileHash = fileHash
        self.itemIndex = itemIndex
    }
}

/// A duplicate file (or feed item) and the article it duplicates.
public struct DuplicateRecord: Sendable {
    /// `exact`: the same text; `near`: similar text; `older`: an earlier version (same URL or
    /// slug, earlier mtime) taken after the stored one, which was taken early.
    public enum Kind: String, Sendable { case exact, near, older }
    public var articleID: Int64
    public var kind: Kind
    /// 1.0 for exact duplicates; the estimated Jaccard similarity for near ones; 0 for older
    /// versions (not compared).
    public var similarity: Double
    public var title: String
    public var sourceName: String
    public var filePath: String
    public var fileHash: String
    /// A near duplicate's own article, kept searchable beside the one it duplicates (nil for
    /// exact duplicates, whose text the article already holds).
    public var copy: ArticleRecord?

    public init(articleID: Int64, kind: Kind, similarity: Double, title: String, sourceName: String, filePath: String, fileHash: String,
                copy: ArticleRecord? = nil) {
        self.copy = copy
        self.articleID = articleID
        self.kind = kind
        self.similarity = similarity
        self.title = title
        self.sourceName = sourceName
        self.filePath = filePath
        self.fileHash = fileHash
    }
}

/// A file that could not become an article, and why.
public struct FailureRecord: Sendable {
    public var sourceName: String
    public var filePath: String
    public var fileHash: String?
    public var reasonCode: String
    public var reason: String

    public init(sourceName: String, filePath: String, fileHash: String?, reasonCode: String, reason: String) {
        self.sourceName = sourceName
        self.filePath = filePath
        self.fileHash = fileHash
        self.reasonCode = reasonCode
        self.reason = reason
    }
}
