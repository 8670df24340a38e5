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
/// rolled back each time. So every `interval` seconds this sends `EXTEND_TIMEOUT_USEC` for
/// three intervals, with a status line saying what newsd is doing, as long as the starting
/// thread has used CPU (at least `minimumCPU`) within the last `stallLimit` seconds: a long
/// `fsync` uses none, a hung disk none for ever. It stops after `maximum` seconds in all, so
/// that even a start-up spinning in a loop ends. systemd older than 236 ignores the message.
public final class StartupProgress: @unchecked Sendable {
    /// Seconds between looks.
    public let interval: Double
    /// Seconds without CPU on the starting thread after which the extensions stop.
    public let stallLimit: Double
    /// Seconds after which the extensions stop whatever the thread does.
    public let maximum: Double
    /// CPU seconds that count as work: checking even a page a millisecond uses more.
    public static let minimumCPU = 0.001
    private let send: @Sendable (String) -> Void
    private let clock: clockid_t
    private let started = StartupProgress.monotonicSeconds()
    private let lock = NSLock()
    private var phase = "starting"
    private var lastCPU: Double
    private var lastWork: Double
    private var timer: DispatchSourceTimer?

    /// Watches the calling thread: create it on the thread that does the start-up work.
    /// `send` gets each notification (`SystemdNotifier.notify`).
    public init(interval: Double = 10, stallLimit: Double = 120, maximum: Double = 2 * 3600,
                send: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.stallLimit = stallLimit
        self.maximum = maximum
        self.send = send
        var clock = clockid_t()
        if pthread_getcpuclockid(pthread_self(), &clock) != 0 { clock = CLOCK_PROCESS_CPUTIME_ID }
        self.clock = clock
        lastCPU = Self.seconds(on: clock)
        lastWork = started
    }

    deinit { timer?.cancel() }

    /// Starts looking (once); `phase` names the first step.
    public func start(_ phase: String) {
        enter(phase)
        lock.withLock {
            guard timer == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
            timer.setEventHandler { @Sendable [weak self] in self?.look() }
            self.timer = timer
            timer.resume()
        }
    }

    /// Names the step now running ("checking the database", "loading the duplicate checks", …).
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
            let now = Self.monotonicSeconds()
            let cpu = Self.seconds(on: clock)
            if cpu - lastCPU >= Self.minimumCPU {
                lastCPU = cpu
                lastWork = now
            }
            guard now - lastWork <= stallLimit, now - started <= maximum else { return }
            send("EXTEND_TIMEOUT_USEC=\(Int64((interval * 3 * 1e6).rounded()))\nSTATUS=\(phase) (\(Int(now - started)) s)")
        }
    }

    private static func seconds(on clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func monotonicSeconds() -> Double { seconds(on: CLOCK_MONOTONIC) }
}
