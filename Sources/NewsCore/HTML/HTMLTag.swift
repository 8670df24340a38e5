/// The element kinds the extractor tells apart; any other element is `.inline`.
enum HTMLTag: UInt8 {
    case inline, html, head, body, title, meta, link, base
    // Never text: their subtrees are skipped.
    case script, style, noscript, iframe, template, svg, math, canvas, object, embed
    case video, audio, picture, map, button, select, textarea, input, option, datalist, dialog
    // Structure.
    case div, p, section, article, main, header, footer, nav, aside, menu
    case h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd
    case table, tr, td, th, thead, tbody, tfoot, caption
    case blockquote, pre, figure, figcaption, address, hr, br, center, details, summary, form, fieldset, legend
    // Inline elements with a meaning for metadata or link density.
    case a, time

    /// Elements whose subtree never holds article text.
    var isSkipped: Bool {
        switch self {
        case .head, .script, .style, .noscript, .iframe, .template, .svg, .math, .canvas, .object, .embed,
             .video, .audio, .picture, .map, .button, .select, .textarea, .input, .option, .datalist, .dialog:
            return true
        default:
            return false
        }
    }

    /// Elements that start and end a text block.
    var isBlock: Bool {
        switch self {
        case .inline, .a, .time, .title, .meta, .link, .base, .br: return false
        default: return rawValue >= HTMLTag.html.rawValue
        }
    }

    var isHeading: Bool { rawValue >= HTMLTag.h1.rawValue && rawValue <= HTMLTag.h6.rawValue }

    /// Page furniture by its tag alone (HTML5 sectioning for navigation, asides and footers; captions;
    /// forms, unless one wraps the whole page, see `BoilerplateFlags`).
    var isStructuralBoilerplate: Bool {
        switch self {
        case .nav, .aside, .footer, .menu, .header, .figcaption, .form: return true
        default: return false
        }
    }

    /// Looks a libxml2 element name (lower case, as the HTML parser stores it) up.
    static func of(_ name: UnsafePointer<UInt8>?) -> HTMLTag {
        guard let name else { return .inline }
        return lookup[key(name)] ?? .inline
    }

    /// Up to 7 name bytes plus the length: distinct for every name in the table.
    private static func key(_ name: UnsafePointer<UInt8>) -> UInt64 {
        var k: UInt64 = 0
        var i = 0
        while name[i] != 0 {
            if i < 7 { k |= UInt64(name[i] | 0x20) << (8 * UInt64(i)) }
            i += 1
        }
        return k | UInt64(min(i, 255)) << 56
    }

    private static func key(_ name: String) -> UInt64 {
        name.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1) { key($0) } }
    }

    private static let lookup: [UInt64: HTMLTag] = {
        let names: [(String, HTMLTag)] = [
            ("html", .html), ("head", .head), ("body", .body), ("title", .title), ("meta", .meta), ("link", .link),
            ("base", .base), ("script", .script), ("style", .style), ("noscript", .noscript), ("iframe", .iframe),
            ("template", .template), ("svg", .svg), ("math", .math), ("canvas", .canvas), ("object", .object),
            ("embed", .embed), ("video", .video), ("audio", .audio), ("picture", .picture), ("map", .map),
            ("button", .button), ("select", .select), ("textarea", .textarea), ("input", .input), ("option", .option),
            ("datalist", .datalist), ("dialog", .dialog),
            ("div", .div), ("p", .p), ("section", .section), ("article", .article), ("main", .main),
            ("header", .header), ("footer", .footer), ("nav", .nav), ("aside", .aside), ("menu", .menu),
            ("h1", .h1), ("h2", .h2), ("h3", .h3), ("h4", .h4), ("h5", .h5), ("h6", .h6),
            ("ul", .ul), ("ol", .ol), ("li", .li), ("dl", .dl), ("dt", .dt), ("dd", .dd),
            ("table", .table), ("tr", .tr), ("td", .td), ("th", .th), ("thead", .thead), ("tbody", .tbody),
            ("tfoot", .tfoot), ("caption", .caption), ("blockquote", .blockquote), ("pre", .pre),
            ("figure", .figure), ("figcaption", .figcaption), ("address", .address), ("hr", .hr), ("br", .br),
            ("center", .center), ("details", .details), ("summary", .summary), ("form", .form),
            ("fieldset", .fieldset), ("legend", .legend), ("a", .a), ("time", .time),
        ]
        var t: [UInt64: HTMLTag] = [:]
        for (n, tag) in names { t[key(n)] = tag }
        return t
    }()
}
