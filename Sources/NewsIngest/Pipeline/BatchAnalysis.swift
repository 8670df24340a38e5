import Foundation
import NewsCore
import NewsIndex

/// One batch's reading and analysis, shared by the threads that take part: each takes the
/// next file no thread has taken yet. The prefetch starts it on the analysis queue while the
/// writer commits the batch before; the writer, once done, joins in (`work`) rather than
/// wait for the rest. On two cores a batch of short files takes the analysis thread longer
/// than the writer takes to commit the one before, and the writer's core sat idle.
final class BatchAnalysis: @unchecked Sendable {
    private let entries: [InboxEntry]
    private let paths: [[CChar]]
    private let maxBytes: Int
    private let recorder: TokenRecorder?
    private let guarding: IngestPipeline.CrashGuard
    private let mover: FileMover?
    private let budget = TokenRecorder.Budget(bytes: IngestPipeline.recordingBudget)
    /// Each file's outcome, written once by the thread that took it.
    private let results: UnsafeMutableBufferPointer<IngestPipeline.LoadedFile>
    /// Guards `nextIndex` and `finished`, and signals when the last file is done.
    private let progress = NSCondition()
    private var nextIndex = 0
    private var finished = 0

    init(_ entries: [InboxEntry], paths: [[CChar]], maxBytes: Int, recorder: TokenRecorder?,
         guarding: IngestPipeline.CrashGuard, mover: FileMover?) {
        self.entries = entries
        self.paths = paths
        self.maxBytes = maxBytes
        self.recorder = recorder
        self.guarding = guarding
        self.mover = mover
        results = .allocate(capacity: entries.count)
        _ = results.initialize(from: entries.map { .notRead($0, nil) })
    }

    deinit {
        results.deinitialize()
        results.deallocate()
    }

    /// Reads and analyses files until none is left to take; may run on several threads at once.
    func work() {
        while let i = take() {
            results[i] = load(i)
            progress.withLock {
                finished += 1
                if finished == entries.count { progress.broadcast() }
            }
        }
    }

    /// Returns once every file is done, whichever threads did them. The writer waits here, not
    /// on the prefetch's dispatch group: the analysis queue may still be busy with work queued
    /// before the prefetch (a checkpoint) when the writer has taken every file itself.
    func waitUntilDone() {
        progress.withLock {
            while finished < entries.count { progress.wait() }
        }
    }

    /// Runs `work` on `threads` threads (all cores when nil) and returns when it is done.
    func run(threads: Int?) {
        let width = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if width <= 1 { return work() }
        DispatchQueue.concurrentPerform(iterations: width) { _ in work() }
    }

    /// Every file's outcome, in batch order. Only after `waitUntilDone` (or once every
    /// thread's `work` has returned).
    var files: [IngestPipeline.LoadedFile] { Array(results) }

    private func take() -> Int? {
        progress.withLock {
            guard nextIndex < entries.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    /// Reads, hashes and analyses entry `i`. Files the crash guard sets aside are read and
    /// hashed, never parsed; every other file is parsed with this thread noted as handling it.
    /// With a mover, a parsed file's first-choice place in processed/ is checked too.
    private func load(_ i: Int) -> IngestPipeline.LoadedFile {
        let entry = entries[i]
        guard entry.kind == .regular else { return .notRead(entry, nil) }
        switch FileReader.read(paths[i], maxBytes: maxBytes) {
        case .bytes(let bytes, let signature):
            let hash = SHA256.hex(of: bytes)
            if let noted = guarding.setAside[CrashNotes.Suspect(name: entry.relativePath, hash: hash)] {
                return .analysed(IngestPipeline.PreparedFile(entry: entry, hash: hash, signature: signature, result: .failure(.empty),
                                                             otherFailure: (CrashNotes.setAsideReason(noted), "crashed-newsd")))
            }
            var file = CrashNotes.working(on: entry.relativePath, hash: hash) {
                guarding.faults.onMarker(.parsing, in: bytes)
                return IngestPipeline.analyse(bytes, entry: entry, signature: signature, recorder: recorder, budget: budget, hash: hash)
            }
            if let mover, case .success = file.result {
                file.freeDestination = mover.firstChoiceIfFree(folder: "processed", relativeName: entry.displayName)
            }
            return .analysed(file)
        case let other: return .notRead(entry, other)
        }
    }
}
