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
        let previous = neighbours(classes, list, forward: true), next = neighbours(classes, list, forward: false)
        var resolved = classes
        for i in classes.indices where classes[i] == .short {
            if (previous[i] == .good || previous[i] == .short) && (next[i] == .good || next[i] == .short) {
                resolved[i] = .good
            } else if i + 1 < classes.count, classes[i + 1] == .good,
                      model.blocks[Int(candidates[i])].text.last != ":" {
                resolved[i] = .good  // a subheading-like line opening a paragraph, after furniture
            } else {
                resolved[i] = .bad
            }
        }
        // Headings: kept when good text follows before the next heading (read from the end, so
        // a page of many headings costs one pass).
        var goodFollows = false
        for i in classes.indices.reversed() {
            if classes[i] == .heading {
                resolved[i] = goodFollows ? .good : .bad
                goodFollows = false
            } else if resolved[i] == .good {
                goodFollows = true
            }
        }
        classes = resolved
        return candidates.indices.filter { classes[$0] == .good && !excluded[$0] }.map { candidates[$0] }
    }

    /// For each block, the nearest good or bad block before it (`forward`, reading in text order)
    /// or after it, looking past short blocks and headings and past bad items of the block's own
    /// list; `.short` at the edge of the text (no evidence either way). One pass: it keeps the
    /// last good block and the last two bad ones of different lists, so a page of 100,000 short
    /// blocks or list items costs no more than its length (a scan from each block was quadratic).
    static func neighbours(_ classes: [Class], _ list: [Int32], forward: Bool) -> [Class] {
        var result = Array(repeating: Class.short, count: classes.count)
        var lastGood = -1
        var lastBad: (at: Int, list: Int32) = (-1, -1), lastBadOfOtherList: (at: Int, list: Int32) = (-1, -1)
        let order = forward ? Array(classes.indices) : Array(classes.indices.reversed())
        for i in order {
            // The nearest bad block that counts for i: any, unless it is an item of i's own list.
            let bad = list[i] < 0 || lastBad.list != list[i] ? lastBad.at : lastBadOfOtherList.at
            if lastGood >= 0 || bad >= 0 {
                result[i] = bad < 0 || (lastGood >= 0 && abs(lastGood - i) < abs(bad - i)) ? .good : .bad
            }
            switch classes[i] {
            case .good: lastGood = i
            case .bad:
                if list[i] != lastBad.list { lastBadOfOtherList = lastBad }
                lastBad = (i, list[i])
            case .short, .heading: break
            }
        }
        return result
    }
}
