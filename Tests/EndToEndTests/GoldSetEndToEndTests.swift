import Foundation
import Testing

/// Every line of `../shared/samples/expected.jsonl`, end to end: the file goes through the
/// real `newsd --once` into a fresh index, and the real `newsq` must show what the line says.
@Suite struct GoldSetEndToEndTests {
    struct Line: Sendable, CustomTestStringConvertible {
        let raw: [String: any Sendable]
        var file: String { raw["file"] as! String }
        var outcome: String { raw["outcome"] as! String }
        var testDescription: String { file }
    }

    static let lines: [Line] = {
        guard let text = try? String(contentsOf: Paths.samples.appendingPathComponent("expected.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]).map { Line(raw: $0.mapValues { $0 as any Sendable }) }
        }
    }()

    @Test func goldSetIsPresent() {
        #expect(Self.lines.count == 39)
    }

    @Test(arguments: lines)
    func lineHoldsEndToEnd(_ line: Line) throws {
        let sandbox = try Sandbox("gold")
        let source = Paths.samples.appendingPathComponent(line.file)
        var prerequisiteID: Int64?
        if let prerequisite = line.outcome.split(separator: ":", maxSplits: 1).last, line.outcome.contains(":"), !line.outcome.hasPrefix("articles") {
            try sandbox.drop(Paths.samples.appendingPathComponent(String(prerequisite)))
            try ingestOnce(sandbox)
            prerequisiteID = try recentIDs(sandbox).first
            #expect(prerequisiteID != nil, "prerequisite \(prerequisite) indexed")
        }
        let before = try stats(sandbox)
        try sandbox.drop(source)
        try ingestOnce(sandbox)
        let after = try stats(sandbox)
        let name = source.lastPathComponent

        switch line.outcome {
        case "indexed":
            #expect(after["articles"] == before["articles"]! + 1)
            try checkFields(line.raw, id: try recentIDs(sandbox).first!, sandbox: sandbox)
        case "rejected":
            #expect(after["articles"] == 0)
            #expect(after["failed"] == 1)
            #expect(sandbox.files(in: "failed").contains(name))
            let note = try String(contentsOf: sandbox.state.appendingPathComponent("failed/\(name).error"), encoding: .utf8)
            #expect(note.contains("reason: "), "readable reason: \(note)")
        case "ignored":
            #expect(after["articles"] == 0 && after["failed"] == 0 && after["duplicates"] == 0)
            #expect(sandbox.inboxFiles() == [name], "left untouched in the inbox")
            // Renamed to a normal name, it is ingested.
            try FileManager.default.moveItem(at: sandbox.inbox.appendingPathComponent(name), to: sandbox.inbox.appendingPathComponent("renamed.txt"))
            try ingestOnce(sandbox)
            let renamed = try stats(sandbox)
            #expect(renamed["articles"]! + renamed["failed"]! == 1, "ingested once renamed")
        case let outcome where outcome.hasPrefix("duplicate-of:"):
            #expect(after["articles"] == before["articles"])
            #expect(after["duplicates"] == before["duplicates"]! + 1)
            let groups = try newsq(["dups", "--json"], in: sandbox).json() as? [[String: Any]] ?? []
            #expect(groups.first?["id"] as? Int64 == prerequisiteID || (groups.first?["id"] as? Int).map(Int64.init) == prerequisiteID)
            for query in line.raw["search"] as? [String] ?? [] {
                #expect(try topIDs(query, sandbox).contains(prerequisiteID!), "search '\(query)' finds the original")
            }
        case let outcome where outcome.hasPrefix("updates:"):
            #expect(after["articles"] == before["articles"])
            #expect(after["updates"] == before["updates"]! + 1)
            let shown = try newsq(["show", "\(prerequisiteID!)", "--json"], in: sandbox).json() as? [String: Any] ?? [:]
            #expect(shown["revision"] as? Int == 2)
            try checkFields(line.raw, id: prerequisiteID!, sandbox: sandbox)
        case let outcome where outcome.hasPrefix("articles:"):
            let count = Int(outcome.dropFirst("articles:".count))!
            #expect(after["articles"] == before["articles"]! + count)
            let ids = try recentIDs(sandbox).sorted()
            let items = line.raw["items"] as? [[String: Any]] ?? []
            #expect(ids.count == items.count)
            for (id, item) in zip(ids, items) { try checkFields(item, id: id, sandbox: sandbox) }
        default:
            Issue.record("unknown outcome \(line.outcome)")
        }
    }

    // MARK: Helpers

    func ingestOnce(_ sandbox: Sandbox) throws {
        let result = try run(Paths.newsd, ["--once", "--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path])
        #expect(result.status == 0, "newsd --once: \(result.stderr)")
    }

    func stats(_ sandbox: Sandbox) throws -> [String: Int] {
        guard FileManager.default.fileExists(atPath: sandbox.database) else {
            return ["articles": 0, "duplicates": 0, "failed": 0, "updates": 0]
        }
        let json = try newsq(["stats", "--json"], in: sandbox).json() as? [String: Any] ?? [:]
        return json.compactMapValues { $0 as? Int }
    }

    func recentIDs(_ sandbox: Sandbox) throws -> [Int64] {
        let list = try newsq(["recent", "--json", "--limit", "100"], in: sandbox).json() as? [[String: Any]] ?? []
        return list.compactMap { ($0["id"] as? Int).map(Int64.init) }
    }

    func topIDs(_ query: String, _ sandbox: Sandbox) throws -> [Int64] {
        let result = try newsq(["search", query, "--json", "--limit", "3"], in: sandbox)
        let hits = (try? result.json() as? [String: Any])?["results"] as? [[String: Any]] ?? []
        return hits.compactMap { ($0["id"] as? Int).map(Int64.init) }
    }

    /// Compares the stored article with the expected fields, body rules and searches.
    func checkFields(_ expected: [String: Any], id: Int64, sandbox: Sandbox) throws {
        let shown = try newsq(["show", "\(id)", "--json"], in: sandbox).json() as? [String: Any] ?? [:]
        let fieldMap = ["title": "title", "date": "date", "author": "author", "source_url": "url", "category": "category",
                        "slug": "slug", "language": "language"]
        for (key, stored) in fieldMap {
            let want = expected[key] as? String
            let got = shown[stored] as? String
            #expect(got == want, "\(key)")
        }
        #expect(shown["tags"] as? [String] ?? [] == expected["tags"] as? [String] ?? [], "tags")
        let body = collapse(shown["body"] as? String ?? "")
        for snippet in expected["body_contains"] as? [String] ?? [] {
            let found = body.contains(collapse(snippet))
            #expect(found, "body contains \(snippet.debugDescription)")
        }
        for snippet in expected["body_excludes"] as? [String] ?? [] {
            let leaked = body.contains(collapse(snippet))
            #expect(!leaked, "body excludes \(snippet.debugDescription)")
        }
        for query in expected["search"] as? [String] ?? [] {
            #expect(try topIDs(query, sandbox).contains(id), "search '\(query)' ranks it in the top 3")
        }
    }

    /// Runs of spaces, tabs and line breaks become one space (NBSP is content, not layout:
    /// the gold set checks that it is gone).
    func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).joined(separator: " ")
    }
}
