import CLibXML2

/// A parsed XML document as plain Swift values, built with libxml2 and freed at once.
///
/// Safety: the parser runs with `XML_PARSE_NONET` (no network), without `XML_PARSE_NOENT` (entities are
/// not substituted), `XML_PARSE_DTDLOAD` (no external DTD) or `XML_PARSE_HUGE` (libxml2's depth and size
/// limits stay on). Entity references left in the tree are skipped when the text is read, so a
/// billion-laughs document yields nothing rather than gigabytes. `XML_PARSE_RECOVER` keeps what can be read
/// from slightly broken feeds. Errors are silenced: malformed input is normal here.
final class XMLElement {
    /// The local name (`encoded` for `content:encoded`), as written.
    let name: String
    /// The namespace URI, if the element has one.
    let namespace: String?
    /// Attributes by local name; `xml:lang` is stored as `xml:lang`.
    let attributes: [String: String]
    fileprivate(set) var children: [XMLNodeValue] = []

    init(name: String, namespace: String?, attributes: [String: String]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    func append(_ child: XMLNodeValue) { children.append(child) }

    /// Child elements, optionally only those with this local name (and namespace).
    func elements(_ name: String? = nil, namespace: String? = nil) -> [XMLElement] {
        children.compactMap {
            guard case .element(let e) = $0, name == nil || e.name == name, namespace == nil || e.namespace == namespace else { return nil }
            return e
        }
    }

    func first(_ name: String, namespace: String? = nil) -> XMLElement? {
        for child in children {
            if case .element(let e) = child, e.name == name, namespace == nil || e.namespace == namespace { return e }
        }
        return nil
    }

    /// The concatenated text of this element and its descendants (entity references skipped).
    var text: String {
        var out = ""
        appendText(to: &out)
        return out
    }

    private func appendText(to out: inout String) {
        for child in children {
            switch child {
            case .text(let t): out += t
            case .element(let e): e.appendText(to: &out)
            }
        }
    }

    /// The children serialised back to markup (namespace declarations left out), for XHTML content.
    var innerMarkup: String {
        var out = ""
        for child in children { Self.serialize(child, into: &out) }
        return out
    }

    private static func serialize(_ node: XMLNodeValue, into out: inout String) {
        switch node {
        case .text(let t): out += escape(t)
        case .element(let e):
            out += "<" + e.name
            for (key, value) in e.attributes.sorted(by: { $0.key < $1.key }) { out += " \(key)=\"\(escape(value))\"" }
            out += ">"
            for child in e.children { serialize(child, into: &out) }
            out += "</" + e.name + ">"
        }
    }

    private static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" }) else { return text }
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

enum XMLNodeValue {
    case element(XMLElement)
    case text(String)
}

enum XMLTree {
    /// Elements nested deeper than this are dropped (libxml2 stops at 256 anyway without XML_PARSE_HUGE).
    static let maxDepth = 256

    /// libxml2 must be initialised once before threads use it; a static `let` runs this exactly once.
    private static let initialized: Void = xmlInitParser()

    /// Calls `body` with what every parse hands libxml2: the bytes (attributes past
    /// `MarkupAttributeLimit` dropped), their count and the options (see the type's comment);
    /// nil for empty or oversized input. Initialises libxml2 once and silences its errors on
    /// this thread first (its error handler is per thread).
    static func withInput<T>(_ original: [UInt8], _ body: (_ bytes: UnsafePointer<CChar>, _ count: Int32, _ options: Int32) -> T?) -> T? {
        guard !original.isEmpty, original.count < Int(Int32.max) else { return nil }
        let bytes = MarkupAttributeLimit.apply(original) ?? original
        _ = initialized
        newsd_xml_silence_errors()
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_RECOVER.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { body($0, Int32(buffer.count), options) }
        }
    }

    /// Parses `bytes`; `encoding` overrides the document's declaration (pass nil to honour it).
    static func parse(_ original: [UInt8], encoding: String?) -> XMLElement? {
        guard let document = withInput(original, { xmlReadMemory($0, $1, nil, encoding, $2) }) else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return nil }
        return build(root)
    }

    /// Copies the libxml2 tree into Swift values, iteratively (no recursion on untrusted depth).
    /// `depth`: how deep `root` stands in its document (elements past `maxDepth` are dropped).
    static func build(_ root: xmlNodePtr, depth: Int = 0) -> XMLElement {
        let top = element(from: root)
        var stack: [(node: xmlNodePtr?, element: XMLElement)] = [(root.pointee.children, top)]
        while !stack.isEmpty {
            guard let node = stack[stack.count - 1].node else { stack.removeLast(); continue }
            stack[stack.count - 1].node = node.pointee.next
            let parent = stack[stack.count - 1].element
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                guard depth + stack.count < maxDepth else { continue }
                let child = element(from: node)
                parent.children.append(.element(child))
                stack.append((node.pointee.children, child))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { parent.children.append(.text(String(cString: content))) }
            default:
                break  // comments, processing instructions, entity references (never expanded)
            }
        }
        return top
    }

    /// An element's name, namespace and attributes, without its children.
    static func element(from node: xmlNodePtr) -> XMLElement {
        var attributes = [String: String]()
        var attribute = node.pointee.properties
        while let a = attribute {
            let name = String(cString: a.pointee.name)
            let prefix = a.pointee.ns.flatMap { $0.pointee.prefix.map { String(cString: $0) } }
            var value = ""
            var child = a.pointee.children
            while let c = child {
                if c.pointee.type == XML_TEXT_NODE, let content = c.pointee.content { value += String(cString: content) }
                child = c.pointee.next
            }
            attributes[prefix == "xml" ? "xml:" + name : name] = value
            attribute = a.pointee.next
        }
        let namespace = node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } }
        return XMLElement(name: String(cString: node.pointee.name), namespace: namespace, attributes: attributes)
    }
}
