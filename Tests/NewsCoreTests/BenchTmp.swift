import Foundation
import Testing
@testable import NewsCore

@Test func benchBBC() throws {
    let files = CorpusTests.files("bbc")
    let data = try files.map { [UInt8](try Data(contentsOf: $0)) }
    let clock = ContinuousClock()
    for _ in 0..<3 {
        let t = clock.measure { for d in data { _ = ArticleParser.parse(d) } }
        print("BENCH all \(t)")
    }
}
