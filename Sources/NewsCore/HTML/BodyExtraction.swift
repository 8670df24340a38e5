/// Picks the article's text blocks from the flattened page.
enum BodyExtraction {
    /// The main text blocks, in document order.
    static func blocks(_ model: PageModel) -> [String] {
        var finder = MainContentFinder(model: model)
        var roots = finder.find(ignoringBoilerplate: true)
        if roots.isEmpty {
            finder = MainContentFinder(model: model)
            roots = finder.find(ignoringBoilerplate: false)
        }
        if roots.isEmpty, !model.nodes.isEmpty {
            // No container stands out (a bare page, text directly in <body>): the whole page.
            roots = [Int32(model.nodes.firstIndex { $0.tag == .body } ?? 0)]
        }
        var candidates: [Int32] = []
        for root in roots {
            let node = model.nodes[Int(root)]
            for b in node.firstBlock..<node.endBlock where model.blocks[Int(b)].boilerAncestor <= root {
                candidates.append(b)  // furniture inside the article (flagged below the root) is out
            }
        }
        var kept = BoilerplateClassifier.keep(candidates, in: model)
        if kept.isEmpty { kept = candidates.filter { model.blocks[Int($0)].linkDensity <= 0.5 } }
        return kept.map { model.blocks[Int($0)].text }
    }
}
