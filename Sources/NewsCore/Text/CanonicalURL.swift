/// Source URLs: cleaning for storage, a comparison key for update detection, the site host.
public enum CanonicalURL {
    /// Query parameters that only track a click and never name a different article.
    static func isTrackingParameter(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("utm_") || ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "igshid"].contains(lower)
    }

    /// The URL as given, minus tracking parameters and the `#fragment`.
    public static func clean(_ url: String) -> String {
        var text = url.trimmingWhitespace()
        // Most URLs have neither part (and those stored were cleaned already).
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) else { return text }
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        guard let question = text.firstIndex(of: "?") else { return text }
        let base = String(text[..<question])
        let kept = text[text.index(after: question)...].split(separator: "&", omittingEmptySubsequences: true).filter {
            let name = $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return !isTrackingParameter(name)
        }
        return kept.isEmpty ? base : base + "?" + kept.joined(separator: "&")
    }

    /// A key equal for URLs that name the same article: cleaned, scheme dropped,
    /// host lowercased, trailing slash removed. Nil for text that is not an http(s) URL.
    public static func comparisonKey(_ url: String) -> String? {
        let cleaned = clean(url)
        guard let (host, rest) = split(cleaned) else { return nil }
        var path = rest
        while path.hasSuffix("/") { path.removeLast() }
        return host + path
    }

    /// The host without a leading `www.`, lowercased (`site:` filters match on it).
    public static func site(_ url: String) -> String? {
        guard let (host, _) = split(clean(url)) else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    /// Splits `http(s)://host[:port]/rest` into the lowercased host and the rest.
    static func split(_ url: String) -> (host: String, rest: String)? {
        switch splitASCII(url) {
        case .split(let host, let rest): return (host, rest)
        case .notHTTP: return nil
        case .notASCII: return splitGeneral(url)
        }
    }

    /// `split` character by character: for any URL.
    static func splitGeneral(_ url: String) -> (host: String, rest: String)? {
        let lower = url.lowercased()
        let schemeEnd: String.Index
        if lower.hasPrefix("https://") {
            schemeEnd = url.index(url.startIndex, offsetBy: 8)
        } else if lower.hasPrefix("http://") {
            schemeEnd = url.index(url.startIndex, offsetBy: 7)
        } else if lower.hasPrefix("//") {
            schemeEnd = url.index(url.startIndex, offsetBy: 2)
        } else {
            return nil
        }
        let afterScheme = url[schemeEnd...]
        let hostEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        var host = afterScheme[..<hostEnd].lowercased()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if host.hasSuffix(":80") || host.hasSuffix(":443") { host = String(host[..<host.lastIndex(of: ":")!]) }
        guard !host.isEmpty else { return nil }
        return (host, String(afterScheme[hostEnd...]))
    }

    /// What `splitASCII` found.
    enum ASCIISplit: Equatable {
        case split(host: String, rest: String)
        /// Not an http(s) URL (what `splitGeneral` answers with nil).
        case notHTTP
        /// Not ASCII, or holding a carriage return: for `splitGeneral`.
        case notASCII
    }

    /// `split` for the common URL: ASCII without carriage returns, where each byte is one
    /// character (CR LF is the only ASCII pair that forms one), so bytes can be compared and
    /// lowercased directly.
    static func splitASCII(_ url: String) -> ASCIISplit {
        let bytes = Array(url.utf8)
        guard !bytes.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return .notASCII }
        func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        func starts(with prefix: String) -> Bool {
            bytes.count >= prefix.utf8.count && zip(bytes, prefix.utf8).allSatisfy { lowered($0) == $1 }
        }
        let schemeEnd: Int
        if starts(with: "https://") {
            schemeEnd = 8
        } else if starts(with: "http://") {
            schemeEnd = 7
        } else if starts(with: "//") {
            schemeEnd = 2
        } else {
            return .notHTTP
        }
        let hostEnd = bytes[schemeEnd...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) ?? bytes.endIndex
        var host = bytes[schemeEnd..<hostEnd].map(lowered)[...]
        if let at = host.lastIndex(of: UInt8(ascii: "@")) { host = host[(at + 1)...] }
        if host.suffix(3).elementsEqual(":80".utf8) || host.suffix(4).elementsEqual(":443".utf8) {
            host = host[..<host.lastIndex(of: UInt8(ascii: ":"))!]
        }
        guard !host.isEmpty else { return .notHTTP }
        return .split(host: String(decoding: host, as: UTF8.self), rest: String(decoding: bytes[hostEnd...], as: UTF8.self))
    }
}
