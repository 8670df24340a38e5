import CLibXML2

/// Builds the `PageModel` from libxml2's HTML parser driven in SAX mode: the parser's error
/// recovery (implied and auto-closed elements) is the same as for its tree, but no tree is built
/// or freed, which halves the parsing cost. Iterative by nature: depth costs no stack. A struct
/// reached through a pointer from the callbacks: no dynamic exclusivity checks on its state.
struct PageBuilder {
    private var model = PageModel()
    private var stack: [Int32] = []
    private var text = TextAccumulator()
    /// > 0 inside an element whose content is ignored (script, hidden, void metadata elements…).
    private var skipDepth = 0
    private var headDepth = 0
    private var linkDepth = 0
    private var preDepth = 0
    private var articleDepth = 0
    private var semanticsCache: [UInt64: ClassSemantics] = [:]
    /// Elements whose text is wanted on its own (title, bylines), innermost last.
    private var captures: [(kind: Capture, start: Int, node: Int32)] = []
    private var captured: [UInt8] = []

    private enum Capture { case title, byline, itempropDate, headline }

    /// Records a label per node in `PageModel.labels` (debugging and tests only).
    nonisolated(unsafe) static var debugLabels = false

    /// Parses `bytes` (UTF-8 when `encoding` is nil; the page's own charset hints are then ignored).
    static func build(_ bytes: [UInt8], encoding: String?) -> PageModel {
        var builder = PageBuilder()
        builder.model.nodes.reserveCapacity(2048)
        builder.model.blocks.reserveCapacity(512)
        withUnsafeMutablePointer(to: &builder) { LibXML.parseSAX(bytes, encoding: encoding, handler: $0) }
        builder.finish()
        return builder.model
    }

    // MARK: SAX events

    mutating func startElement(_ name: UnsafePointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        if skipDepth > 0 { skipDepth += 1; return }
        let tag = HTMLTag.of(name)
        let attrs = Attributes(attributes)
        switch tag {
        case .head:
            headDepth += 1
            push(tag, attrs, ClassSemantics.none, flags: [], name: name)
            return
        case .title:
            if headDepth > 0 || model.metadata.title == nil {
                captures.append((.title, captured.count, -1))
                push(tag, attrs, .none, flags: [], name: name)
            } else {
                skipDepth = 1
            }
            return
        case .meta, .link, .base:
            readMetadataElement(tag, attrs)
            skipDepth = 1
            return
        case .html:
            if model.metadata.htmlLang == nil, let lang = attrs.lang { model.metadata.htmlLang = String(cString: lang) }
        case .br:
            text.lineBreak(into: &model, anchor: stack.last ?? -1)
            skipDepth = 1
            return
        case .hr:
            text.flush(into: &model, anchor: stack.last ?? -1)
            skipDepth = 1
            return
        default:
            if tag.isSkipped { skipDepth = 1; return }
        }
        let semantics = classSemantics(attrs)
        if tag != .html && tag != .body && tag != .article && tag != .main && attrs.isHidden {
            skipDepth = 1
            return
        }
        var flags: ElementInfo.Flags = []
        if tag == .html || tag == .body {
            // Page-wide classes (`no-sidebars`, `has-comments`) say nothing about the page's own text.
        } else {
            // Hidden by class (`sr-only`, `d-none`): furniture rather than skipped, since scripts may
            // have been about to show it (the wrapper rule in BoilerplateFlags can still rescue it).
            let hard = semantics.boilerplate || semantics.hidden || attrs.isFurnitureRole
                || (tag.isStructuralBoilerplate && tag != .header)
                || (tag.isBlock && attrs.isAuthorProp)  // an author box (bio, links), not the article
            if hard || (semantics.unlikely && !tag.isHeading) || (tag == .header && articleDepth == 0) {
                flags.insert(hard ? .boilerplate : [.boilerplate, .soft])
            }
            if semantics.comments { flags.insert(.comments) }
        }
        if semantics.articleBody || attrs.isArticleBody {
            flags.insert(.articleBody)
            if !tag.isStructuralBoilerplate { flags.subtract([.boilerplate, .soft]) }
        }
        if attrs.isMainRole || tag == .main { flags.insert(.mainLandmark) }
        let index = push(tag, attrs, semantics, flags: flags, name: name)
        readItemprops(tag, attrs, semantics, index)
    }

    mutating func endElement() {
        if skipDepth > 0 { skipDepth -= 1; return }
        guard let index = stack.last else { return }
        let info = model.nodes[Int(index)]
        if info.tag.isBlock || !info.flags.isEmpty { text.flush(into: &model, anchor: index) }
        stack.removeLast()
        if let capture = captures.last, capture.node == index { endCapture() }
        close(index)
    }

    mutating func characters(_ chars: UnsafePointer<UInt8>, _ count: Int) {
        if skipDepth > 0 { return }
        if !captures.isEmpty { captured.append(contentsOf: UnsafeBufferPointer(start: chars, count: count)) }
        if headDepth > 0 { return }
        text.append(chars, count: count, inLink: linkDepth > 0, preformatted: preDepth > 0)
    }

    // MARK: Elements

    @discardableResult
    private mutating func push(_ tag: HTMLTag, _ attrs: Attributes, _ semantics: ClassSemantics, flags: ElementInfo.Flags,
                      name: UnsafePointer<UInt8>) -> Int32 {
        if tag.isBlock || !flags.isEmpty { text.flush(into: &model, anchor: stack.last ?? -1) }
        let index = Int32(model.nodes.count)
        let parent = stack.last ?? -1
        let parentInfo = parent >= 0 ? model.nodes[Int(parent)] : nil
        var weight = semantics.weight
        if attrs.isMainRole { weight += 25 }
        model.nodes.append(ElementInfo(
            parent: parent, tag: tag, flags: flags, weight: weight,
            firstBlock: Int32(model.blocks.count),
            blockOwner: tag.isBlock ? index : (parentInfo?.blockOwner ?? index),
            boilerAncestor: flags.contains(.boilerplate) ? index : (parentInfo?.boilerAncestor ?? -1)))
        if Self.debugLabels {
            let cls = attrs.className.map { "." + String(cString: $0) } ?? ""
            let id = attrs.id.map { "#" + String(cString: $0) } ?? ""
            model.labels.append(String(cString: name) + id + cls + (flags.isEmpty ? "" : " {\(flags.rawValue)}"))
        }
        if let capture = captures.last, capture.node == -1 { captures[captures.count - 1].node = index }
        stack.append(index)
        if tag == .a { linkDepth += 1 }
        if tag == .pre { preDepth += 1 }
        if tag == .article || tag == .main { articleDepth += 1 }
        return index
    }

    private mutating func close(_ index: Int32) {
        let tag = model.nodes[Int(index)].tag
        switch tag {
        case .a: linkDepth -= 1
        case .pre: preDepth -= 1
        case .article, .main: articleDepth -= 1
        case .head: headDepth -= 1
        default: break
        }
        model.nodes[Int(index)].end = Int32(model.nodes.count)
        model.nodes[Int(index)].endBlock = Int32(model.blocks.count)
    }

    /// Closes what the parser left open, sums text up the tree, reconsiders furniture flags.
    private mutating func finish() {
        text.flush(into: &model, anchor: stack.last ?? -1)
        while let last = stack.popLast() { close(last) }
        for b in model.blocks.indices {
            let block = model.blocks[b]
            guard block.owner >= 0 else { continue }
            model.nodes[Int(block.owner)].chars += block.chars
            model.nodes[Int(block.owner)].linkChars += block.linkChars
        }
        // Children come after their parent in pre-order.
        for i in model.nodes.indices.reversed() {
            let p = Int(model.nodes[i].parent)
            guard p >= 0 else { continue }
            model.nodes[p].chars += model.nodes[i].chars
            model.nodes[p].linkChars += model.nodes[i].linkChars
        }
        BoilerplateFlags.refine(&model)
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

    private mutating func readMetadataElement(_ tag: HTMLTag, _ attrs: Attributes) {
        switch tag {
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

    private mutating func readItemprops(_ tag: HTMLTag, _ attrs: Attributes, _ semantics: ClassSemantics, _ index: Int32) {
        if tag == .time, let dt = attrs.datetime {
            let published = attrs.pubdate || attrs.itemprop.map { LibXML.lowercased($0).containsWord("datepublished") } ?? false
            model.metadata.times.append((String(cString: dt), published))
        }
        if let prop = attrs.itemprop {
            let p = LibXML.lowercased(prop)
            if p.containsWord("datepublished") {
                if let value = attrs.content ?? attrs.datetime {
                    model.metadata.itempropDates.append(String(cString: value))
                } else {
                    captures.append((.itempropDate, captured.count, index))
                }
            } else if p.containsWord("author") || p.containsWord("creator") {
                captures.append((.byline, captured.count, index))
            } else if p.containsWord("headline"), model.metadata.itempropHeadline == nil {
                if let c = attrs.content { model.metadata.itempropHeadline = String(cString: c) } else {
                    captures.append((.headline, captured.count, index))
                }
            }
        }
        if captures.last?.node == index { return }
        if tag == .a, let rel = attrs.rel, LibXML.lowercased(rel).containsWord("author") {
            captures.append((.byline, captured.count, index))
        } else if semantics.byline, model.metadata.bylines.count < 8 {
            captures.append((.byline, captured.count, index))
        }
    }

    private mutating func endCapture() {
        guard let capture = captures.popLast() else { return }
        let value = String(decoding: captured[capture.start...], as: UTF8.self)
        switch capture.kind {
        case .title: if model.metadata.title == nil { model.metadata.title = value }
        case .byline: model.metadata.bylines.append(value)
        case .itempropDate: model.metadata.itempropDates.append(value)
        case .headline: if model.metadata.itempropHeadline == nil { model.metadata.itempropHeadline = value }
        }
        if captures.isEmpty { captured.removeAll(keepingCapacity: true) }
    }
}

extension Array where Element == UInt8 {
    /// Whether a space-separated list (lower-cased) contains `word`.
    func containsWord(_ word: String) -> Bool {
        split(separator: 0x20).contains { $0.elementsEqual(word.utf8) }
    }
}
