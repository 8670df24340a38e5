import Foundation

/// What the page's JSON-LD (`<script type="application/ld+json">`) says about its article.
struct JSONLDArticle {
    var headline: String?
    var authors: [String] = []
    var datePublished: String?
    var dateModified: String?
    var description: String?
    var keywords: [String] = []
    var articleBody: String?
    var publisher: String?
    var image: String?
    var url: String?

    /// Scripts read per page, and the largest read. An article's metadata takes a few KB; a page
    /// of 100,000 small objects in one script (6 MB) took 645 MB to parse.
    static let maximumScripts = 64, maximumScriptBytes = 1 << 20

    /// Reads the scripts (see the limits above), following `@graph` and arrays; malformed scripts are ignored. Article
    /// types (`NewsArticle`, `BlogPosting`, …) win over other objects for each field.
    static func parse(_ scripts: [[UInt8]]) -> JSONLDArticle {
        var objects: [[String: Any]] = []
        for script in scripts.prefix(maximumScripts) where script.count <= maximumScriptBytes {
            // Raw line breaks inside strings are invalid JSON but common; outside strings they are white space.
            let cleaned = script.map { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 ? 0x20 : $0 }
            guard let json = try? JSONSerialization.jsonObject(with: Data(cleaned)) else { continue }
            collect(json, into: &objects)
        }
        let articles = objects.filter(isArticle)
        var result = JSONLDArticle()
        for object in articles + objects.filter({ !isArticle($0) && isPage($0) }) {
            result.fill(from: object, isArticle: isArticle(object))
        }
        return result
    }

    private static func collect(_ json: Any, into objects: inout [[String: Any]]) {
        var pending: [Any] = [json]
        var visited = 0
        while let item = pending.popLast(), visited < 1000 {
            visited += 1
            if let array = item as? [Any] {
                pending.append(contentsOf: array.reversed())
            } else if let object = item as? [String: Any] {
                objects.append(object)
                if let graph = object["@graph"] { pending.append(graph) }
                if let main = object["mainEntity"] as? [String: Any] { pending.append(main) }
            }
        }
    }

    private static func types(_ o: [String: Any]) -> [String] {
        if let t = o["@type"] as? String { return [t] }
        return (o["@type"] as? [Any])?.compactMap { $0 as? String } ?? []
    }

    private static func isArticle(_ o: [String: Any]) -> Bool {
        types(o).contains { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" || $0 == "LiveBlogPosting" }
    }

    private static func isPage(_ o: [String: Any]) -> Bool {
        types(o).contains { $0 == "WebPage" || $0 == "ItemPage" }
    }

    private mutating func fill(from o: [String: Any], isArticle: Bool) {
        if headline == nil { headline = Self.string(o["headline"]) }
        if datePublished == nil { datePublished = Self.string(o["datePublished"]) }
        if dateModified == nil { dateModified = Self.string(o["dateModified"]) }
        if description == nil { description = Self.string(o["description"]) }
        guard isArticle else { return }
        if authors.isEmpty { authors = Self.names(o["author"]) }
        if keywords.isEmpty {
            if let k = o["keywords"] as? String {
                keywords = k.split(separator: ",").map { String($0) }
            } else if let k = o["keywords"] as? [Any] {
                keywords = k.compactMap { $0 as? String }
            }
        }
        if articleBody == nil { articleBody = Self.string(o["articleBody"]) }
        if publisher == nil { publisher = Self.names(o["publisher"]).first }
        if image == nil { image = Self.string(o["image"]) ?? Self.url(o["image"]) }
        if url == nil { url = Self.string(o["url"]) }
    }

    private static func string(_ v: Any?) -> String? {
        if let s = v as? String { return s }
        if let a = v as? [Any], let s = a.first as? String { return s }
        return nil
    }

    private static func url(_ v: Any?) -> String? {
        if let o = v as? [String: Any] { return o["url"] as? String }
        if let a = v as? [Any], let o = a.first as? [String: Any] { return o["url"] as? String }
        return nil
    }

    /// Names from a string, an object with `name`, or an array of either.
    private static func names(_ v: Any?) -> [String] {
        if let s = v as? String { return [s] }
        if let o = v as? [String: Any] { return (o["name"] as? String).map { [$0] } ?? [] }
        if let a = v as? [Any] { return a.flatMap { names($0) } }
        return []
    }
}
