import Foundation
import Testing

/// `newsq failures`: the files newsd could not index, with where they went and why.
struct NewsqFailuresTests {
    @Test func listsEachFailedFileWithItsReasonAndPlace() throws {
        let sandbox = try NewsqFixtures.build("failures") { sandbox in
            try sandbox.drop(Paths.samples.appendingPathComponent("seeds/000_2daf832d2c6d1ffd.txt"))
            try sandbox.drop(bytes: [], as: "empty.txt")
            try sandbox.drop(bytes: Array("binary".utf8) + [0, 1, 2, 0, 3], as: "blob.bin")
        }
        let text = try newsq(["failures", "--color", "never"], in: sandbox)
        #expect(text.status == 0, "\(text.stderr)")
        for expected in ["empty.txt", "blob.bin", "→ " + sandbox.state.appendingPathComponent("failed/empty.txt").path,
                         "→ " + sandbox.state.appendingPathComponent("failed/blob.bin").path] {
            #expect(text.stdout.contains(expected), "\(expected) in \(text.stdout)")
        }

        let json = try newsq(["failures", "--json"], in: sandbox)
        let rows = (try json.json() as? [[String: Any]]) ?? []
        #expect(rows.count == 2, "\(json.stdout)")
        for row in rows {
            let path = row["path"] as? String ?? ""
            #expect(FileManager.default.fileExists(atPath: path), "the failed file is where the listing says: \(row)")
            #expect(FileManager.default.fileExists(atPath: path + ".error"), "its note beside it: \(row)")
            #expect(!(row["reason"] as? String ?? "").isEmpty && !(row["reason_code"] as? String ?? "").isEmpty, "\(row)")
            #expect((row["recorded_at"] as? String ?? "").hasSuffix("Z"), "\(row)")
        }
        #expect(Set(rows.compactMap { $0["file"] as? String }) == ["empty.txt", "blob.bin"])

        #expect(!text.stdout.contains("no longer there"), "\(text.stdout)")
        try FileManager.default.removeItem(at: sandbox.state.appendingPathComponent("failed/blob.bin"))
        #expect(try newsq(["failures", "--color", "never"], in: sandbox).stdout.contains("failed/blob.bin (no longer there)"))

        let limited = try newsq(["failures", "--limit", "1", "--json"], in: sandbox)
        #expect(((try limited.json() as? [[String: Any]]) ?? []).count == 1, "newest first, one")
        let none = try newsq(["failures"], in: try NewsqFixtures.build("nofailures") { try $0.drop(Paths.samples.appendingPathComponent("seeds/000_2daf832d2c6d1ffd.txt")) })
        // Nothing found exits 1, as every listing and a search without a match do.
        #expect(none.status == 1 && none.stdout.contains("no failed files"), "\(none.stdout)")
    }
}
