import Foundation
import XCTest
@testable import NewsCore

/// Prints the extractor's view of the pages named in NEWSD_HTML_DEBUG (tuning aid; no-op otherwise).
final class HTMLDebugDump: XCTestCase {
    func testDump() throws {
        guard let names = ProcessInfo.processInfo.environment["NEWSD_HTML_DEBUG"], let dev = HTMLTestSupport.devSet else { return }
        for name in names.split(separator: ",") {
            let bytes = try [UInt8](Data(contentsOf: dev.appendingPathComponent("pages/\(name).html")))
            print("=== \(name)\n" + HTMLDebug.describe(bytes))
        }
    }
}
