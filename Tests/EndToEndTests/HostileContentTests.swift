import Foundation
import NewsCore
import NewsIndex
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hostile file contents through the real newsd and newsq: each ends up processed or failed
/// with a reason, quickly and within bounded memory; nothing reaches a terminal raw; SQL
/// metacharacters are stored verbatim.
@Suite(.serialized)
struct HostileContentTests {
    /// A billion-laughs document: ten levels of ten-fold entity references.
    static let billionLaughs: String = {
        var dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        dtd += " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        for level in 2...9 {
            dtd += " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
        }
        return dtd + "]>\n<html><head><title>Laughs</title></head><body><p>&lol9;</p><p>laughsmarker</p></body></html>\n"
    }()

    static let cases: [(name: String, bytes: [UInt8])] = {
        let nested = String(repeating: "<div><span>", count: 50_000) + "deep nestedmarker" + String(repeating: "</span></div>", count: 50_000)
        var longLine = Array("Long line headline\n\n".utf8)
        longLine += Array(repeating: UInt8(ascii: "w"), count: 10 * 1024 * 1024)
        longLine += Array(" longlinemarker\n".utf8)
        var longTitle = Array(repeating: UInt8(ascii: "t"), count: 10 * 1024 * 1024)
        longTitle += Array("\n\nbody after a ten megabyte first line longtitlemarker\n".utf8)
        return [
            ("escapes.txt", Array("Evil \u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[31mred title\n\nBody with \u{1B}[1;31mescapes\u{1B}[0m and \u{9B}31m CSI escapemarker.\n".utf8)),
            ("bidi.txt", Array("Invoice \u{202E}fdp.exe\u{202C} bidi\n\nBody with \u{2066}isolates\u{2069} and \u{200F}marks bidimarker.\n".utf8)),
            ("long-line.txt", longLine),
            ("long-title.txt", longTitle),
            ("laughs.xml", Array(billionLaughs.utf8)),
            ("laughs.html", Array(billionLaughs.replacingOccurrences(of: "<?xml version=\"1.0\"?>\n", with: "").utf8)),
            ("nested.html", Array(("<html><body>" + nested + "</body></html>\n").utf8)),
            ("sql.txt", Array("Robert'); DROP TABLE articles;-- \" OR 1=1 %_\\\n\nBody '; DELETE FROM articles; -- sqlmarker \\x00 %' _\n".utf8)),
        ]
    }()

    @Test func hostileContentIsContained() throws {
        let sandbox = try Sandbox("hostile")
        for (name, bytes) in Self.cases { try sandbox.drop(bytes: bytes, as: name) }
        let started = Date()
        let daemon = try Newsd(sandbox, interval: 0.2, config: ["settle_delay = 0"])
        var peak = 0
        #expect(waitUntil(timeout: 60) { peak = max(peak, daemon.peakMemoryKiB ?? 0); return sandbox.inboxFiles().isEmpty }, "\(daemon.log.suffix(2000))")
        let elapsed = Date().timeIntervalSince(started)
        #expect(daemon.isRunning, "newsd survived")
        peak = max(peak, daemon.peakMemoryKiB ?? 0)
        #expect(peak < 400_000, "bounded memory: \(peak) KiB")
        let snapshot = try IndexSnapshot(sandbox)
        #expect(snapshot.recorded.values.reduce(0, +) == Self.cases.count, "each file recorded once")
        #expect(snapshot.integrity == "ok")

        // No entity expansion: nothing stored is much larger than the input.
        let db = try Connection(path: sandbox.database, mode: .readOnly)
        let largest = try db.scalar("SELECT max(length(body) + length(title)) FROM articles")
        #expect(largest < 11 * 1024 * 1024, "largest stored article \(largest) chars")
        let laughs = try db.scalar("SELECT coalesce(max(length(body)), 0) FROM articles WHERE source_name LIKE 'laughs%'")
        #expect(laughs < 10_000, "billion laughs not expanded: \(laughs) chars")
        // SQL metacharacters stored verbatim; tables intact.
        #expect(try db.scalar("SELECT count(*) FROM articles WHERE instr(title || ' ' || body, 'DROP TABLE articles;--') > 0 AND instr(body, 'DELETE FROM articles') > 0") == 1)
        #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'articles'") == 1)

        // Nothing raw reaches a terminal: not the daemon's log, not newsq's text output.
        let log = daemon.log
        for bad in ["\u{1B}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{07}"] {
            #expect(!log.contains(bad), "raw U+\(String(bad.unicodeScalars.first!.value, radix: 16)) in the newsd log")
        }
        for query in ["escapemarker", "bidimarker", "sqlmarker"] {
            let text = try newsq(["search", query, "--color", "never"], in: sandbox)
            #expect(text.status == 0, "\(query): \(text.stderr)")
            for bad in ["\u{1B}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{07}"] {
                #expect(!text.stdout.contains(bad), "newsq search \(query): raw U+\(String(bad.unicodeScalars.first!.value, radix: 16))")
            }
        }
        #expect(daemon.stop() == 0)
        print("hostile content: \(Self.cases.count) files in \(String(format: "%.1f", elapsed)) s, peak \(peak / 1024) MiB; " +
              "processed \(sandbox.files(in: "processed").count), failed \(sandbox.files(in: "failed").filter { !$0.hasSuffix(".error") })")
    }
}
