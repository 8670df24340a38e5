/// Finds the element(s) holding the article, readability-style: long, comma-rich, link-poor text
/// blocks vote for their parent and grandparents; class/id semantics and tags weigh in; the best
/// candidate is widened to an ancestor when the votes are spread or an ancestor is named as the
/// article body, then joined by related siblings (its own, and strong ones of its parent and
/// grandparent, for stories split over several containers).
struct MainContentFinder {
    let model: PageModel
    /// Final candidate scores (0 where the element got no vote).
    private(set) var scores: [Double]

    init(model: PageModel) {
        self.model = model
        scores = Array(repeating: 0, count: model.nodes.count)
    }

    /// The chosen subtrees' root elements, in document order; empty when nothing qualifies.
    mutating func find(ignoringBoilerplate: Bool) -> [Int32] {
        vote(ignoringBoilerplate: ignoringBoilerplate)
        guard var top = best() else { return [] }
        top = toMarkedBody(widen(top))
        return (withSiblings(top) + outerSiblings(of: top)).sorted()
    }

    private func isVoter(_ b: TextBlock, ignoringBoilerplate: Bool) -> Bool {
        BoilerplateFlags.isProse(b) && !(ignoringBoilerplate && b.boilerAncestor >= 0)
    }

    private mutating func vote(ignoringBoilerplate: Bool) {
        var raw = Array(repeating: 0.0, count: model.nodes.count)
        var touched = Array(repeating: false, count: model.nodes.count)
        for b in model.blocks where isVoter(b, ignoringBoilerplate: ignoringBoilerplate) {
            // Commas mark prose; capped so that comma-separated lists (names, tags) do not outvote it.
            let score = 1 + min(Double(b.commas), Double(b.chars) / 80) + min(Double(b.chars) / 100, 3)
            // A paragraph votes for its parent. Loose text in a container that also holds other blocks
            // is a paragraph of that container (readability wraps such text runs in <p>), so it votes for it.
            let owner = model.nodes[Int(b.owner)]
            let loose = owner.tag != .p && !owner.tag.isHeading && owner.endBlock - owner.firstBlock >= 2
            var node = loose ? b.owner : owner.parent
            var level = 0
            while node >= 0, level < 5 {
                let i = Int(node)
                if !touched[i] {
                    touched[i] = true
                    raw[i] = Self.tagBonus(model.nodes[i].tag) + Double(model.nodes[i].weight)
                }
                raw[i] += score / (level == 0 ? 1 : level == 1 ? 2 : Double(level) * 3)
                node = model.nodes[i].parent
                level += 1
            }
        }
        for i in raw.indices where touched[i] {
            let n = model.nodes[i]
            // Body and html collect every vote: they are the fallback, never a candidate.
            guard n.tag != .body, n.tag != .html else { continue }
            scores[i] = raw[i] * (1 - n.linkDensity)
        }
    }

    private static func tagBonus(_ tag: HTMLTag) -> Double {
        switch tag {
        case .div, .article, .main, .section: return 5
        case .pre, .td, .blockquote: return 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: return -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: return -5
        default: return 0
        }
    }

    private func best() -> Int32? {
        var top: Int32?
        var topScore = 0.0
        for i in scores.indices where scores[i] > topScore {
            topScore = scores[i]
            top = Int32(i)
        }
        return top
    }

    private func contains(_ ancestor: Int32, _ node: Int32) -> Bool {
        ancestor <= node && node < model.nodes[Int(ancestor)].end
    }

    /// Moves up when several strong candidates share an ancestor, or an ancestor scores higher.
    private func widen(_ start: Int32) -> Int32 {
        var top = start
        let topScore = scores[Int(top)]
        let strong = scores.indices.filter { $0 != Int(top) && scores[$0] >= 0.75 * topScore }.map(Int32.init)
        if strong.count >= 2 {
            var a = model.nodes[Int(top)].parent
            while a >= 0, model.nodes[Int(a)].tag != .body {
                if strong.filter({ contains(a, $0) }).count >= 2 { top = a; break }
                a = model.nodes[Int(a)].parent
            }
        }
        var last = scores[Int(top)]
        let threshold = last / 3
        var p = model.nodes[Int(top)].parent
        while p >= 0, model.nodes[Int(p)].tag != .body, model.nodes[Int(p)].tag != .html {
            let s = scores[Int(p)]
            if s == 0 { p = model.nodes[Int(p)].parent; continue }
            if s < threshold { break }
            if s > last { top = p; break }
            last = s
            p = model.nodes[Int(p)].parent
        }
        return top
    }

    /// An enclosing element named as the article body (`entry-content`, `itemprop=articleBody`)
    /// a few levels up is the better root, unless it is much larger (then it is a page wrapper).
    private func toMarkedBody(_ top: Int32) -> Int32 {
        var a = model.nodes[Int(top)].parent
        var level = 0
        let own = model.nodes[Int(top)].chars - model.nodes[Int(top)].linkChars
        while a >= 0, level < 5 {
            let n = model.nodes[Int(a)]
            if n.tag == .body { break }
            if n.flags.contains(.articleBody) { return n.chars - n.linkChars <= 4 * own ? a : top }
            a = n.parent
            level += 1
        }
        return top
    }

    /// The candidate plus siblings that look like more of the same text.
    private func withSiblings(_ top: Int32) -> [Int32] {
        let parent = model.nodes[Int(top)].parent
        guard parent >= 0 else { return [top] }
        let topScore = scores[Int(top)]
        let threshold = max(10, topScore * 0.2)
        var result: [Int32] = []
        var i = parent + 1
        let end = model.nodes[Int(parent)].end
        while i < end {
            let n = model.nodes[Int(i)]
            defer { i = n.end }
            if i == top { result.append(i); continue }
            if n.hardAncestor == i || n.chars == 0 { continue }  // strongly flagged furniture
            if scores[Int(i)] >= threshold {
                result.append(i)
            } else if n.tag == .p || n.firstBlock + 1 == n.endBlock {
                let density = n.linkDensity
                if (n.chars > 80 && density < 0.25) || (n.chars > 0 && density == 0 && endsSentence(n)) {
                    result.append(i)
                }
            }
        }
        return result
    }

    /// Article text split over sibling containers further up (a story in several layout rows or
    /// sections): siblings of the candidate's parent and grandparent whose best element scores
    /// nearly as well as the candidate itself.
    private func outerSiblings(of top: Int32) -> [Int32] {
        let topScore = scores[Int(top)]
        var result: [Int32] = []
        var a = model.nodes[Int(top)].parent
        for _ in 0..<2 {
            guard a >= 0 else { break }
            let parent = model.nodes[Int(a)].parent
            guard parent >= 0, model.nodes[Int(parent)].tag != .html else { break }
            var s = parent + 1
            while s < model.nodes[Int(parent)].end {
                let n = model.nodes[Int(s)]
                defer { s = n.end }
                guard s != a, !n.flags.contains(.boilerplate), n.linkDensity < 0.3 else { continue }
                let best = (Int(s)..<Int(n.end)).map { scores[$0] }.max() ?? 0
                if best >= max(10, 0.3 * topScore) { result.append(s) }
            }
            a = parent
        }
        return result
    }

    private func endsSentence(_ n: ElementInfo) -> Bool {
        guard n.endBlock > n.firstBlock, let last = model.blocks[Int(n.endBlock) - 1].text.last else { return false }
        return last == "." || last == "!" || last == "?" || last == "\u{201C}" || last == "\""
    }
}
