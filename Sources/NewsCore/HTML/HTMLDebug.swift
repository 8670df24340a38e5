
/// A readable dump of the extractor's view of a page, for tuning and tests.
enum HTMLDebug {
    static func describe(_ bytes: [UInt8]) -> String {
        PageBuilder.debugLabels = true
        defer { PageBuilder.debugLabels = false }
        let input = HTMLDecoding.decode(bytes)
        let prescan = HTMLPrescan.run(input.bytes)
        let model = PageBuilder.build(prescan.html, encoding: input.encoding)
        var finder = MainContentFinder(model: model)
        let roots = finder.find(ignoringBoilerplate: true)
        var out = "roots: " + roots.map { "\($0) \(path(model, $0))" }.joined(separator: "\n       ") + "\n"
        let top = finder.scores.indices.sorted { finder.scores[$0] > finder.scores[$1] }.prefix(8)
        for i in top { out += String(format: "  cand %5d %8.1f chars %6d ld %.2f ", i, finder.scores[i], model.nodes[i].chars, model.nodes[i].linkDensity) + path(model, Int32(i)) + "\n" }
        for (i, b) in model.blocks.enumerated() {
            let inRoot = roots.contains { model.nodes[Int($0)].firstBlock <= i && i < model.nodes[Int($0)].endBlock }
            out += "\(inRoot ? "*" : " ") b\(i) n\(b.owner) c\(b.chars) ld\(String(format: "%.2f", b.linkDensity)) ba\(b.boilerAncestor) \(model.labels[Int(b.anchor)]) | \(b.text.prefix(90))\n"
        }
        return out
    }

    /// For each snippet, where its text sits: in a chosen root or not, the block's class, its flags.
    static func explain(_ bytes: [UInt8], snippets: [String]) -> String {
        PageBuilder.debugLabels = true
        defer { PageBuilder.debugLabels = false }
        let input = HTMLDecoding.decode(bytes)
        let model = PageBuilder.build(HTMLPrescan.run(input.bytes).html, encoding: input.encoding)
        var finder = MainContentFinder(model: model)
        let roots = finder.find(ignoringBoilerplate: true)
        var out = ""
        for snippet in snippets {
            let key = String(snippet.split(separator: " ").prefix(4).joined(separator: " "))
            guard let i = model.blocks.firstIndex(where: { $0.text.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(key) }) else {
                out += "  [not in any block] \(key)\n"
                continue
            }
            let b = model.blocks[i]
            let root = roots.first { model.nodes[Int($0)].firstBlock <= i && i < model.nodes[Int($0)].endBlock }
            let where_ = root == nil ? "OUTSIDE roots" : (b.boilerAncestor > root! ? "flagged " + model.labels[Int(b.boilerAncestor)] : "in root")
            out += "  [\(where_)] class \(BoilerplateClassifier.classify(b)) c\(b.chars) ld\(String(format: "%.2f", b.linkDensity)) \(model.labels[Int(b.anchor)].prefix(60)) | \(key)\n"
            if root == nil { out += "      block path: \(path(model, b.anchor).suffix(200))\n      roots: \(roots.map { path(model, $0).suffix(120) })\n" }
        }
        return out
    }

    static func path(_ model: PageModel, _ node: Int32) -> String {
        var parts: [String] = []
        var n = node
        while n >= 0, parts.count < 8 { parts.append(model.labels[Int(n)]); n = model.nodes[Int(n)].parent }
        return parts.reversed().joined(separator: " > ")
    }
}
