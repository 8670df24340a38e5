import Foundation
import NewsIndex
import Testing
@testable import NewsIngest

/// A batch's analysis: on one thread, on several, or shared between the analysis queue and
/// the writer (`BatchAnalysis`).
@Suite struct BatchAnalysisTests {
    /// An inbox of `count` small stories, scanned, with what one thread makes of them.
    struct Batch {
        let fixture: PipelineFixture
        let entries: [InboxEntry]
        let paths: [[CChar]]
        let recorder: TokenRecorder
        /// What one thread makes of them.
        var reference: [String] { load(threads: 1) }

        init(count: Int) throws {
            fixture = try PipelineFixture()
            for i in 0..<count { fixture.put("\(i).txt", "Story \(i)\n\nWords of story number \(i), told for the \(i)th time.\n") }
            let scanner = InboxScanner(inbox: fixture.settings.inbox)
            entries = scanner.scan()
            paths = entries.map(scanner.path(of:))
            recorder = try TokenRecorder()
        }

        /// Each file's outcome, `load`ed on `threads` threads, as comparable lines.
        func load(threads: Int?) -> [String] {
            Batch.lines(IngestPipeline.load(entries, paths: paths, maxBytes: 1 << 20, recorder: recorder, threads: threads))
        }

        func analysis() -> BatchAnalysis {
            BatchAnalysis(entries, paths: paths, maxBytes: 1 << 20, recorder: recorder, guarding: IngestPipeline.CrashGuard(), mover: nil)
        }

        static func lines(_ files: [IngestPipeline.LoadedFile]) -> [String] {
            files.map {
                guard case .analysed(let file) = $0 else { return "not read" }
                return "\(file.entry.displayName) \(file.hash) \(file.records.map { "\($0.contentKey) \($0.tokens?.byteCount ?? 0)" })"
            }
        }
    }

    /// A batch analysed on one thread, on lanes of several, or on every core comes out the
    /// same, in order (this machine may have two cores: the lanes are asked for explicitly).
    @Test func analysisGivesTheSameFilesOnAnyNumberOfThreads() throws {
        let batch = try Batch(count: 23)
        let reference = batch.reference
        #expect(reference.count == 23 && !reference.contains("not read"))
        #expect(batch.load(threads: 3) == reference)
        #expect(batch.load(threads: nil) == reference)
    }

    /// The writer takes every file itself while the analysis queue is still busy with work
    /// queued before (a checkpoint, say): the batch is done without waiting for that queue,
    /// and comes out as one thread makes it. The queue's late turn then finds nothing to take.
    @Test func writerFinishesABatchWhileTheQueueIsBusy() throws {
        let batch = try Batch(count: 31)
        let reference = batch.reference, analysis = batch.analysis()
        let queue = DispatchQueue(label: "busy analysis queue")
        let release = DispatchSemaphore(value: 0), group = DispatchGroup()
        queue.async { release.wait() }  // the work queued ahead of the prefetch
        queue.async(group: group) { analysis.run(threads: 1) }
        analysis.work()
        analysis.waitUntilDone()
        #expect(Batch.lines(analysis.files) == reference)
        release.signal()
        group.wait()
        #expect(Batch.lines(analysis.files) == reference)
    }

    /// Both taking files at once: every file is analysed once, in batch order.
    @Test func queueAndWriterShareABatch() throws {
        let batch = try Batch(count: 64)
        let reference = batch.reference
        for _ in 0..<5 {
            let analysis = batch.analysis()
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { analysis.run(threads: 1) }
            analysis.work()
            analysis.waitUntilDone()
            #expect(Batch.lines(analysis.files) == reference)
            group.wait()
        }
    }
}
