import Foundation
import NewsIndex

/// Prints a page of search results in the chosen format. Results are computed once, elsewhere.
struct ResultPrinter {
    let format: OutputFormat
    let style: Style
    let database: DatabaseOptions

    func print(_ results: SearchResults, query: String, offset: Int) throws {
        let hits = try results.hits.map { ($0, try database.absolutePath($0.path)) }
        switch format {
        case .json:
            Output.json(ResultsJSON(query: query, total: results.total, offset: offset, results: hits.map { ExplainedHitJSON($0.0, path: $0.1) }))
        case .jsonl:
            for (hit, path) in hits { Output.json(ExplainedHitJSON(hit, path: path), pretty: false) }
        case .paths:
            // Exact paths for xargs & co.; made visible-safe only when a terminal shows them.
            let terminal = isatty(STDOUT_FILENO) == 1
            for (_, path) in hits { Output.line(terminal ? style.safe(path) : path ?? "") }
        case .csv:
            // Article text never carries control characters into a CSV (or a terminal).
            Output.line("id,score,date,site,author,title,url,path")
            for (hit, path) in hits {
                let fields = ["\(hit.id)", String(format: "%.3f", hit.score), style.safe(hit.date), style.safe(hit.site), style.safe(hit.author),
                              style.safe(hit.title), style.safe(hit.url), path ?? ""]
                Output.line(fields.map(CSV.field).joined(separator: ","))
            }
        case .text:
            text(results, hits: hits, offset: offset)
        }
    }

    private func text(_ results: SearchResults, hits: [(SearchHit, String?)], offset: Int) {
        if hits.isEmpty {
            Output.line(results.total == 0 ? "no match" : "no more results (\(results.total) in all)")
            return
        }
        for (hit, _) in hits {
            var facts: [String] = []
            if let date = hit.date { facts.append(style.safe(String(date.prefix(10)))) }
            if let site = hit.site { facts.append(style.safe(site)) }
            if let author = hit.author { facts.append(style.safe(author)) }
            if hit.nearCopy { facts.append("best match: a near duplicate of [\(hit.id)]") }
            if hit.duplicates > 0 { facts.append("+\(hit.duplicates) duplicate\(hit.duplicates == 1 ? "" : "s")") }
            Output.line(style.accent("[\(hit.id)]") + " " + style.bold(style.safe(hit.title)))
            if !facts.isEmpty { Output.line("     " + style.dim(facts.joined(separator: " · "))) }
            if !hit.snippet.isEmpty { Output.line("     " + style.snippet(hit.snippet)) }
            if let why = hit.explanation { explanation(why) }
            Output.line()
        }
        let last = offset + hits.count
        if hits.contains(where: { $0.0.explanation != nil }) {
            Output.line(style.dim("scores are BM25F (lower ranks higher); a field's part is its score alone; ~ marks another form of a word typed"))
        }
        Output.line(style.dim("\(offset + 1)–\(last) of \(results.total) \(results.total == 1 ? "match" : "matches")"
                              + (last < results.total ? " (--offset \(last) for more)" : "")))
    }
}

extension ResultPrinter {
    /// `why: score -12.40 (exact forms -2.10 of it)` and one line per matching field.
    private func explanation(_ why: SearchExplanation) {
        var head = "why: score " + String(format: "%.3g", why.score)
        if let stems = why.stemsOnlyScore { head += " (exact forms " + String(format: "%.3g", why.score - stems) + " of it)" }
        Output.line("     " + style.dim(head))
        for column in why.columns {
            let words = column.matched.prefix(8).map { style.safe($0.exactForm ? $0.text : $0.text + "~") }.joined(separator: ", ")
            let name = "\(column.name) ×\(String(format: "%g", column.weight))"
            Output.line("       " + style.dim(name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%7.3g", column.score) + "  ") + words
                        + (column.matched.count > 8 ? style.dim(" …") : ""))
        }
    }
}

/// RFC 4180 fields.
enum CSV {
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
