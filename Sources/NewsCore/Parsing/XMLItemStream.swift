import CLibXML2

/// Reads a feed with libxml2's streaming reader: each item is built as Swift values, handed
/// on and freed before the next is read, so a feed of 100,000 items never exists whole as a
/// tree (the tree of a 40 MB feed took about 250 MB, libxml2's and its Swift copy together).
///
/// What is not an item is kept as a *skeleton*: the root element and, inside it, the first
/// `channel` (RSS 2.0), each with their other children whole (title, language, author…), so
/// the feed's own fields are read as from a full tree. Same options and limits as `XMLTree`.
enum XMLItemStream {
    /// Where an element stands: the local names from the root down to it, itself included.
    typealias Path = [String]

    /// Streams `original`; `isItem` says which elements are items, `item` takes each in
    /// document order. Returns the skeleton, or nil when the document has no root or the
    /// reader stopped on an error before its end (a broken feed: the caller may read it again
    /// as a whole tree, which libxml2 recovers more of).
    static func read(_ original: [UInt8], encoding: String?, isItem: (Path) -> Bool, item: (Path, XMLElement) -> Void) -> XMLElement? {
        // An encoding given overrides the document's declaration, as it does for the whole-tree
        // parse (the reader alone would honour `encoding="ISO-8859-1"` on UTF-8 bytes).
        let ignoreDeclared = encoding == nil ? 0 : Int32(bitPattern: XML_PARSE_IGNORE_ENC.rawValue)
        return XMLTree.withInput(original) { bytes, count, options -> XMLElement? in
            guard let reader = xmlReaderForMemory(bytes, count, nil, encoding, options | ignoreDeclared) else { return nil }
            defer { xmlFreeTextReader(reader) }
            return walk(reader, isItem: isItem, item: item)
        }
    }

    /// The reader's loop. `open[d]` is the skeleton element open at depth d (the root, then the
    /// first channel); every element below them is expanded, built and skipped as a whole.
    private static func walk(_ reader: xmlTextReaderPtr, isItem: (Path) -> Bool, item: (Path, XMLElement) -> Void) -> XMLElement? {
        var root: XMLElement?
        var open: [XMLElement] = []
        var openedChannel = false
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            let depth = Int(xmlTextReaderDepth(reader))
            let type = xmlTextReaderNodeType(reader)
            // Leaving an open element shows as a node at its depth or above.
            if open.count > depth { open.removeSubrange(depth...) }
            guard depth == open.count, let node = xmlTextReaderCurrentNode(reader) else {
                status = xmlTextReaderRead(reader)  // an end tag, or a node outside the skeleton
                continue
            }
            switch Int32(type) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let element = XMLTree.element(from: node)
                guard let parent = open.last else {
                    if root != nil { return nil }  // a second root: not a well-formed feed
                    root = element
                    if xmlTextReaderIsEmptyElement(reader) == 0 { open.append(element) }
                    status = xmlTextReaderRead(reader)
                    continue
                }
                let path = open.map(\.name) + [element.name]
                let isAnItem = isItem(path)
                if isAnItem || !(depth == 1 && element.name == "channel" && !openedChannel) {
                    // An item, or the skeleton's other content: built whole, then skipped.
                    guard let subtree = xmlTextReaderExpand(reader) else { return nil }
                    let built = XMLTree.build(subtree, depth: depth)
                    if isAnItem { item(path, built) } else { parent.append(.element(built)) }
                    status = xmlTextReaderNext(reader)
                    continue
                }
                openedChannel = true
                parent.append(.element(element))
                if xmlTextReaderIsEmptyElement(reader) == 0 { open.append(element) }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                if let parent = open.last, let content = node.pointee.content { parent.append(.text(String(cString: content))) }
            default:
                break  // comments, processing instructions, entity references (never expanded)
            }
            status = xmlTextReaderRead(reader)
        }
        return status == 0 ? root : nil
    }
}
