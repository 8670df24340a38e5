import Foundation

/// Locating the shared HTML dev set and scoring snippets like `score.py`.
enum HTMLTestSupport {
    struct Gold { var file: String; var url: String; var with: [String]; var without: [String] }

    /// `shared/html-dev` beside the package root (the package is `/work/main`, a worktree or a CI clone).
    static var devSet: URL? { shared?.appendingPathComponent("html-dev") }

    static var shared: URL? {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                let candidate = dir.deletingLastPathComponent().appendingPathComponent("shared")
                return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func gold(_ dev: URL) throws -> [Gold] {
        let text = try String(contentsOf: dev.appendingPathComponent("gold.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return Gold(file: o["file"] as! String, url: o["url"] as? String ?? "",
                        with: o["with"] as? [String] ?? [], without: o["without"] as? [String] ?? [])
        }
    }

    /// Every run of white space collapsed to one space, trimmed (Python's `re.sub(r"\s+", " ", t).strip()`).
    static func norm(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for u in s.unicodeScalars {
            if u.properties.isWhitespace || (0x1C...0x1F).contains(u.value) {
                space = true
            } else {
                if space && !out.isEmpty { out.append(" ") }
                space = false
                out.append(u)
            }
        }
        return String(out)
    }
}

extension String {
    /// Byte-wise substring test (no Unicode equivalence, like Python's `in`).
    func containsBytes(_ needle: String) -> Bool {
        let h = Array(utf8), n = Array(needle.utf8)
        guard !n.isEmpty else { return true }
        guard n.count <= h.count else { return false }
        for i in 0...(h.count - n.count) where h[i] == n[0] && h[i..<(i + n.count)].elementsEqual(n) { return true }
        return false
    }
}
