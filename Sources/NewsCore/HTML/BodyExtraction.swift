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
        guard let first = roots.first else { return [] }
        var candidates: [Int32] = []
        var furniture: [Bool] = []  // strongly flagged below the root: never kept, but context for the rest
        for root in roots {
            let node = model.nodes[Int(root)]
            for b in node.firstBlock..<node.endBlock {
                candidates.append(b)
                furniture.append(model.blocks[Int(b)].hardAncestor > root)
            }
        }
        var kept = BoilerplateClassifier.keep(candidates, furniture: furniture, in: model)
        if kept.isEmpty {
            kept = candidates.indices.filter { !furniture[$0] && model.blocks[Int(candidates[$0])].linkDensity <= 0.5 }
                .map { candidates[$0] }
        }
        return (lead(before: first, in: model) + kept).map { model.blocks[Int($0)].text }
    }

    /// Prose just before the chosen root inside the same article: the lead paragraph that pages put in
    /// the article's header (`entry-summary`, `teaser-text`, `intro`) rather than in its body.
    /// Walks back from the root, skipping furniture, short lines and a few short link lines (bylines,
    /// dates), stopping at link-dense text.
    static func lead(before root: Int32, in model: PageModel) -> [Int32] {
        let container = articleContainer(of: root, in: model)
        let start = model.nodes[Int(container)].firstBlock
        var found: [Int32] = []
        var b = model.nodes[Int(root)].firstBlock - 1
        var skipped = 0, links = 0
        while b >= start, found.count < 3, skipped < 12 {
            let block = model.blocks[Int(b)]
            b -= 1
            if block.hardAncestor > container || block.tag == .h1 { skipped += 1; continue }
            switch BoilerplateClassifier.classify(block) {
            case .good where block.linkDensity <= 0.2: found.append(b + 1)
            case .bad:
                links += 1
                if block.chars >= BoilerplateClassifier.longBlock || links > 2 { return found.reversed() }
                skipped += 1
            default: skipped += 1
            }
        }
        return found.reversed()
    }

    /// The nearest `<article>`, `<main>` or article-body element within three levels up, else the
    /// grandparent.
    private static func articleContainer(of root: Int32, in model: PageModel) -> Int32 {
        var a = root
        var fallback = root
        for level in 0..<3 {
            let p = model.nodes[Int(a)].parent
            guard p >= 0, model.nodes[Int(p)].tag != .body else { break }
            a = p
            let n = model.nodes[Int(a)]
            if n.tag == .article || n.flags.contains(.articleBody) || n.flags.contains(.mainLandmark) { return a }
            if level < 2 { fallback = a }
        }
        return fallback
    }
}
