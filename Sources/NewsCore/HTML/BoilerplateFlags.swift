/// Second thoughts on the walker's furniture flags, once the whole page's text is known.
enum BoilerplateFlags {
    /// A text block that reads like prose rather than a label or a link.
    static func isProse(_ b: TextBlock) -> Bool {
        b.chars >= 25 && b.linkDensity <= 0.5 && !b.isHeading
    }

    /// `<main>`, `role=main`, `itemprop=articleBody`/an article-body class with prose, or an
    /// `<article>` with a large share of it; never itself furniture.
    private static func isArticleMarker(_ n: ElementInfo, prose: Int32, total: Int32) -> Bool {
        guard !n.flags.contains(.boilerplate), prose >= 200 else { return false }
        if n.flags.contains(.mainLandmark) || n.flags.contains(.articleBody) { return true }
        return n.tag == .article && prose * 10 >= total * 3
    }

    /// Unflags "furniture" that holds most of the page's prose: a layout wrapper with an unlucky name
    /// (`one-sidebar`, `has-sidebar`) or an element the HTML parser's error recovery stretched over the
    /// article. Comment sections stay flagged. Then recomputes each node's and block's nearest flagged ancestor.
    static func refine(_ model: inout PageModel) {
        var prose = Array(repeating: Int32(0), count: model.nodes.count)
        for b in model.blocks where isProse(b) { prose[Int(b.owner)] += b.chars }
        for i in model.nodes.indices.reversed() where model.nodes[i].parent >= 0 {
            prose[Int(model.nodes[i].parent)] += prose[i]
        }
        defer { propagate(&model) }
        guard let total = prose.first, total > 0 else { return }
        for i in model.nodes.indices where model.nodes[i].flags.contains(.boilerplate)
            && !model.nodes[i].flags.contains(.comments) && prose[i] * 2 >= total && prose[i] >= 500 {
            model.nodes[i].flags.remove(.boilerplate)
        }
        // A wrapper around the marked article body (`content-sidebar-wrap > main > article`) is layout.
        // A walk stops at an ancestor an earlier walk went through (it went on from there the same
        // way): 100,000 nested markers cost one walk each, not one per ancestor.
        var walked = Array(repeating: false, count: model.nodes.count)
        for i in model.nodes.indices where isArticleMarker(model.nodes[i], prose: prose[i], total: total) {
            var a = model.nodes[i].parent
            while a >= 0, !walked[Int(a)] {
                walked[Int(a)] = true
                let n = model.nodes[Int(a)]
                if n.flags.contains(.comments) { break }
                if n.flags.contains(.boilerplate) { model.nodes[Int(a)].flags.remove(.boilerplate) }
                a = n.parent
            }
        }
    }

    /// Each node's and block's nearest flagged ancestor, and nearest strongly flagged one.
    private static func propagate(_ model: inout PageModel) {
        for i in model.nodes.indices {
            let n = model.nodes[i]
            let parent = n.parent >= 0 ? model.nodes[Int(n.parent)] : nil
            let flagged = n.flags.contains(.boilerplate)
            model.nodes[i].boilerAncestor = flagged ? Int32(i) : (parent?.boilerAncestor ?? -1)
            model.nodes[i].hardAncestor = flagged && !n.flags.contains(.soft) ? Int32(i) : (parent?.hardAncestor ?? -1)
        }
        for b in model.blocks.indices {
            let anchor = model.nodes[Int(model.blocks[b].anchor)]
            model.blocks[b].boilerAncestor = anchor.boilerAncestor
            model.blocks[b].hardAncestor = anchor.hardAncestor
        }
    }
}
