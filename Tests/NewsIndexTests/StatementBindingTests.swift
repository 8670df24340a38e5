import Testing
@testable import NewsIndex

/// `Statement` binds text and blobs in place (no copy): values must arrive whole, whatever
/// their size or content, and nothing bound may be read after the call that bound it.
struct StatementBindingTests {
    @Test func valuesArriveWholeAndTyped() throws {
        let connection = try Connection(path: ":memory:", mode: .readWrite)
        let echo = try connection.cached("SELECT ?, typeof(?2), ?3, length(CAST(?3 AS BLOB)), ?4, typeof(?5), ?6, ?7")
        let long = String(repeating: "Qalamoun ", count: 10_000)
        let row = try echo.first([.text(""), .text(""), .text("a\u{0}b"), .text(long), .null, .blob([0, 1, 2, 255]), .integer(-7)]) { row in
            (row.string(0), row.string(1), row.string(2), row.int(3), row.isNull(4), row.string(5), row.blob(6), row.int(7))
        }
        let values = try #require(row)
        #expect(values.0 == "")
        #expect(values.1 == "text", "an empty string is text, not NULL")
        #expect(values.2 == "a\u{0}b", "a NUL inside the text does not cut it short")
        #expect(values.3 == 3)
        #expect(values.4 == false && values.5 == "null")
        #expect(values.6 == [0, 1, 2, 255])
        #expect(values.7 == -7)
        #expect(try echo.first([.text(long), .text("x"), .text(long)]) { $0.string(2) } == long)
    }

    /// A statement reused with fewer values than parameters sees NULL for the rest, not the
    /// bytes of the last call (which may be gone).
    @Test func bindingsAreClearedAfterEachCall() throws {
        let connection = try Connection(path: ":memory:", mode: .readWrite)
        try connection.execute("CREATE TABLE t (a TEXT, b TEXT)")
        let insert = try connection.cached("INSERT INTO t (a, b) VALUES (?, ?)")
        try insert.run([.text(String(repeating: "first ", count: 50)), .text("second")])
        try insert.run([.text("third")])
        let rows = try connection.cached("SELECT a, b FROM t ORDER BY rowid").map { [$0.string(0), $0.string(1)] }
        #expect(rows == [[String(repeating: "first ", count: 50), "second"], ["third", nil]])
    }
}
