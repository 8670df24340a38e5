import Foundation
import Testing

/// Indexes for the newsq end-to-end tests, each built once per test run by the real newsd.
enum NewsqFixtures {
    /// The whole BBC corpus (2,225 files, 98 of them byte-identical copies).
    static let bbc: Result<Sandbox, Error> = Result { try build("bbc") { sandbox in
        for category in ["business", "entertainment", "politics", "sport", "tech"] {
            let source = Paths.bbc.appendingPathComponent(category)
            try FileManager.default.copyItem(at: source, to: sandbox.inbox.appendingPathComponent("bbc/\(category)"))
        }
    } }

    /// The four seeds and the Arabic and French variants of seed 000.
    static let samples: Result<Sandbox, Error> = Result { try build("samples") { sandbox in
        let seeds = try FileManager.default.contentsOfDirectory(at: Paths.samples.appendingPathComponent("seeds"), includingPropertiesForKeys: nil)
        for file in seeds where file.pathExtension == "txt" { try sandbox.drop(file) }
        for name in ["arabic_qalamoun.txt", "french_qalamoun.txt"] {
            try sandbox.drop(Paths.samples.appendingPathComponent("variants/\(name)"))
        }
    } }

    /// Seed 000 and the article full of terminal escape sequences.
    static let escapes: Result<Sandbox, Error> = Result { try build("escapes") { sandbox in
        try sandbox.drop(Paths.samples.appendingPathComponent("seeds/000_2daf832d2c6d1ffd.txt"))
        try sandbox.drop(Paths.samples.appendingPathComponent("variants/terminal_escapes.txt"))
    } }

    /// Fills an inbox, runs `newsd --once` on it, and returns the sandbox.
    static func build(_ name: String, fill: (Sandbox) throws -> Void) throws -> Sandbox {
        let sandbox = try Sandbox("newsq-\(name)")
        try fill(sandbox)
        let config = sandbox.root.appendingPathComponent("newsd.conf")
        try Data("durability = normal\n".utf8).write(to: config)
        let once = try run(Paths.newsd, ["--once", "--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path,
                                          "--config", config.path, "--log-level", "warning"])
        guard once.status == 0 else { throw FixtureError(message: "newsd --once failed: \(once.stderr)") }
        return sandbox
    }

    struct FixtureError: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

/// `newsq search … --format json` on a sandbox: the exit status and the results.
struct SearchOutcome {
    var status: Int32
    var total: Int
    var results: [[String: Any]]
    var stderr: String

    /// The bytes of each result's stored file (byte-identical copies compare equal).
    var contents: Set<Data> { Set(results.compactMap { ($0["path"] as? String).flatMap { FileManager.default.contents(atPath: $0) } }) }
    var titles: [String] { results.compactMap { $0["title"] as? String } }
}

func search(_ arguments: [String], in sandbox: Sandbox, limit: Int = 500) throws -> SearchOutcome {
    let result = try newsq(["search"] + arguments + ["--format", "json", "--limit", "\(limit)"], in: sandbox)
    let object = (try? result.json()) as? [String: Any] ?? [:]
    return SearchOutcome(status: result.status, total: object["total"] as? Int ?? -1,
                         results: object["results"] as? [[String: Any]] ?? [], stderr: result.stderr)
}

/// The bytes of every file newsd stored as an article (processed/), not those it recorded
/// as exact or near duplicates of another (e.g. bbc/sport/328.txt, a re-edit of 329.txt).
func storedContents(_ sandbox: Sandbox) -> Set<Data> {
    let folder = sandbox.state.appendingPathComponent("processed")
    return Set(sandbox.files(in: "processed").compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) })
}

/// The bytes of corpus files named relative to `folder` (e.g. "politics/189.txt").
func corpusContents(_ names: [String], in folder: URL = Paths.bbc) -> Set<Data> {
    Set(names.compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) })
}
