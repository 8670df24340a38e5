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
        var out: [String] = []
        for root in roots {
            let node = model.nodes[Int(root)]
            for b in node.firstBlock..<node.endBlock {
                let block = model.blocks[Int(b)]
                if block.boilerAncestor > root { continue }  // furniture inside the article
                if block.linkDensity > 0.5 { continue }
                out.append(block.text)
            }
        }
        return out
    }
}
