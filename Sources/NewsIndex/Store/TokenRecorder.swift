import CSQLite
import Foundation
import NewsCore

/// Tokenizes articles for the FTS index ahead of time, on whatever thread calls it.
///
/// Ingest has one writer thread and spare cores. Splitting, folding and stemming an
/// article's text is pure, so the analysis threads run the index's own tokenizer over each
/// FTS column value and keep what it emits (`RecordedTokens`); the writer offers the
/// recording while it inserts the row, and the tokenizer replays it instead of doing the
/// work again (CSQLite/pretokenize.h). A text that does not match its recording is
/// tokenized as usual, so a recording can save time but never change the index.
public final class TokenRecorder: @unchecked Sendable {
    /// A private in-memory connection: its fts5_api finds the wrapped tokenizer, and it never
    /// offers recordings, so recording instances always tokenize.
    private let connection: Connection
    private let arguments: [String]
    private let lock = NSLock()
    /// Tokenizer instances not in use (one thread at a time each); kept for reuse.
    private var idle: [OpaquePointer] = []

    public init() throws {
        connection = try Connection(path: ":memory:", mode: .readWrite)
        arguments = FTSTokenizer.spec.split(separator: " ").dropFirst().map(String.init)
    }

    deinit {
        for instance in idle { newsd_tokenizer_close(instance) }
    }

    /// Articles with more text than this are left to the writer: a recording takes about
    /// twice the text's size, and a batch holds hundreds of articles.
    public static let maxTextBytes = 64 * 1024

    /// Bytes of recordings one batch may hold (a batch of long articles would otherwise
    /// hold about twice its text again): what does not fit is tokenized by the writer.
    public final class Budget: @unchecked Sendable {
        private let lock = NSLock()
        private var left: Int

        public init(bytes: Int) { left = bytes }

        /// Takes `count` bytes from the budget; false (nothing taken) when they do not fit.
        func take(_ count: Int) -> Bool {
            lock.withLock {
                guard count <= left else { return false }
                left -= count
                return true
            }
        }
    }

    /// The tokens of `article`'s FTS column values, or nil when it is too long, does not fit
    /// in `budget`, or the tokenizer failed (the writer then tokenizes as usual).
    public func record(_ article: Article, within budget: Budget? = nil) -> RecordedTokens? {
        let columns = FTSTokenizer.columnValues(of: article)
        let textBytes = columns.reduce(0, { $0 + $1.utf8.count })
        // The recording (about twice the text) and the column values kept for the insert.
        guard textBytes <= Self.maxTextBytes, budget?.take(4 * textBytes) ?? true, let instance = takeInstance() else { return nil }
        defer { returnInstance(instance) }
        var buffer = NewsdBuffer()
        for var column in columns {
            let rc = column.withUTF8 { newsd_record_column(instance, $0.baseAddress, Int32($0.count), &buffer) }
            guard rc == SQLITE_OK else {
                newsd_buffer_free(&buffer)
                return nil
            }
        }
        newsd_buffer_shrink(&buffer)
        return RecordedTokens(buffer, columns: columns, of: article)
    }

    private func takeInstance() -> OpaquePointer? {
        lock.lock()
        defer { lock.unlock() }
        if let instance = idle.popLast() { return instance }
        // One per thread that records at the same time: made once, then reused.
        var cArguments = arguments.map { strdup($0) }
        defer { cArguments.forEach { free($0) } }
        var instance: OpaquePointer?
        let rc = cArguments.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
                newsd_tokenizer_open(connection.handle, $0, Int32(buffer.count), &instance)
            }
        }
        return rc == SQLITE_OK ? instance : nil
    }

    private func returnInstance(_ instance: OpaquePointer) {
        lock.withLock { idle.append(instance) }
    }
}

/// One article's FTS column values as the index's tokenizer emits them (see `TokenRecorder`).
public final class RecordedTokens: @unchecked Sendable {
    private var buffer: NewsdBuffer
    /// The column values recorded (`FTSTokenizer.columnValues`), and the article they were
    /// built from: the writer binds them instead of building each body's copy again.
    private let columns: [String]
    private let source: Article

    init(_ buffer: NewsdBuffer, columns: [String], of article: Article) {
        self.buffer = buffer
        self.columns = columns
        source = article
    }

    /// `FTSTokenizer.columnValues(of: article)`, built once when recorded. The fields are
    /// compared byte for byte, not trusted: an article changed since gets its values built
    /// anew (the replay's own check would not catch it, as it sees the values bound).
    func columnValues(of article: Article) -> [String] {
        guard Self.sameBytes(article.title, source.title), Self.sameBytes(article.body, source.body),
              article.tags.count == source.tags.count, zip(article.tags, source.tags).allSatisfy({ Self.sameBytes($0, $1) }),
              Self.sameBytes(article.author, source.author), Self.sameBytes(article.language, source.language) else {
            return FTSTokenizer.columnValues(of: article)
        }
        return columns
    }

    /// Byte equality (Swift's `==` also equates canonically equivalent texts, such as "é" and
    /// "e" + U+0301), in constant time when both share storage.
    static func sameBytes(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        guard a.utf8.count == b.utf8.count else { return false }
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.isEmpty || x.baseAddress == y.baseAddress || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
            }
        }
        return (compared ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    deinit { newsd_buffer_free(&buffer) }

    /// Bytes held (for memory accounting in tests).
    public var byteCount: Int { buffer.used }

    /// Runs `body` with the recording offered to `connection`'s tokenizer.
    func offered<T>(to connection: Connection, _ body: () throws -> T) rethrows -> T {
        guard let shared = connection.tokenizerState else { return try body() }
        shared.pointee.replay = UnsafePointer(buffer.data)
        shared.pointee.replayLength = buffer.used
        shared.pointee.replayCursor = 0
        defer {
            shared.pointee.replay = nil
            shared.pointee.replayLength = 0
        }
        return try withExtendedLifetime(self) { try body() }
    }
}
