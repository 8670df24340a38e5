/// The flattened page the extractor reasons on: elements in document order (pre-order) and the
/// text blocks between block-level boundaries. Indices are `Int32` to keep the arrays compact.
struct PageModel {
    var nodes: [ElementInfo] = []
    var blocks: [TextBlock] = []
    var metadata = RawMetadata()
    /// Tag, class and id of each node, only when `DOMWalker.debugLabels` is on (tests).
    var labels: [String] = []
}

struct ElementInfo {
    struct Flags: OptionSet {
        let rawValue: UInt8
        /// Furniture by tag, role or class (nav, footer, comments, sharing…).
        static let boilerplate = Flags(rawValue: 1)
        /// `itemprop=articleBody` or a class naming the article text.
        static let articleBody = Flags(rawValue: 2)
        static let comments = Flags(rawValue: 8)
        /// `<main>` or `role=main`.
        static let mainLandmark = Flags(rawValue: 16)
        /// Furniture only by a weak sign (a `header` tag or class, `teaser`…): such a subtree inside
        /// the article, or a lead paragraph in one next to it, is still article text.
        static let soft = Flags(rawValue: 32)
    }

    var parent: Int32
    var tag: HTMLTag
    var flags: Flags
    /// Class/id weight (readability's ±25).
    var weight: Int16
    /// One past the last descendant's index: the subtree is `self ..< end`.
    var end: Int32 = 0
    /// The subtree's blocks: `firstBlock ..< endBlock`.
    var firstBlock: Int32
    var endBlock: Int32 = 0
    /// The nearest block-level element (this one if block-level).
    var blockOwner: Int32
    /// The nearest element (this one included) flagged as boilerplate, or -1.
    var boilerAncestor: Int32
    /// The same, counting only flags that are not `soft`.
    var hardAncestor: Int32 = -1
    /// Characters of text in the subtree, and of those inside links.
    var chars: Int32 = 0
    var linkChars: Int32 = 0

    var linkDensity: Double { chars == 0 ? 0 : Double(linkChars) / Double(chars) }
}

struct TextBlock {
    /// Whitespace-collapsed text; may contain "\n" from `<br>`.
    var text: String
    var chars: Int32
    var linkChars: Int32
    var commas: Int32
    /// The block-level element the text sits in.
    var owner: Int32
    /// The innermost open element when the block ended (decides which flagged ancestors apply).
    var anchor: Int32
    var tag: HTMLTag
    /// The nearest boilerplate-flagged ancestor, or -1.
    var boilerAncestor: Int32
    /// The nearest ancestor flagged by a strong sign, or -1.
    var hardAncestor: Int32 = -1

    var linkDensity: Double { chars == 0 ? 0 : Double(linkChars) / Double(chars) }
    /// A heading element with heading-sized text (long "headings" are text styled big).
    var isHeading: Bool { tag.isHeading && chars < 100 }
}

/// Metadata as found while walking the page, before choosing among sources.
struct RawMetadata {
    /// `<meta>` keys (name, property, itemprop or http-equiv, lower-cased) and contents, in order.
    var metas: [(key: String, value: String)] = []
    var title: String?
    var htmlLang: String?
    var canonical: String?
    /// `<time datetime>` values; `published` when marked so (itemprop, pubdate, class).
    var times: [(value: String, published: Bool)] = []
    /// `itemprop=datePublished` values from content/datetime attributes or text.
    var itempropDates: [String] = []
    /// Texts of `rel=author` links, `itemprop=author` and byline/author-classed elements.
    var bylines: [String] = []
    var itempropHeadline: String?
    var jsonLD: [[UInt8]] = []
}
