import Foundation

/// Issue 7's targets checked against one run: each with the figure measured, and met or
/// missed by how much. (Where the time goes when one is missed: docs/performance.md.)
struct TargetCheck {
    var target: String
    var measured: String
    var met: Bool
    /// How it was missed ("by 0.9 ms"), shown after the verdict. Figures carry enough digits
    /// that a miss never reads as the target itself (79.6%, not 80%).
    var shortfall: String

    var verdict: String { met ? "met" : "**missed** " + shortfall }

    /// The targets the run measured; a run without drops or without a stage near 50k articles
    /// checks fewer.
    static func all(_ report: Report) -> [TargetCheck] {
        func f(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }
        // A shortfall rounded up: a miss never reads "by 0.0".
        func up(_ v: Double, _ digits: Int = 1) -> String { let scale = pow(10, Double(digits)); return f((v * scale).rounded(.up) / scale, digits) }
        func mb(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }
        var checks: [TargetCheck] = []
        if !report.stages.isEmpty {
            let ratios = report.stages.map { $0.ratio * 100 }
            let worst = ratios.min()!
            checks.append(TargetCheck(
                target: "ingest ≥ 80% of the bare-FTS5 baseline",
                measured: zip(report.stages, ratios).map { "\(f($1))% at \(grouped($0.articles))" }.joined(separator: ", "),
                met: worst >= 80, shortfall: "by \(up(80 - worst)) points at worst"))
        }
        if let idle = report.idleDrop, let backlog = report.backlogDrop {
            let limit = (report.interval + 0.1) * 1000
            let worst = max(idle.p50, backlog.p50)
            checks.append(TargetCheck(
                target: "drop-to-searchable p50 ≤ poll interval + 100 ms (\(f(limit, 0)) ms)",
                measured: "idle \(f(idle.p50)) ms; behind a backlog \(f(backlog.p50)) ms",
                met: worst <= limit, shortfall: "by \(up(worst - limit)) ms"))
        }
        if let largest = report.stages.last {
            let at = " at \(grouped(largest.articles)) articles"
            checks.append(TargetCheck(target: "two-word query p50 < 5 ms" + at, measured: "\(f(largest.twoWord.p50, 2)) ms",
                                      met: largest.twoWord.p50 < 5, shortfall: "by \(up(largest.twoWord.p50 - 5, 2)) ms"))
            checks.append(TargetCheck(target: "two-word query p99 < 20 ms" + at, measured: "\(f(largest.twoWord.p99, 2)) ms",
                                      met: largest.twoWord.p99 < 20, shortfall: "by \(up(largest.twoWord.p99 - 20, 2)) ms"))
            checks.append(TargetCheck(target: "`newsq search` whole process p50 < 50 ms" + at, measured: "\(f(largest.processSearch.p50)) ms",
                                      met: largest.processSearch.p50 < 50, shortfall: "by \(up(largest.processSearch.p50 - 50)) ms"))
        }
        // The stage that drains the files up to 50,000 articles (or the largest below it).
        if let drain = report.stages.last(where: { $0.articles <= 50_000 }) {
            let peak = mb(drain.newsdPeakRSS), after = mb(drain.newsdRSSAfter)
            checks.append(TargetCheck(
                target: "newsd peak RSS < 100 MB draining \(grouped(drain.newFiles)) files, flat after",
                measured: "\(f(peak)) MB peak, \(f(after)) MB after",
                met: peak < 100 && after <= peak, shortfall: peak < 100 ? "(RSS grew after the drain)" : "by \(up(peak - 100)) MB"))
        }
        return checks
    }

    /// The checks as a Markdown section.
    static func markdown(_ report: Report) -> String {
        let checks = all(report)
        guard !checks.isEmpty else { return "" }
        var s = "## Targets (issue 7) in this run\n\n| target | measured | verdict |\n|---|---|---|\n"
        for check in checks { s += "| \(check.target) | \(check.measured) | \(check.verdict) |\n" }
        s += "\nWhere a missed target's time goes (profiles, what was tried): [performance.md](performance.md).\n\n"
        return s
    }
}
