import Foundation

/// Where things are: the package, the shared data beside it, the built binaries.
enum Paths {
    /// The package root (this file is Tests/EndToEndTests/Support/Paths.swift).
    static let package: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository: samples, corpora, dev sets.
    static let shared: URL = package.deletingLastPathComponent().appendingPathComponent("shared")
    static let samples = shared.appendingPathComponent("samples")
    static let bbc = shared.appendingPathComponent("corpus/bbc")

    /// The folder holding the test bundle, where SwiftPM also puts `newsd` and `newsq`.
    static let binaries: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("newsd").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return package.appendingPathComponent(".build/debug")
    }()

    static var newsd: String { binaries.appendingPathComponent("newsd").path }
    static var newsq: String { binaries.appendingPathComponent("newsq").path }
    static var newsbench: String { binaries.appendingPathComponent("newsbench").path }
}
