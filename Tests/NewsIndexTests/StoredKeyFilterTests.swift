import Foundation
import Testing
@testable import NewsIndex

/// The writer's filters of stored keys stop growing at their cap (memory does not follow the
/// archive), are not rebuilt in a loop once full, and still never hide a stored key.
struct StoredKeyFilterTests {
    @Test func aFilterAtItsCapIsNotRebuiltAndHidesNoKey() throws {
        let temp = try TemporaryIndex()
        let connection = temp.index.connection
        try connection.execute("""
            CREATE TABLE test_keys(k INTEGER);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
            INSERT INTO test_keys SELECT i * 7919 FROM n;
            """)
        // Sized for at most 65,536 keys: three times as many are stored.
        let filter = StoredKeyFilter(source: "SELECT k FROM test_keys", keysPerArticle: 1, maxKeys: 1 << 16) { $0.int(0) }
        for _ in 0..<3 {
            filter.beginTransaction()
            try filter.refresh(connection)
        }
        #expect(filter.builds == 1, "a full filter at its cap is kept, not rebuilt at every transaction")
        #expect((1...200_000).allSatisfy { filter.mightContain(Int64($0) * 7919) })
        // Overloaded three times over, it still rules out some keys (it is not all ones).
        #expect((1...10_000).contains { !filter.mightContain(-Int64($0)) })
    }

    @Test func aFilterBelowItsCapGrowsWithTheKeys() throws {
        let temp = try TemporaryIndex()
        let connection = temp.index.connection
        try connection.execute("CREATE TABLE test_keys(k INTEGER)")
        let filter = StoredKeyFilter(source: "SELECT k FROM test_keys", keysPerArticle: 1, maxKeys: 1 << 24) { $0.int(0) }
        filter.beginTransaction()
        try filter.refresh(connection)
        for key in 1...1_100_000 { filter.insert(Int64(key)) }  // past its first size (1,048,576 keys)
        try connection.execute("INSERT INTO test_keys VALUES (42)")  // the keys are stored too
        filter.beginTransaction()
        try filter.refresh(connection)
        #expect(filter.builds == 2, "rebuilt once it held more keys than it was sized for")
        #expect(filter.mightContain(42))
        filter.beginTransaction()
        try filter.refresh(connection)
        #expect(filter.builds == 2)
    }
}
