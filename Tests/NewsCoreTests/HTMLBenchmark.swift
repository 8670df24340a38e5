import Foundation
import XCTest
import NewsCore

/// Prints the extractor's average time per dev page when NEWSD_HTML_BENCH is set (run it with
/// `swift test -c release --filter HTMLBenchmark`); a no-op otherwise. Timing is reported, not asserted.
final class HTMLBenchmark: XCTestCase {
    func testTimePerPage() throws {
        guard ProcessInfo.processInfo.environment["NEWSD_HTML_BENCH"] != nil, let dev = HTMLTestSupport.devSet else { return }
        let dir = dev.appendingPathComponent("pages")
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".html") }
            .map { try [UInt8](Data(contentsOf: dir.appendingPathComponent($0))) }
        var best = Double.infinity
        var sink = 0
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            for bytes in pages { sink &+= HTMLExtractor.extract(bytes).body.utf8.count }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(pages.count)
            best = min(best, ms)
            print(String(format: "HTML extraction: %.3f ms/page over %d pages", ms, pages.count))
        }
        print(String(format: "HTML extraction best: %.3f ms/page (checksum %d)", best, sink))
    }
}
