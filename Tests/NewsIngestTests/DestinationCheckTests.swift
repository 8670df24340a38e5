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
