import Foundation
import Testing

/// Metadata filters and multilingual search on the gold samples (../shared/samples).
/// Expected titles come from samples/expected.jsonl.
@Suite(.serialized)
struct NewsqSamplesTests {
    func samples() throws -> Sandbox { try NewsqFixtures.samples.get() }

    static let seed000 = "Assad's last battle"
    static let seed002 = "The Battle for Deir al-Zour: A U.S.-Russian Bridge Against the Islamic State?"
    static let arabic = "معركة الأسد الأخيرة في القلمون"
    static let french = "La dernière bataille d'Assad"

    @Test(arguments: [
        // Arabic without/with diacritics, alef and teh marbuta variants (the file has الأسد, الأخيرة, القلمون).
        ("الاسد", arabic), ("الأَسَد القَلَمُون", arabic), ("الاخيره", arabic), ("معركه القلمون", arabic),
        // Accents folded both ways.
        ("derniere bataille", french), ("DERNIÈRE", french),
    ])
    func multilingualQueriesFindTheArticle(query: String, title: String) throws {
        let outcome = try search([query], in: try samples())
        #expect(outcome.titles == [title], "\(query): \(outcome.titles) \(outcome.stderr)")
    }

    @Test func arabicSnippetHighlightsTheOriginalWord() throws {
        let outcome = try search(["القلمون"], in: try samples())
        let marked = try #require(outcome.results.first?["snippet_marked"] as? String)
        #expect(marked.contains("«القلمون»"), "\(marked)")
    }

    @Test(arguments: [
        ("site:aljazeera.com assad", [seed000]),
        ("author:jarvis", [seed000]),
        ("author:balanche", [seed002]),
        ("tag:aljazeera", [seed000]),
        ("date:2015-05 battle", [seed000]),
        ("date:2016", [seed002]),
        ("date:2015-05..2016-05 battle", [seed000, seed002]),
        ("lang:ar", [arabic]),
        ("lang:fr qalamoun", [french]),
    ])
    func metadataFilters(query: String, expected: [String]) throws {
        let outcome = try search([query], in: try samples())
        // The parser in NewsCore is being replaced: until then files carry no metadata.
        withKnownIssue("needs the full parser (metadata)", isIntermittent: true) {
            #expect(Set(outcome.titles) == Set(expected), "\(query): \(outcome.titles)")
        }
    }

    @Test func sinceAndUntilOptions() throws {
        let sandbox = try samples()
        let outcome = try search(["battle", "--since", "2016-01-01"], in: sandbox)
        withKnownIssue("needs the full parser (dates)", isIntermittent: true) {
            #expect(outcome.titles == [Self.seed002])
        }
        let until = try search(["battle", "--until", "2015-12"], in: sandbox)
        withKnownIssue("needs the full parser (dates)", isIntermittent: true) {
            #expect(until.titles == [Self.seed000])
        }
        #expect(try newsq(["search", "battle", "--since", "yesterday"], in: sandbox).status == 2)
    }

    @Test func facetsAndBrowsing() throws {
        let sandbox = try samples()
        let byLang = try newsq(["stats", "--by", "lang", "--json"], in: sandbox)
        #expect(byLang.status == 0)
        let rows = (try byLang.json() as? [[String: Any]]) ?? []
        #expect(rows.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 6, "every article counted once")
        withKnownIssue("needs the full parser (languages)", isIntermittent: true) {
            #expect(rows.contains { $0["value"] as? String == "ar" && $0["count"] as? Int == 1 })
        }
        #expect(try newsq(["stats", "--by", "month"], in: sandbox).status == 0)
        #expect(try newsq(["sites"], in: sandbox).status == 0)
        let recent = try newsq(["recent", "--json"], in: sandbox)
        #expect(((try recent.json()) as? [Any])?.count == 6)
        #expect(try newsq(["stats", "--by", "colour"], in: sandbox).status == 2)
    }

    @Test func adminCommandsOnARealIndex() throws {
        let sandbox = try NewsqFixtures.build("admin") { sandbox in
            for name in ["seeds/000_2daf832d2c6d1ffd.txt", "seeds/002_18bd4921cd51d6f4.txt", "variants/arabic_qalamoun.txt"] {
                try sandbox.drop(Paths.samples.appendingPathComponent(name))
            }
        }
        let check = try newsq(["check", "--deep"], in: sandbox)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("3 of 3 present and unchanged"), "\(check.stdout)")
        #expect(try newsq(["reindex"], in: sandbox).stdout.contains("reindexed    3 articles"))
        #expect(try newsq(["optimize"], in: sandbox).status == 0)
        #expect(try search(["الاسد"], in: sandbox).titles == [Self.arabic], "search works after reindex and optimize")

        // Export, import into a new database twice: each article once.
        let export = try newsq(["export"], in: sandbox)
        #expect(export.stdout.split(separator: "\n").count == 3)
        let file = sandbox.root.appendingPathComponent("backup.jsonl")
        try Data(export.stdout.utf8).write(to: file)
        let copy = sandbox.root.appendingPathComponent("copy.db").path
        let first = try run(Paths.newsq, ["import", file.path, "--db", copy])
        #expect(first.stdout.contains("imported     3 articles (0 already present)"), "\(first.stdout)\(first.stderr)")
        let second = try run(Paths.newsq, ["import", file.path, "--db", copy])
        #expect(second.stdout.contains("imported     0 articles (3 already present)"), "\(second.stdout)")
        let reexport = try run(Paths.newsq, ["export", "--db", copy])
        #expect(Self.withoutIDs(reexport.stdout) == Self.withoutIDs(export.stdout), "the copy holds the same articles")

        // A stored file removed behind newsd's back: check exits 1 and names it.
        let stored = try #require(sandbox.files(in: "processed").first)
        try FileManager.default.removeItem(at: sandbox.state.appendingPathComponent("processed/\(stored)"))
        let broken = try newsq(["check"], in: sandbox)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("missing:") && broken.stdout.contains(stored), "\(broken.stdout)")
    }

    static func withoutIDs(_ jsonl: String) -> [String] {
        jsonl.split(separator: "\n").map { line in
            var object = (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:]
            object["id"] = nil
            return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        }.sorted()
    }
}
