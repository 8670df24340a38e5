// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "newsd",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "newsd", targets: ["newsd"]),
        .executable(name: "newsq", targets: ["newsq"]),
        .library(name: "NewsCore", targets: ["NewsCore"]),
        .library(name: "NewsIndex", targets: ["NewsIndex"]),
        .library(name: "NewsIngest", targets: ["NewsIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),  // LogHandler.log(event:)
    ],
    targets: [
        // System libraries, found through pkg-config; the README and .ci/run install the -dev packages.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev", "libstemmer-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // The fingerprints' inner loops in C, for the CPU's SHA and AVX2 instructions (with portable fallbacks).
        .target(name: "CFingerprint"),
        // Notes which inbox file a crashing thread was handling (signal handlers in C).
        .target(name: "CCrashNote"),
        // Pure core: bytes in, values out. Decoding, format detection, parsing, normalisation, fingerprints.
        .target(name: "NewsCore", dependencies: ["CLibXML2", "CFingerprint"]),
        // The index: SQLite schema, migrations, FTS5 writes and queries.
        .target(name: "NewsIndex", dependencies: ["NewsCore", "CSQLite"]),
        // Inbox watcher, ingest pipeline, daemon lifecycle.
        .target(name: "NewsIngest", dependencies: [
            "NewsCore", "NewsIndex", "CCrashNote",
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(name: "newsd", dependencies: [
            "NewsIngest", "NewsIndex", "NewsCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "newsq", dependencies: [
            "NewsIndex", "NewsCore", "NewsIngest",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmark harness: `swift run -c release newsbench` (see README, docs/benchmarks.md).
        .executableTarget(name: "newsbench", dependencies: [
            "NewsIndex", "NewsCore", "NewsIngest", "CSQLite",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "NewsCoreTests", dependencies: ["NewsCore"]),
        .testTarget(name: "NewsIndexTests", dependencies: ["NewsIndex", "NewsCore"]),
        .testTarget(name: "NewsIngestTests", dependencies: ["NewsIngest", "NewsIndex", "NewsCore"]),
        // Runs the real newsd and newsq binaries (built first through these dependencies).
        .testTarget(name: "EndToEndTests", dependencies: ["NewsIndex", "NewsCore", "newsd", "newsq", "newsbench"]),
    ]
)
