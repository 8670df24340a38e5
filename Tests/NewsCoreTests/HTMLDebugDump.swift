import Foundation
import XCTest
@testable import NewsCore

/// Tuning aids, no-ops unless asked: NEWSD_HTML_DEBUG=page,page prints the extractor's view of
/// those pages; NEWSD_HTML_EXPLAIN=1 tells, for every missed gold snippet, where its text sits.
final class HTMLDebugDump: XCTestCase {
    func testDump() throws {
        guard let names = ProcessInfo.processInfo.environment["NEWSD_HTML_DEBUG"], let dev = HTMLTestSupport.devSet else { return }
        for name in names.split(separator: ",") {
            let bytes = try [UInt8](Data(contentsOf: dev.appendingPathComponent("pages/\(name).html")))
            print("=== \(name)\n" + HTMLDebug.describe(bytes))
        }
    }

    func testExplainMisses() throws {
        guard ProcessInfo.processInfo.environment["NEWSD_HTML_EXPLAIN"] != nil, let dev = HTMLTestSupport.devSet else { return }
        for item in try HTMLTestSupport.gold(dev) {
            let bytes = try [UInt8](Data(contentsOf: dev.appendingPathComponent(item.file)))
            let body = HTMLTestSupport.norm(HTMLExtractor.extract(bytes).body)
            let missed = item.with.filter { !body.containsBytes(HTMLTestSupport.norm($0)) }
            let leaked = item.without.filter { body.containsBytes(HTMLTestSupport.norm($0)) }
            guard !missed.isEmpty || !leaked.isEmpty else { continue }
            print("=== \(item.file)")
            if !missed.isEmpty { print(" missed:\n" + HTMLDebug.explain(bytes, snippets: missed)) }
            if !leaked.isEmpty { print(" leaked:\n" + HTMLDebug.explain(bytes, snippets: leaked)) }
        }
    }
}
