/// Errors of the index that a user can act on.
public enum IndexError: Error, CustomStringConvertible, Equatable {
    case newerSchema(found: Int64, supported: Int64)
    case missingDatabase(path: String)
    /// A file that SQLite opens but that holds no newsd index (empty, or another program's).
    case notAnIndex(path: String)
    case notFound(id: Int64)
    case query(String)

    public var description: String {
        switch self {
        case .newerSchema(let found, let supported):
            return "the database has schema version \(found), newer than this build supports (\(supported)): upgrade newsd/newsq"
        case .missingDatabase(let path):
            return "no database at \(path): start newsd first (it creates it), or pass --db/--state-dir"
        case .notAnIndex(let path):
            return "\(path) holds no newsd index (schema version 0): point --db/--state-dir at newsd's news.db, or start newsd (it creates it)"
        case .notFound(let id):
            return "no article with id \(id)"
        case .query(let message):
            return message
        }
    }
}
