import Foundation
import NewsIndex
import Testing
@testable import NewsIngest

/// The destination-name check done ahead of the transaction, on the analysis queue
/// (`FileMover.firstChoiceIfFree`, `PreparedFile.freeDestination`).
@Suite struct DestinationCheckTests {
    static let stories = [
        "Harvest\n\nWheat prices rose again in the northern provinces after a wet autumn delayed the harvest.",
        "Election\n\nThe coalition lost its majority in the upper house after a recount in two districts.",
        "Football\n\nThe league leaders dropped points at home for the first time since the winter break.",
        "Shipping\n\nContainer rates across the Pacific fell for a sixth week as new vessels entered service.",
    ]

    @Test func firstChoiceIsTheDestinationTriedFirst() throws {
        let fixture = try PipelineFixture()
        let mover = FileMover(inbox: fixture.settings.inbox, stateDir: fixture.settings.stateDir)
        _ = FileManager.default.createFile(atPath: fixture.settings.processedDir + "/taken.txt", contents: Data())
        #expect(mover.firstChoiceIfFree(folder: "processed", relativeName: "taken.txt") == nil)
        #expect(mover.firstChoiceIfFree(folder: "processed", relativeName: "free.txt") == "processed/free.txt")
        #expect(mover.firstChoiceIfFree(folder: "processed", relativeName: "d/e.txt") == "processed/d/e.txt")
        #expect(mover.firstChoiceIfFree(folder: "processed", relativeName: "n\u{1}.txt") == "processed/n_.txt")
        for name in ["free.txt", "d/e.txt", "n\u{1}.txt"] {
            var reserved = FileMover.Reservations(names: [])
            #expect(mover.destination(folder: "processed", relativeName: name, reserved: &reserved)
                == mover.firstChoiceIfFree(folder: "processed", relativeName: name))
        }
    }

    /// The analysis fills the check for files that parsed, not for failures (they go to failed/).
    @Test func analysisChecksTheFirstChoiceOfParsedFiles() throws {
        let fixture = try PipelineFixture()
        _ = FileManager.default.createFile(atPath: fixture.settings.processedDir + "/taken.txt", contents: Data())
        fixture.put("taken.txt", Self.stories[0])
        fixture.put("free.txt", Self.stories[1])
        fixture.put("empty.txt", "")
        let scanner = InboxScanner(inbox: fixture.settings.inbox)
        let entries = scanner.scan().sorted { $0.displayName < $1.displayName }
        let mover = FileMover(inbox: fixture.settings.inbox, stateDir: fixture.settings.stateDir)
        let loaded = IngestPipeline.load(entries, paths: entries.map(scanner.path(of:)), maxBytes: 1 << 20, recorder: nil, mover: mover)
        let checks: [String: String?] = Dictionary(uniqueKeysWithValues: loaded.compactMap {
            guard case .analysed(let file) = $0 else { return nil }
            return (file.entry.displayName, file.freeDestination)
        })
        #expect(checks == ["empty.txt": nil, "free.txt": "processed/free.txt", "taken.txt": nil])
    }

    /// The folders on the way of a journalled move are reserved too: a later file named like
    /// one of them must not take the name before the move creates the folder.
    @Test func pendingMovesReserveTheirFolders() {
        let reserved = FileMover.Reservations(pending: ["processed/a/b/c.txt", "failed/x.txt"])
        #expect(reserved.names == ["processed/a/b/c.txt", "failed/x.txt"])
        #expect(reserved.folders == ["processed/a", "processed/a/b"])
    }

    /// A folder a move creates, then a file of that name in the next batch (analysed while the
    /// move was still to come): the file gets its own name, and the folder keeps its file.
    @Test func aFileNamedLikeAFolderBeingCreatedGetsItsOwnName() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 1 }
        try FileManager.default.createDirectory(atPath: fixture.settings.inbox + "/d\u{1}", withIntermediateDirectories: true)
        fixture.put("d\u{1}/e.txt", Self.stories[0])
        fixture.put("d\u{2}", Self.stories[1])
        fixture.setModified("d\u{1}/e.txt", secondsAgo: 100)
        fixture.setModified("d\u{2}", secondsAgo: 50)
        try fixture.drain()
        #expect(fixture.files(in: "processed") == ["d_", "d_~2"])
        #expect(fixture.files(in: "processed/d_") == ["e.txt"])
        #expect(fixture.files(in: "duplicates").isEmpty)
        #expect(try fixture.index.stats().articles == 2)
    }

    /// A path the caller found free is not looked up again, but the transaction's
    /// reservations still count.
    @Test func knownFreeSkipsOnlyTheLookup() throws {
        let fixture = try PipelineFixture()
        let mover = FileMover(inbox: fixture.settings.inbox, stateDir: fixture.settings.stateDir)
        _ = FileManager.default.createFile(atPath: fixture.settings.processedDir + "/a.txt", contents: Data())
        var reserved = FileMover.Reservations(names: [])
        #expect(mover.destination(folder: "processed", relativeName: "a.txt", reserved: &reserved) == "processed/a.txt~2")
        reserved = FileMover.Reservations(names: [])
        #expect(mover.destination(folder: "processed", relativeName: "a.txt", reserved: &reserved, knownFree: "processed/a.txt") == "processed/a.txt")
        reserved = FileMover.Reservations(names: ["processed/b.txt"])
        #expect(mover.destination(folder: "processed", relativeName: "b.txt", reserved: &reserved, knownFree: "processed/b.txt") == "processed/b.txt~2")
    }

    /// Names that share a destination, one file a batch: each batch is analysed (and its
    /// first choice found free) while the one before commits, before that one's file is
    /// moved there. The move still in the journal keeps the name taken.
    @Test func batchesSharingAFirstChoiceEachGetTheirOwnPlace() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 1 }
        for (n, story) in Self.stories.enumerated() {
            fixture.put("n\(UnicodeScalar(UInt8(n + 1))).txt", story)
            fixture.setModified("n\(UnicodeScalar(UInt8(n + 1))).txt", secondsAgo: Double(100 - n))
        }
        try fixture.drain()
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.files(in: "processed") == ["n_.txt", "n_.txt~2", "n_.txt~3", "n_.txt~4"])
        #expect(try fixture.index.stats().articles == Self.stories.count)
    }
}
