import Foundation
import XCTest
@testable import NewsCore

/// Scores the extractor on the 200 annotated dev pages with exactly `score.py`'s rule.
final class HTMLExtractionScoreTests: XCTestCase {
    func testDevSetScore() throws {
        guard let dev = HTMLTestSupport.devSet else { throw XCTSkip("shared/html-dev not found beside the package") }
        let gold = try HTMLTestSupport.gold(dev)
        var tp = 0, fp = 0, fn = 0
        var dump = ""
        var worst: [(Int, String)] = []
        for item in gold {
            let bytes = try [UInt8](Data(contentsOf: dev.appendingPathComponent(item.file)))
            let body = HTMLExtractor.extract(bytes).body
            let text = HTMLTestSupport.norm(body)
            let hits = item.with.filter { text.containsBytes(HTMLTestSupport.norm($0)) }.count
            let leaks = item.without.filter { text.containsBytes(HTMLTestSupport.norm($0)) }.count
            tp += hits; fn += item.with.count - hits; fp += leaks
            worst.append((item.with.count - hits + leaks, item.file))
            let line = try JSONSerialization.data(withJSONObject: ["file": item.file, "body": body])
            dump += String(decoding: line, as: UTF8.self) + "\n"
        }
        if let path = ProcessInfo.processInfo.environment["NEWSD_HTML_DUMP"] {
            try dump.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let p = Double(tp) / Double(max(1, tp + fp)), r = Double(tp) / Double(max(1, tp + fn))
        let f1 = p + r == 0 ? 0 : 2 * p * r / (p + r)
        print(String(format: "HTML dev set: precision %.3f recall %.3f F1 %.3f (TP %d FP %d FN %d)", p, r, f1, tp, fp, fn))
        for (misses, file) in worst.sorted(by: { $0.0 > $1.0 }).prefix(10) where misses > 0 {
            print("  \(misses) misses  \(file)")
        }
        XCTAssertGreaterThanOrEqual(f1, 0.93)
        XCTAssertGreaterThanOrEqual(p, 0.92)
        XCTAssertGreaterThanOrEqual(r, 0.94)
    }
}
