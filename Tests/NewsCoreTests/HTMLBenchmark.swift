import Foundation
import XCTest
@testable import NewsCore


/// Prints the extractor's average time per dev page when NEWSD_HTML_BENCH is set (run it with
/// `swift build -c release -Xswiftc -enable-testing --build-tests` and
/// `NEWSD_HTML_BENCH=1 .build/release/newsdPackageTests.xctest NewsCoreTests.HTMLBenchmark`); a no-op
/// otherwise. Thread CPU time, reported, not asserted.
/// This thread's CPU time: steadier than wall-clock time on a shared machine.
private func cpuNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

final class HTMLBenchmark: XCTestCase {
    func testTimePerPage() throws {
        guard ProcessInfo.processInfo.environment["NEWSD_HTML_BENCH"] != nil, let dev = HTMLTestSupport.devSet else { return }
        let dir = dev.appendingPathComponent("pages")
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".html") }
            .map { try [UInt8](Data(contentsOf: dir.appendingPathComponent($0))) }
        var best = Double.infinity
        var sink = 0
        for _ in 0..<5 {
            let start = cpuNanos()
            for bytes in pages { sink &+= HTMLExtractor.extract(bytes).body.utf8.count }
            let ms = Double(cpuNanos() - start) / 1e6 / Double(pages.count)
            best = min(best, ms)
            print(String(format: "HTML extraction: %.3f ms/page over %d pages", ms, pages.count))
        }
        print(String(format: "HTML extraction best: %.3f ms/page (checksum %d)", best, sink))
        // Phases, to see where the time goes.
        var t = [Double](repeating: 0, count: 8)
        func lap(_ i: Int, _ start: inout UInt64) {
            let now = cpuNanos()
            t[i] += Double(now - start) / 1e6 / Double(pages.count)
            start = now
        }
        for bytes in pages {
            var s = cpuNanos()
            let input = HTMLDecoding.decode(bytes); lap(0, &s)
            let pre = HTMLPrescan.run(input.bytes); lap(1, &s)
            lap(2, &s)
            let model = PageBuilder.build(pre.html, encoding: input.encoding); lap(3, &s)
            lap(4, &s)
            let jsonLD = JSONLDArticle.parse(pre.jsonLD); lap(5, &s)
            var page = HTMLPage()
            HTMLMetadata.fill(&page, raw: model.metadata, jsonLD: jsonLD, firstH1: nil); lap(6, &s)
            page.body = TextCleanup.nfc(BodyExtraction.blocks(model).joined(separator: "\n\n")); lap(7, &s)
            sink &+= model.blocks.count + page.body.utf8.count
        }
        print(String(format: "phases ms/page: decode %.3f prescan %.3f - %.3f parse+build %.3f - %.3f jsonld %.3f meta %.3f body %.3f",
                     t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]))
    }
}
