/// Paragraph-level boilerplate classification in the style of jusText: each block is good (long,
/// link-poor), bad (link-dense) or short; short blocks take their class from their context (good
/// between good blocks or the edges of the text, or when opening a good paragraph); a link-heavy
/// item of a list does not spoil its siblings; headings stay when good text follows them before the next heading.
enum BoilerplateClassifier {
    enum Class { case good, bad, short, heading }

    static let longBlock: Int32 = 70

    static func classify(_ b: TextBlock) -> Class {
        let ld = b.linkDensity
        // Short lines with a link are usually navigation; list items (ingredients, sources) less so.
        if ld > 0.5 || (ld > 0.33 && b.chars < 200 && b.tag != .li) { return .bad }
        if b.isHeading { return .heading }
        return b.chars >= longBlock ? .good : .short
    }

    /// The blocks (indices into `model.blocks`) to keep, in order.
    /// `furniture[i]` marks blocks known to be boilerplate (flagged containers): bad, whatever their text.
    static func keep(_ candidates: [Int32], furniture: [Bool], in model: PageModel) -> [Int32] {
        // Furniture and the title (`<h1>`, metadata rather than body text) are never kept, and say
        // nothing about their neighbours.
        let excluded = candidates.indices.map { furniture[$0] || model.blocks[Int(candidates[$0])].tag == .h1 }
        var classes = candidates.indices.map { excluded[$0] ? .short : classify(model.blocks[Int(candidates[$0])]) }
        // The list each list item belongs to (-1 for other blocks).
        let list = candidates.map { c -> Int32 in
            let b = model.blocks[Int(c)]
            return b.tag == .li ? model.nodes[Int(b.owner)].parent : -1
        }
        // Short blocks: good between good neighbours (skipping other short ones), bad otherwise.
        var resolved = classes
        for i in classes.indices where classes[i] == .short {
            let prev = neighbour(classes, list, from: i, step: -1)
            let next = neighbour(classes, list, from: i, step: 1)
            if (prev == .good || prev == .short) && (next == .good || next == .short) {
                resolved[i] = .good
            } else if i + 1 < classes.count, classes[i + 1] == .good,
                      model.blocks[Int(candidates[i])].text.last != ":" {
                resolved[i] = .good  // a subheading-like line opening a paragraph, after furniture
            } else {
                resolved[i] = .bad
            }
        }
        // Headings: kept when good text follows before the next heading.
        for i in classes.indices where classes[i] == .heading {
            var j = i + 1
            var keepIt = false
            while j < classes.count, classes[j] != .heading {
                if resolved[j] == .good { keepIt = true; break }
                j += 1
            }
            resolved[i] = keepIt ? .good : .bad
        }
        classes = resolved
        return candidates.indices.filter { classes[$0] == .good && !excluded[$0] }.map { candidates[$0] }
    }

    /// The nearest good or bad block, looking past short blocks and past bad items of `i`'s own list.
    private static func neighbour(_ classes: [Class], _ list: [Int32], from i: Int, step: Int) -> Class {
        var j = i + step
        while j >= 0, j < classes.count {
            let sameList = list[i] >= 0 && list[j] == list[i]
            if classes[j] == .good || (classes[j] == .bad && !sameList) { return classes[j] }
            j += step
        }
        return .short  // the edge of the text: no evidence either way
    }
}
