import Foundation
import Testing

/// The listings (`dups`, `failures`, `similar`, `recent`, `tags`, `sites`, `stats --by`) when
/// they find nothing, and what `recent --json` says of the bodies it shortens.
struct NewsqListingTests {
    /// Every listing that finds nothing says so in text output, prints `[]` with `--json`, and
    /// exits 1, as a search without a match does (`failures` exited 0, `dups` and the others
    /// printed nothing at all).
    @Test func listingsThatFindNothingSaySoAndExitOne() throws {
        let empty = try NewsqFixtures.build("empty-listings") { _ in }
        let one = try NewsqFixtures.build("one-article") { try $0.drop(Paths.samples.appendingPathComponent("seeds/000_2daf832d2c6d1ffd.txt")) }
        let cases: [(Sandbox, [String], String)] = [
            (one, ["dups"], "no duplicates recorded"),
            (one, ["failures"], "no failed files"),
            (one, ["similar", "1"], "no article at least 0.30 similar to [1]"),
            (empty, ["recent"], "no articles"),
            (empty, ["recent", "--since", "2020"], "no articles ingested since 2020"),
            (empty, ["tags"], "no tagged articles"),
            (empty, ["sites"], "no articles"),
            (empty, ["stats", "--by", "month"], "no articles"),
        ]
        for (sandbox, arguments, message) in cases {
            let text = try newsq(arguments + ["--color", "never"], in: sandbox)
            #expect(text.status == 1 && text.stdout == message + "\n", "\(arguments): \(text.status) \(text.stdout)\(text.stderr)")
            let json = try newsq(arguments + ["--json"], in: sandbox)
            #expect(json.status == 1 && (try? json.json()) as? [Any] != nil && ((try? json.json()) as? [Any])?.isEmpty == true,
                    "\(arguments) --json: \(json.status) \(json.stdout)")
        }
        // The counts themselves are no listing: all zero is an answer.
        #expect(try newsq(["stats"], in: empty).status == 0)
    }

    /// `recent --json` shortens long bodies, and says so; `show --json` gives the whole text.
    @Test func recentJSONSaysWhichBodiesItShortened() throws {
        let sandbox = try NewsqFixtures.samples.get()
        let recent = (try newsq(["recent", "--json"], in: sandbox).json() as? [[String: Any]]) ?? []
        #expect(recent.count == 6)
        var shortened = 0
        for row in recent {
            let id = row["id"] as? Int ?? -1
            let shown = (try newsq(["show", "\(id)", "--json"], in: sandbox).json() as? [String: Any]) ?? [:]
            let whole = shown["body"] as? String ?? "", body = row["body"] as? String ?? ""
            #expect(shown["body_truncated"] as? Bool == false, "show --json prints the whole body")
            if whole.count > 300 {
                shortened += 1
                #expect(row["body_truncated"] as? Bool == true && body.count == 300 && whole.hasPrefix(body), "[\(id)] cut at 300 characters")
            } else {
                #expect(row["body_truncated"] as? Bool == false && body == whole, "[\(id)] whole")
            }
        }
        #expect(shortened > 0, "the samples hold bodies longer than 300 characters")
    }
}
