import Testing
import Foundation
import NewsCore

@Test func dumpGold() throws {
    var out = ""
    for line in Gold.lines {
        guard let bytes = Gold.bytes(line.file) else { continue }
        let t0 = ContinuousClock.now
        let r = ArticleParser.parse(bytes, fileName: line.file)
        let dt = ContinuousClock.now - t0
        out += "=== \(line.file) [\(dt)]\n"
        switch r {
        case .failure(let e): out += "REJECTED \(e)\n"
        case .success(let d):
            for a in d.articles {
                out += "format=\(a.format) title=\(a.title.debugDescription) date=\(String(describing: a.date)) author=\(String(describing: a.author)) url=\(String(describing: a.sourceURL)) tags=\(a.tags) cat=\(String(describing: a.category)) slug=\(String(describing: a.slug)) lang=\(String(describing: a.language)) site=\(String(describing: a.siteName))\n"
                out += String(a.body.prefix(600)) + "\n...\n" + String(a.body.suffix(300)) + "\n---\n"
            }
        }
    }
    try out.write(toFile: "/tmp/gold-dump.txt", atomically: true, encoding: .utf8)
}
