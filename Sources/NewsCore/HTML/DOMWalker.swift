import CLibXML2

/// One iterative pass over libxml2's tree (no recursion: depth is unbounded in malformed pages)
/// that flattens it into a `PageModel`: elements with their semantics, text blocks, metadata.
struct DOMWalker {
    private var model = PageModel()
    private var stack: [Int32] = []
    private var text = TextAccumulator()
    private var linkDepth = 0
    private var articleDepth = 0
    private var semanticsCache: [UInt64: ClassSemantics] = [:]

    /// Records a label per node in `PageModel.labels` (debugging and tests only).
    nonisolated(unsafe) static var debugLabels = false

    static func walk(_ doc: htmlDocPtr) -> PageModel {
        var walker = DOMWalker()
        walker.model.nodes.reserveCapacity(2048)
        walker.model.blocks.reserveCapacity(512)
        walker.run(doc)
        return walker.model
    }

    private mutating func run(_ doc: htmlDocPtr) {
        let root = UnsafeMutableRawPointer(doc).assumingMemoryBound(to: xmlNode.self)
        var current = root.pointee.children
        while let node = current {
            var descend = false
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                descend = enter(node)
                if descend, let child = node.pointee.children {
                    current = child
                    continue
                }
                if descend { exit(node) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { appendText(UnsafePointer(content)) }
            default:
                break
            }
            // Next in document order: the next sibling, else climb, closing each finished element.
            var n: xmlNodePtr? = node
            current = nil
            while let m = n {
                if let next = m.pointee.next { current = next; break }
                guard let parent = m.pointee.parent, parent != root else { break }
                exit(parent)
                n = parent
            }
        }
        text.flush(into: &model, anchor: stack.last ?? -1)
        while let last = stack.popLast() { close(last) }
        finish()
        BoilerplateFlags.refine(&model)
    }

    // MARK: Elements

    /// Records the element; returns whether to walk its children.
    private mutating func enter(_ node: xmlNodePtr) -> Bool {
        let tag = HTMLTag.of(node.pointee.name)
        let attrs = Attributes(node)
        switch tag {
        case .head:
            readHead(node)
            return false
        case .title, .meta, .link, .base:
            readMetadataElement(node, tag, attrs)
            return false
        case .html:
            if model.metadata.htmlLang == nil, let lang = attrs.lang { model.metadata.htmlLang = String(cString: lang) }
        case .br:
            text.lineBreak(into: &model, anchor: stack.last ?? -1)
            return false
        case .hr:
            text.flush(into: &model, anchor: stack.last ?? -1)
            return false
        default:
            if tag.isSkipped { return false }
        }
        let semantics = classSemantics(attrs)
        if tag != .html && tag != .body && tag != .article && tag != .main
            && (attrs.isHidden || semantics.hidden) {
            return false
        }
        readItemprops(node, tag, attrs, semantics)

        var flags: ElementInfo.Flags = []
        if tag == .html || tag == .body {
            // Page-wide classes (`no-sidebars`, `has-comments`) say nothing about the page's own text.
        } else if semantics.boilerplate || (semantics.unlikely && !tag.isHeading) || attrs.isFurnitureRole
            || (tag.isStructuralBoilerplate && !(tag == .header && articleDepth > 0)) {
            flags.insert(.boilerplate)
        }
        if semantics.articleBody || attrs.isArticleBody { flags.insert(.articleBody); flags.remove(.boilerplate) }
        if tag == .form { flags.insert(.form) }
        if semantics.comments, tag != .html, tag != .body { flags.insert(.comments) }
        if tag.isBlock || !flags.isEmpty { text.flush(into: &model, anchor: stack.last ?? -1) }

        let index = Int32(model.nodes.count)
        let parent = stack.last ?? -1
        let parentInfo = parent >= 0 ? model.nodes[Int(parent)] : nil
        var weight = semantics.weight
        if attrs.isMainRole || tag == .main { flags.insert(.mainLandmark) }
        if attrs.isMainRole { weight += 25 }
        model.nodes.append(ElementInfo(
            parent: parent, tag: tag, flags: flags, weight: weight,
            firstBlock: Int32(model.blocks.count),
            blockOwner: tag.isBlock ? index : (parentInfo?.blockOwner ?? index),
            boilerAncestor: flags.contains(.boilerplate) ? index : (parentInfo?.boilerAncestor ?? -1)))
        if Self.debugLabels {
            let cls = attrs.className.map { "." + String(cString: $0) } ?? ""
            let id = attrs.id.map { "#" + String(cString: $0) } ?? ""
            model.labels.append(String(cString: node.pointee.name) + id + cls + (flags.isEmpty ? "" : " {\(flags.rawValue)}"))
        }
        stack.append(index)
        if tag == .a { linkDepth += 1 }
        if tag == .article || tag == .main { articleDepth += 1 }
        return true
    }

    private mutating func exit(_ node: xmlNodePtr) {
        guard let index = stack.popLast() else { return }
        let info = model.nodes[Int(index)]
        if info.tag.isBlock || !info.flags.isEmpty { text.flush(into: &model, anchor: index) }
        close(index)
    }

    private mutating func close(_ index: Int32) {
        let tag = model.nodes[Int(index)].tag
        if tag == .a { linkDepth -= 1 }
        if tag == .article || tag == .main { articleDepth -= 1 }
        model.nodes[Int(index)].end = Int32(model.nodes.count)
        model.nodes[Int(index)].endBlock = Int32(model.blocks.count)
    }

    private mutating func appendText(_ content: UnsafePointer<UInt8>) {
        text.append(content, inLink: linkDepth > 0)
    }

    /// Sums text and link characters up the tree (children come after their parent in pre-order).
    private mutating func finish() {
        for b in model.blocks.indices {
            let block = model.blocks[b]
            guard block.owner >= 0 else { continue }
            model.nodes[Int(block.owner)].chars += block.chars
            model.nodes[Int(block.owner)].linkChars += block.linkChars
        }
        for i in model.nodes.indices.reversed() {
            let p = Int(model.nodes[i].parent)
            guard p >= 0 else { continue }
            model.nodes[p].chars += model.nodes[i].chars
            model.nodes[p].linkChars += model.nodes[i].linkChars
        }
    }

    private mutating func classSemantics(_ attrs: Attributes) -> ClassSemantics {
        var s = ClassSemantics.none
        if let c = attrs.className { s = semantics(of: c) }
        if let id = attrs.id { s = s.merged(with: semantics(of: id)) }
        return s
    }

    /// One value's semantics, cached: class names repeat across a page.
    private mutating func semantics(of value: UnsafePointer<UInt8>) -> ClassSemantics {
        var h: UInt64 = 0xcbf29ce484222325
        var i = 0
        while value[i] != 0 { h = (h ^ UInt64(value[i])) &* 0x100000001b3; i += 1 }
        if let cached = semanticsCache[h] { return cached }
        let s = ClassSemantics.classify(LibXML.lowercased(value))
        semanticsCache[h] = s
        return s
    }

    // MARK: Metadata

    private mutating func readHead(_ head: xmlNodePtr) {
        var child = head.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE {
                let tag = HTMLTag.of(c.pointee.name)
                if tag == .title || tag == .meta || tag == .link || tag == .base {
                    readMetadataElement(c, tag, Attributes(c))
                }
            }
            child = c.pointee.next
        }
    }

    private mutating func readMetadataElement(_ node: xmlNodePtr, _ tag: HTMLTag, _ attrs: Attributes) {
        switch tag {
        case .title:
            if model.metadata.title == nil { model.metadata.title = LibXML.textContent(node) }
        case .meta:
            guard let content = attrs.content,
                  let key = attrs.name ?? attrs.property ?? attrs.itemprop ?? attrs.httpEquiv else { return }
            model.metadata.metas.append((String(cString: key).lowercased(), String(cString: content)))
        case .link:
            if model.metadata.canonical == nil, let rel = attrs.rel, let href = attrs.href,
               LibXML.lowercased(rel).containsWord("canonical") {
                model.metadata.canonical = String(cString: href)
            }
        default:
            break
        }
    }

    private mutating func readItemprops(_ node: xmlNodePtr, _ tag: HTMLTag, _ attrs: Attributes, _ semantics: ClassSemantics) {
        if tag == .time, let dt = attrs.datetime {
            let published = attrs.pubdate || attrs.itemprop.map { LibXML.lowercased($0).containsWord("datepublished") } ?? false
            model.metadata.times.append((String(cString: dt), published))
        }
        if let prop = attrs.itemprop {
            let p = LibXML.lowercased(prop)
            if p.containsWord("datepublished") {
                let value = attrs.content ?? attrs.datetime
                model.metadata.itempropDates.append(value.map { String(cString: $0) } ?? LibXML.textContent(node))
            } else if p.containsWord("author") || p.containsWord("creator") {
                model.metadata.bylines.append(LibXML.textContent(node))
            } else if p.containsWord("headline"), model.metadata.itempropHeadline == nil {
                model.metadata.itempropHeadline = attrs.content.map { String(cString: $0) } ?? LibXML.textContent(node)
            }
        }
        if tag == .a, let rel = attrs.rel, LibXML.lowercased(rel).containsWord("author") {
            model.metadata.bylines.append(LibXML.textContent(node))
        } else if semantics.byline, model.metadata.bylines.count < 8 {
            model.metadata.bylines.append(LibXML.textContent(node))
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether a space-separated list (lower-cased) contains `word`.
    func containsWord(_ word: String) -> Bool {
        split(separator: 0x20).contains { $0.elementsEqual(word.utf8) }
    }
}
