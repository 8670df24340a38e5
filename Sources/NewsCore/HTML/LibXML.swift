import CLibXML2

/// Parsing with libxml2's HTML parser and reading its tree without copies.
enum LibXML {
    /// Parses HTML; `encoding` nil means the bytes are UTF-8 and the page's own charset hints are ignored.
    /// The caller frees the result with `xmlFreeDoc`.
    static func parse(_ bytes: [UInt8], encoding: String?) -> htmlDocPtr? {
        newsd_xml_silence_errors()
        var options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
        if encoding == nil { options |= HTML_PARSE_IGNORE_ENC.rawValue }
        // An empty buffer gives no document; a lone space gives an empty one, which keeps callers simple.
        let input = bytes.isEmpty ? [0x20] : bytes
        return input.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                htmlReadMemory(p, Int32(clamping: buf.count), nil, encoding, Int32(bitPattern: options))
            }
        }
    }

    /// An attribute's value as libxml2 stores it (entities decoded), without copying; nil if absent.
    @inline(__always)
    static func value(_ attr: UnsafeMutablePointer<xmlAttr>) -> UnsafePointer<UInt8>? {
        guard let child = attr.pointee.children, let content = child.pointee.content else { return nil }
        return UnsafePointer(content)
    }

    /// The named attribute's value as a string.
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if let n = a.pointee.name, equalsIgnoringCase(n, name) {
                return value(a).map { String(cString: $0) }
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// All text below a node (for the few metadata elements that need it).
    static func textContent(_ node: xmlNodePtr) -> String {
        guard let c = xmlNodeGetContent(node) else { return "" }
        defer { xmlFree(c) }
        return String(cString: c)
    }

    static func equalsIgnoringCase(_ c: UnsafePointer<UInt8>, _ s: String) -> Bool {
        var i = 0
        for b in s.utf8 {
            let x = c[i]
            if x == 0 || (x | 0x20) != (b | 0x20) { return false }
            i += 1
        }
        return c[i] == 0
    }

    /// The value lower-cased as bytes (for class/id/rel matching).
    static func lowercased(_ c: UnsafePointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while c[i] != 0 {
            let b = c[i]
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            i += 1
        }
        return out
    }
}
