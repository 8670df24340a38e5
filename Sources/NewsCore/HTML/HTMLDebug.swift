
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

    static func path(_ model: PageModel, _ node: Int32) -> String {
        var parts: [String] = []
        var n = node
        while n >= 0, parts.count < 8 { parts.append(model.labels[Int(n)]); n = model.nodes[Int(n)].parent }
        return parts.reversed().joined(separator: " > ")
    }
}
