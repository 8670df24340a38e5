import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The attributes the extractor reads, found in one pass over an element's attribute list.
/// Values point into the parser's buffers: valid during the SAX callback only.
struct Attributes {
    typealias Value = UnsafePointer<UInt8>
    var className: Value?, id: Value?, style: Value?, role: Value?, itemprop: Value?
    var name: Value?, property: Value?, content: Value?, httpEquiv: Value?
    var rel: Value?, href: Value?, lang: Value?, datetime: Value?
    var hidden = false, ariaHidden = false, pubdate = false

    /// Reads a SAX attribute array: name, value (nil for a bare attribute), …, nil.
    init(_ list: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        guard let list else { return }
        var i = 0
        while let n = list[i] {
            let v = list[i + 1]
            i += 2
            switch (n[0] | 0x20, strlen(n)) {
            case (0x63, 5) where eq(n, "class"): className = v
            case (0x63, 7) where eq(n, "content"): content = v
            case (0x69, 2) where eq(n, "id"): id = v
            case (0x69, 8) where eq(n, "itemprop"): itemprop = v
            case (0x73, 5) where eq(n, "style"): style = v
            case (0x72, 4) where eq(n, "role"): role = v
            case (0x72, 3) where eq(n, "rel"): rel = v
            case (0x6E, 4) where eq(n, "name"): name = v
            case (0x70, 8) where eq(n, "property"): property = v
            case (0x70, 7) where eq(n, "pubdate"): pubdate = true
            case (0x68, 10) where eq(n, "http-equiv"): httpEquiv = v
            case (0x68, 4) where eq(n, "href"): href = v
            case (0x68, 6) where eq(n, "hidden"): hidden = true
            case (0x6C, 4) where eq(n, "lang"): lang = v
            case (0x64, 8) where eq(n, "datetime"): datetime = v
            case (0x61, 11) where eq(n, "aria-hidden"): ariaHidden = v.map { LibXML.equalsIgnoringCase($0, "true") } ?? false
            default: break
            }
        }
    }

    private func eq(_ c: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
        memcmp(c, s.utf8Start, s.utf8CodeUnitCount) == 0  // the HTML parser lower-cases attribute names
    }

    /// `hidden`, `aria-hidden=true`, or an inline style that hides the element.
    var isHidden: Bool {
        if hidden || ariaHidden { return true }
        guard let style, Self.mentionsHiding(style) else { return false }
        let s = LibXML.lowercased(style).filter { $0 != 0x20 && $0 != 0x09 }
        return s.containsSequence("display:none") || s.containsSequence("visibility:hidden")
    }

    /// A cheap pre-check: "none" or "hidden" occurs (any case) in the value.
    private static func mentionsHiding(_ v: UnsafePointer<UInt8>) -> Bool {
        var i = 0
        while v[i] != 0 {
            let b = v[i] | 0x20
            if b == 0x6E, v[i + 1] | 0x20 == 0x6F, v[i + 2] | 0x20 == 0x6E, v[i + 3] | 0x20 == 0x65 { return true }
            if b == 0x68, v[i + 1] | 0x20 == 0x69, v[i + 2] | 0x20 == 0x64, v[i + 3] | 0x20 == 0x64 { return true }
            i += 1
        }
        return false
    }

    /// ARIA landmarks of page furniture.
    var isFurnitureRole: Bool {
        guard let role else { return false }
        let r = LibXML.lowercased(role)
        return ["navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search", "dialog",
                "alertdialog", "toolbar"].contains { r.containsWord($0) }
    }

    var isMainRole: Bool {
        guard let role else { return false }
        let r = LibXML.lowercased(role)
        return r.containsWord("main") || r.containsWord("article")
    }

    var isAuthorProp: Bool {
        guard let itemprop else { return false }
        return LibXML.lowercased(itemprop).containsWord("author")
    }

    var isArticleBody: Bool {
        guard let itemprop else { return false }
        return LibXML.lowercased(itemprop).containsWord("articlebody")
    }

}

extension Array where Element == UInt8 {
    func containsSequence(_ s: String) -> Bool {
        let needle = Array(s.utf8)
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { i in self[i..<(i + needle.count)].elementsEqual(needle) }
    }
}
