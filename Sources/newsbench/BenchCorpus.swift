import Foundation

/// Builds N unique news files from a real corpus: each generated article is the headline
/// and first third of one source article, the middle third of a second and the last third
/// of a third, with a Pelican header (date, source URL on one of 40 sites, tag). Two
/// generated articles share at most a third of their text, so exact and near-duplicate
/// detection do not fire, and site/date filters have something to select.
struct BenchCorpus {
    struct Source {
        var category: String
        var title: String
        var paragraphs: [String]
    }

    let sources: [Source]

    /// Loads `corpus/<category>/*.txt` (headline, blank line, paragraphs).
    init(directory: URL) throws {
        var sources: [Source] = []
        var seen = Set<Data>()
        let fm = FileManager.default
        guard let categories = try? fm.contentsOfDirectory(atPath: directory.path) else {
            throw BenchError("cannot read the corpus folder \(directory.path) (relative paths start from the current directory; pass --corpus)")
        }
        for category in categories.sorted() {
            let folder = directory.appendingPathComponent(category)
            guard let files = try? fm.contentsOfDirectory(atPath: folder.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".txt") {
                guard let data = fm.contents(atPath: folder.appendingPathComponent(file).path), seen.insert(data).inserted else { continue }
                let text = String(decoding: data, as: UTF8.self)
                let blocks = text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                guard blocks.count >= 3 else { continue }
                sources.append(Source(category: category, title: blocks[0], paragraphs: Array(blocks.dropFirst())))
            }
        }
        guard sources.count >= 10 else { throw BenchError("too few articles in \(directory.path)") }
        self.sources = sources
    }

    /// The text of generated article `n` (deterministic).
    func article(_ n: Int) -> String {
        let count = sources.count
        let round = n / count
        // Three different sources: the same first source recurs every `count` articles,
        // each time with other second and third sources.
        let ia = n % count
        let ib = (ia + 1 + (round &* 7919 &+ n &* 31) % (count - 2)) % count
        var ic = (ib + 1 + (round &* 104_729 &+ n &* 17) % (count - 2)) % count
        if ic == ia { ic = (ic + 1) % count }
        let a = sources[ia], b = sources[ib], c = sources[ic]
        func third(_ p: [String], _ k: Int) -> ArraySlice<String> {
            let size = max(1, p.count / 3)
            let start = min(k * size, p.count - 1)
            return p[start..<min(p.count, start + size)]
        }
        let body = Array(third(a.paragraphs, 0)) + third(b.paragraphs, 1) + third(c.paragraphs, 2)
        let day = n % 730
        let (year, month, dayOfMonth) = (2004 + day / 365, (day % 365) / 31 + 1, (day % 31) % 28 + 1)
        let site = "site\(n % 40).example.com"
        var text = "Title: \(a.title) (\(n))\n"
        text += String(format: "Date: %04d-%02d-%02d %02d:%02d\n", year, month, dayOfMonth, n % 24, n % 60)
        text += "Tags: \(a.category)\n"
        text += "Src: https://\(site)/\(a.category)/\(n).html\n\n"
        text += body.joined(separator: "\n\n") + "\n"
        return text
    }

    /// Writes articles `range` into `folder` as `a<n>.txt`; returns the bytes written.
    @discardableResult
    func write(_ range: Range<Int>, to folder: URL) throws -> Int {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var bytes = 0
        for n in range {
            let data = Data(article(n).utf8)
            bytes += data.count
            try data.write(to: folder.appendingPathComponent("a\(n).txt"))
        }
        return bytes
    }

    /// Common words of the corpus for two-word queries, and two-word phrases from its text.
    func queryWords(limit: Int) -> (words: [String], phrases: [String]) {
        var counts: [String: Int] = [:]
        var phrases: [String] = []
        for (i, source) in sources.enumerated() {
            let words = source.paragraphs.joined(separator: " ").lowercased().split { !$0.isLetter }.map(String.init)
            for w in words where w.count >= 5 { counts[w, default: 0] += 1 }
            if i % 7 == 0, words.count > 20 { phrases.append(words[10] + " " + words[11]) }
        }
        // Mid-frequency words: present in many documents but not stop-word common.
        let ranked = counts.filter { $0.value >= 20 && $0.value <= 2000 }.keys.sorted()
        return (Array(ranked.prefix(limit * 4)), Array(phrases.prefix(limit)))
    }
}

/// A benchmark failure with a message.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
