import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps systemd waiting while a long start-up is still working.
///
/// Before READY newsd checks the database (`PRAGMA quick_check` reads every page: seconds per
/// GB, more from a cold disk), migrates its schema (a rebuild can take minutes on a large
/// archive) and loads the duplicate checks. Past the unit's start timeout (90 s by default)
/// systemd would kill it and start it again, for ever, and a migration killed half-way is
/// rolled back each time. So every `interval` seconds, if the starting thread has used at
/// least `minimumCPU` since the last look, this sends `EXTEND_TIMEOUT_USEC` for three
/// intervals and a status line saying what newsd is doing. A start-up stuck without using
/// CPU (a hung disk) sends nothing and still times out.
public final class StartupProgress: @unchecked Sendable {
    /// Seconds between looks (the daemon uses 10).
    public let interval: Double
    /// CPU seconds that count as work: checking even a page a millisecond uses more.
    public static let minimumCPU = 0.001
    private let send: @Sendable (String) -> Void
    private let clock: clockid_t
    private let started = Date()
    private let lock = NSLock()
    private var phase = "starting"
    private var lastCPU: Double
    private var timer: DispatchSourceTimer?

    /// Watches the calling thread: create it on the thread that does the start-up work.
    /// `send` gets each notification (`SystemdNotifier.notify`).
    public init(interval: Double = 10, send: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.send = send
        var clock = clockid_t()
        if pthread_getcpuclockid(pthread_self(), &clock) != 0 { clock = CLOCK_PROCESS_CPUTIME_ID }
        self.clock = clock
        lastCPU = Self.seconds(on: clock)
    }

    /// Starts looking; `phase` names the first step.
    public func start(_ phase: String) {
        enter(phase)
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { @Sendable [weak self] in self?.look() }
        lock.withLock { self.timer = timer }
        timer.resume()
    }

    /// Names the step now running ("checking the database", "migrating the schema", …).
    public func enter(_ phase: String) {
        lock.withLock { self.phase = phase }
    }

    /// Stops looking (before READY): nothing is sent after it returns.
    public func stop() {
        lock.withLock {
            timer?.cancel()
            timer = nil
        }
    }

    private func look() {
        lock.withLock {
            guard timer != nil else { return }  // stopped while this look was queued
            let cpu = Self.seconds(on: clock)
            guard cpu - lastCPU >= Self.minimumCPU else { return }
            lastCPU = cpu
            let elapsed = Int(Date().timeIntervalSince(started))
            send("EXTEND_TIMEOUT_USEC=\(Int64((interval * 3 * 1e6).rounded()))\nSTATUS=\(phase) (\(elapsed) s)")
        }
    }

    private static func seconds(on clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
