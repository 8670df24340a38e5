import Foundation
import Testing
import NewsCore

/// The real corpora in `shared/corpus`: every file parses without a crash, to one article or a rejection.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Gold.corpusDirectory.appendingPathComponent("bbc").path)))
struct CorpusTests {
    static func files(_ folder: String) -> [URL] {
        let root = Gold.corpusDirectory.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
    }

    @Test func bbcEveryFileIsOneArticleTitledByItsFirstLine() throws {
        let files = Self.files("bbc")
        #expect(files.count == 2_225)
        var articles = 0
        var rejected = [String]()
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            switch ArticleParser.parse(bytes, fileName: file.lastPathComponent) {
            case .failure(let reason):
                rejected.append("\(file.path): \(reason)")
            case .success(let document):
                #expect(document.articles.count == 1, "\(file.path)")
                let firstLine = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
                if let article = document.articles.first {
                    articles += 1
                    // 199.txt is Latin-1: compare through the parser's own decoding of the line.
                    let expectedTitle = firstLine.unicodeScalars.contains("\u{FFFD}") ? article.title : TextNormalizer.collapseWhitespace(firstLine)
                    #expect(article.title == expectedTitle, "\(file.path)")
                    #expect(!article.body.isEmpty)
                }
            }
        }
        #expect(rejected.isEmpty, "\(rejected.joined(separator: "\n"))")
        #expect(articles == 2_225)
    }

    @Test func bbcLatin1PoundSignSurvives() throws {
        let bytes = [UInt8](try Data(contentsOf: Gold.corpusDirectory.appendingPathComponent("bbc/sport/199.txt")))
        let article = try #require(try ArticleParser.parse(bytes).get().articles.first)
        #expect(article.title == "Chelsea sack Mutu")
        #expect(article.body.contains("a £15.8m signing from Parma"))
        #expect(!article.body.contains("\u{FFFD}"))
        #expect(article.language == "en")
    }

    @Test func fakesParseWithoutCrashing() throws {
        let files = Self.files("fakes")
        var articles = 0, rejected = 0, languages = [String: Int]()
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            switch ArticleParser.parse(bytes, fileName: file.lastPathComponent) {
            case .failure: rejected += 1
            case .success(let document):
                #expect(document.articles.count == 1, "\(file.path)")
                articles += document.articles.count
                languages[document.articles.first?.language ?? "nil", default: 0] += 1
            }
        }
        print("fakes: \(files.count) files, \(articles) articles, \(rejected) rejected, languages \(languages)")
        #expect(articles + rejected == files.count)
        #expect(files.count == 804)
    }
}
