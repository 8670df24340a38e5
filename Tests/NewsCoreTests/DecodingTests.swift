import Testing
@testable import NewsCore

@Suite struct DecodingTests {
    private func decode(_ bytes: [UInt8]) -> String? { try? TextDecoding.decode(bytes).get() }

    @Test func utf8BOMIsDropped() {
        #expect(decode([0xEF, 0xBB, 0xBF] + Array("Héllo".utf8)) == "Héllo")
    }

    @Test func utf16LittleEndianWithBOMIsTextDespiteNULs() {
        #expect(decode([0xFF, 0xFE, 0x48, 0, 0xE9, 0, 0x3D, 0xD8, 0x00, 0xDE]) == "Hé😀")
    }

    @Test func utf16BigEndianWithBOM() {
        #expect(decode([0xFE, 0xFF, 0, 0x48, 0, 0xE9]) == "Hé")
    }

    @Test func utf32LittleEndianWithBOM() {
        #expect(decode([0xFF, 0xFE, 0, 0, 0x48, 0, 0, 0, 0x00, 0xF6, 0x01, 0]) == "H😀")
    }

    @Test func nulWithoutBOMIsBinary() {
        guard case .failure(.binary) = TextDecoding.decode(Array("abc".utf8) + [0] + Array("def".utf8)) else {
            Issue.record("NUL bytes must mean binary")
            return
        }
    }

    @Test func controlByteSoupIsBinaryButTerminalEscapesAreText() {
        let soup = (0..<400).map { UInt8(1 + $0 % 30) }
        guard case .failure(.binary) = TextDecoding.decode(soup) else {
            Issue.record("control bytes must mean binary")
            return
        }
        #expect(decode(Array("\u{1B}[31mred\u{1B}[0m text\u{07} and more text here".utf8)) != nil)
    }

    @Test func emptyIsRejected() {
        #expect(TextDecoding.decode([]) == .failure(.empty))
    }

    @Test func validUTF8() {
        #expect(decode(Array("Qalamoun — l’offensive".utf8)) == "Qalamoun — l’offensive")
    }

    @Test func windows1252NotLatin1() {
        // 0x97 em dash, 0x92 right quote, 0xA0 NBSP, 0xA3 pound: invalid UTF-8, so cp1252.
        #expect(decode([0x61, 0x97, 0x62, 0x92, 0xA0, 0xA3]) == "a—b’\u{A0}£")
        #expect(TextDecoding.decodeDetailed([0x61, 0x97]).map(\.encoding) == .success(.windows1252))
    }

    @Test func undefinedWindows1252BytesKeepLatin1CodePoints() {
        #expect(TextDecoding.windows1252([0x81, 0x8D, 0x8F, 0x90, 0x9D]) == "\u{81}\u{8D}\u{8F}\u{90}\u{9D}")
        #expect(TextDecoding.windows1252([0x80, 0x9F, 0xFF]) == "€Ÿÿ")
    }

    @Test func latin1PoundSign() {
        #expect(decode(Array("a ".utf8) + [0xA3] + Array("15.8m signing".utf8)) == "a £15.8m signing")
    }

    @Test func strayInvalidBytesInUTF8AreDropped() {
        let bytes = Array("talks. ".utf8) + [0xFF, 0xC0, 0xAF] + Array(" He said ’ jets.".utf8) + [0xED, 0xA0, 0x80] + Array(" Ok".utf8)
        #expect(decode(bytes) == "talks.  He said ’ jets. Ok")
        #expect(TextDecoding.decodeDetailed(bytes).map(\.encoding) == .success(.utf8Lossy))
    }

    @Test func truncatedUTF8AtEndIsHandled() {
        let bytes = Array("café ’".utf8.dropLast())
        #expect(decode(bytes) != nil)
    }

    /// A saved web page with a few stray NULs is still a page; a text file padded with
    /// NULs, or one that is mostly NULs, is still binary.
    @Test func strayNULsInMarkupAreDroppedButNotInText() {
        let page = Array("<html><body><p>Article text here.</p>".utf8) + [0, 0] + Array(String(repeating: "<p>More text.</p>", count: 200).utf8)
        #expect(decode(page)?.contains("Article text here.") == true)
        #expect(decode(page)?.contains("\u{0}") == false)
        let padded = Array("The Syrian army and allied troops.".utf8) + [UInt8](repeating: 0, count: 4096)
        #expect(decode(padded) == nil)
        let mostlyNULMarkup = Array("<html>".utf8) + [UInt8](repeating: 0, count: 64)
        #expect(decode(mostlyNULMarkup) == nil)
    }
}
