import Foundation
import NewsIndex
import Testing
@testable import NewsIngest

/// A batch's analysis shared between the analysis queue and the writer (`BatchAnalysis`).
@Suite struct BatchAnalysisTests {
    /// Each file's outcome as a comparable line.
    static func lines(_ files: [IngestPipeline.LoadedFile]) -> [String] {
        files.map {
            guard case .analysed(let file) = $0 else { return "not read" }
            return "\(file.entry.displayName) \(file.hash) \(file.records.map { "\($0.contentKey) \($0.tokens?.byteCount ?? 0)" })"
        }
    }

    /// The writer takes every file itself while the analysis queue is still busy with work
    /// queued before (a checkpoint, say): the batch is done without waiting for that queue,
    /// and comes out as one thread makes it. The queue's late turn then finds nothing to take.
    @Test func writerFinishesABatchWhileTheQueueIsBusy() throws {
        let fixture = try PipelineFixture()
        for i in 0..<31 { fixture.put("\(i).txt", "Story \(i)\n\nWords of story number \(i), told for the \(i)th time.\n") }
        let scanner = InboxScanner(inbox: fixture.settings.inbox)
        let entries = scanner.scan()
        let recorder = try TokenRecorder()
        let paths = entries.map(scanner.path(of:))
        let reference = Self.lines(IngestPipeline.load(entries, paths: paths, maxBytes: 1 << 20, recorder: recorder, threads: 1))
        #expect(reference.count == 31 && !reference.contains("not read"))

        let analysis = BatchAnalysis(entries, paths: paths, maxBytes: 1 << 20, recorder: recorder,
                                     guarding: IngestPipeline.CrashGuard(), mover: nil)
        let queue = DispatchQueue(label: "busy analysis queue")
        let release = DispatchSemaphore(value: 0), group = DispatchGroup()
        queue.async { release.wait() }  // the work queued ahead of the prefetch
        queue.async(group: group) { analysis.run(threads: 1) }
        analysis.work()
        analysis.waitUntilDone()
        #expect(Self.lines(analysis.files) == reference)
        release.signal()
        group.wait()
        #expect(Self.lines(analysis.files) == reference)
    }

    /// Both taking files at once: every file is analysed once, in batch order.
    @Test func queueAndWriterShareABatch() throws {
        let fixture = try PipelineFixture()
        for i in 0..<64 { fixture.put("\(i).txt", "Report \(i)\n\nThe council met on day \(i) and voted on item \(i * 3).\n") }
        let scanner = InboxScanner(inbox: fixture.settings.inbox)
        let entries = scanner.scan()
        let recorder = try TokenRecorder()
        let paths = entries.map(scanner.path(of:))
        let reference = Self.lines(IngestPipeline.load(entries, paths: paths, maxBytes: 1 << 20, recorder: recorder, threads: 1))
        for _ in 0..<5 {
            let analysis = BatchAnalysis(entries, paths: paths, maxBytes: 1 << 20, recorder: recorder,
                                         guarding: IngestPipeline.CrashGuard(), mover: nil)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { analysis.run(threads: 1) }
            analysis.work()
            analysis.waitUntilDone()
            #expect(Self.lines(analysis.files) == reference)
            group.wait()
        }
    }
}
