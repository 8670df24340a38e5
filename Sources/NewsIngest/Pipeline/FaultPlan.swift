import CCrashNote
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Test-only fault injection, read from `NEWSD_FAULT` at start. Unset (always, in production)
/// it does nothing. The fault suite uses it to hit exact moments a random `kill -9` only hits
/// by luck, e.g. `NEWSD_FAULT=crash-after-commit:3` (see docs/faults.md):
///
/// | fault | effect at batch N (counted from 1 since start) |
/// |---|---|
/// | `crash-in-parse:N` | `_exit(86)` after reading the batch's files, before the transaction |
/// | `crash-before-commit:N` | `_exit(86)` inside the transaction, everything written, no `COMMIT` |
/// | `crash-after-commit:N` | `_exit(86)` after `COMMIT`, before the first file is moved |
/// | `crash-mid-move:N` | `_exit(86)` after moving half the batch's files |
/// | `wedge-in-batch:N` | sleeps forever inside the transaction (the watchdog test) |
/// | `slow-batch:MS` | sleeps MS milliseconds inside every transaction |
/// | `trap-on-marker:1` | a Swift trap (SIGILL; SIGTRAP on arm64) while parsing any file containing `NEWSD-FAULT-TRAP` |
/// | `trap-on-marker:2` | the same trap on the writer thread, while recording such a file |
/// | `abort-on-marker:1` or `:2` | `abort()` (SIGABRT) there instead |
/// | `wedge-on-marker:1` or `:2` | logs the thread's id, then sleeps forever there (signals from outside) |
///
/// Several faults may be given, separated by commas.
public struct FaultPlan: Sendable, Equatable {
    /// Where in a batch a fault strikes.
    public enum Point: String, Sendable, CaseIterable {
        case crashInParse = "crash-in-parse"
        case crashBeforeCommit = "crash-before-commit"
        case crashAfterCommit = "crash-after-commit"
        case crashMidMove = "crash-mid-move"
        case wedgeInBatch = "wedge-in-batch"
        case slowBatch = "slow-batch"
        case trapOnMarker = "trap-on-marker"
        case abortOnMarker = "abort-on-marker"
        case wedgeOnMarker = "wedge-on-marker"
    }

    /// Where the `…-on-marker` faults strike: their value.
    enum Stage: Int {
        case parsing = 1, writing = 2
    }

    /// The bytes that make the `…-on-marker` faults strike on a file.
    static let marker = Array("NEWSD-FAULT-TRAP".utf8)

    /// The faults, each with its batch number (or milliseconds for `slow-batch`).
    public private(set) var faults: [Point: Int] = [:]

    public init(_ faults: [Point: Int] = [:]) { self.faults = faults }

    /// Parses `NEWSD_FAULT`'s value; throws on an unknown fault so a typo in a test fails loudly.
    public init(parsing text: String) throws {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let point = Point(rawValue: parts[0]), parts.count == 2, let n = Int(parts[1]), n >= 0 else {
                throw FaultPlanError(text: String(item))
            }
            faults[point] = n
        }
    }

    /// The plan in the environment (`NEWSD_FAULT`), or an empty plan.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FaultPlan {
        guard let text = environment["NEWSD_FAULT"], !text.isEmpty else { return FaultPlan() }
        return try FaultPlan(parsing: text)
    }

    public var isEmpty: Bool { faults.isEmpty }

    /// True when `point` is planned for batch `batch`.
    func strikes(_ point: Point, batch: Int) -> Bool { faults[point] == batch }

    /// Crashes (or wedges) as a bug in a parser would, when an `…-on-marker` fault is planned
    /// for `stage` and `bytes` hold the marker (the crash guard's tests; see `CrashNotes`).
    func onMarker(_ stage: Stage, in bytes: (some Sequence<UInt8>)?) {
        let points: [Point] = [.trapOnMarker, .abortOnMarker, .wedgeOnMarker]
        guard let point = points.first(where: { faults[$0] == stage.rawValue }), let bytes else { return }
        let text = Array(bytes), marker = Self.marker
        guard text.count >= marker.count,
              (0...(text.count - marker.count)).contains(where: { text[$0..<($0 + marker.count)].elementsEqual(marker) }) else { return }
        let message = "newsd: fault injected: \(point.rawValue):\(stage.rawValue) in thread \(newsd_crash_note_thread_id())\n"
        FileHandle.standardError.write(Data(message.utf8))
        switch point {
        case .abortOnMarker: abort()
        case .wedgeOnMarker: while true { sleep(3600) }
        default: fatalError("fault injected: \(point.rawValue):\(stage.rawValue)")
        }
    }

    /// Carries out the fault planned at `point` for `batch`, if any.
    func fire(_ point: Point, batch: Int) {
        if point == .slowBatch, let ms = faults[.slowBatch], ms > 0 {
            usleep(useconds_t(min(ms, 600_000)) * 1000)
            return
        }
        guard strikes(point, batch: batch) else { return }
        switch point {
        case .wedgeInBatch:
            FileHandle.standardError.write(Data("newsd: fault injected: \(point.rawValue) at batch \(batch) (sleeping forever)\n".utf8))
            while true { sleep(3600) }
        default:
            FileHandle.standardError.write(Data("newsd: fault injected: \(point.rawValue) at batch \(batch)\n".utf8))
            _exit(86)
        }
    }
}

/// An unknown or malformed `NEWSD_FAULT` entry.
public struct FaultPlanError: Error, CustomStringConvertible {
    public let text: String
    public var description: String {
        "NEWSD_FAULT: cannot understand '\(text)'; expected one of \(FaultPlan.Point.allCases.map { $0.rawValue + ":N" }.joined(separator: ", "))"
    }
}
