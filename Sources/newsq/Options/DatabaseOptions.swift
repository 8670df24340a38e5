import ArgumentParser
import Foundation
import NewsIndex
import NewsIngest

/// Where the database is: `--db`, else `--state-dir`, else the config file, else `./state`.
/// With `--db` alone, the state folder (where stored files' paths start) is the database's folder.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Database file (default: <state-dir>/news.db).")
    var db: String?
    @Option(help: "newsd's state folder (default: ./state, or state_dir from the config).")
    var stateDir: String?
    @Option(help: "Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).")
    var config: String?

    /// Config file, then flags.
    func settings() throws -> Settings {
        var settings = Settings()
        if let path = config ?? ConfigFile.defaultPath() { settings = try ConfigFile.load(path, over: settings) }
        if let stateDir {
            settings.stateDir = stateDir
            if db == nil { settings.database = nil }
        }
        if let db {
            settings.database = db
            // Stored paths are relative to newsd's state folder, which holds its database.
            if stateDir == nil { settings.stateDir = URL(fileURLWithPath: db).deletingLastPathComponent().path }
        }
        return settings
    }

    /// Opens the index read-only (newsd may be writing; WAL lets both proceed). Admin
    /// commands open it read-write, which migrates an older schema; only `create` makes a
    /// missing database (or adopts an empty one): the others refuse a file without an index.
    func openIndex(readOnly: Bool = true, create: Bool = false) throws -> SQLiteIndex {
        let path = try settings().databasePath
        if !readOnly, !create, !FileManager.default.fileExists(atPath: path) { throw IndexError.missingDatabase(path: path) }
        return try SQLiteIndex(path: path, readOnly: readOnly, adopt: create)
    }

    /// An absolute path for a file stored under the state folder.
    func absolutePath(_ stored: String?) throws -> String? {
        guard let stored else { return nil }
        if stored.hasPrefix("/") { return stored }
        var base = try settings().stateDir
        if !base.hasPrefix("/") { base = FileManager.default.currentDirectoryPath + "/" + base }
        return URL(fileURLWithPath: base + "/" + stored).standardized.path
    }
}
