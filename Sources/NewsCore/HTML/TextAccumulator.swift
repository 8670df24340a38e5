/// Collects the text of the current block as whitespace-collapsed UTF-8: runs of white space
/// (NBSP included) become one space, zero-width characters vanish, `<br>` becomes a line break.
struct TextAccumulator {
    private var bytes: [UInt8] = []
    private var chars: Int32 = 0
    private var linkChars: Int32 = 0
    private var commas: Int32 = 0
    /// White space seen since the last character written: 1 = space, 2 = line break.
    private var pending: UInt8 = 0
    private var breaks = 0

    init() { bytes.reserveCapacity(4096) }

    /// Adds text; in `preformatted` text (`<pre>`) line breaks are kept.
    mutating func append(_ c: UnsafePointer<UInt8>, count n: Int, inLink: Bool, preformatted: Bool = false) {
        var i = 0
        var added: Int32 = 0
        // Multi-byte look-ahead below reads at most two bytes past `i`: pad checks with `at`.
        @inline(__always) func at(_ k: Int) -> UInt8 { k < n ? c[k] : 0 }
        while i < n {
            let b = c[i]
            switch b {
            case 0x0A where preformatted:
                pending = 2
                i += 1
                continue
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                if pending == 0 { pending = 1 }
                i += 1
                continue
            case 0xC2 where at(i + 1) == 0xA0:  // NBSP
                if pending == 0 { pending = 1 }
                i += 2
                continue
            case 0xE2 where at(i + 1) == 0x80 && (at(i + 2) >= 0x8B && at(i + 2) <= 0x8D),  // ZWSP, ZWNJ, ZWJ
                 0xE2 where at(i + 1) == 0x81 && at(i + 2) == 0xA0,  // word joiner
                 0xEF where at(i + 1) == 0xBB && at(i + 2) == 0xBF:  // BOM as ZWNBSP
                i += 3
                continue
            default:
                break
            }
            if pending != 0 {
                if !bytes.isEmpty { bytes.append(pending == 2 ? 0x0A : 0x20) }
                pending = 0
            }
            bytes.append(b)
            if b & 0xC0 != 0x80 { added += 1 }
            if b == 0x2C { commas += 1 }
            breaks = 0
            i += 1
        }
        chars += added
        if inLink { linkChars += added }
    }

    /// A `<br>`: a line break inside the block; two in a row end the block.
    mutating func lineBreak(into model: inout PageModel, anchor: Int32) {
        guard !bytes.isEmpty else { return }
        breaks += 1
        if breaks >= 2 { flush(into: &model, anchor: anchor) } else { pending = 2 }
    }

    /// Ends the current block, recording it (if it has text) under the element `anchor`.
    mutating func flush(into model: inout PageModel, anchor: Int32) {
        defer { bytes.removeAll(keepingCapacity: true); chars = 0; linkChars = 0; commas = 0; pending = 0; breaks = 0 }
        guard !bytes.isEmpty, anchor >= 0 else { return }
        let info = model.nodes[Int(anchor)]
        let owner = info.blockOwner
        model.blocks.append(TextBlock(
            text: String(decoding: bytes, as: UTF8.self), chars: chars, linkChars: linkChars, commas: commas,
            owner: owner, anchor: anchor, tag: model.nodes[Int(owner)].tag, boilerAncestor: info.boilerAncestor))
    }
}
