@testable import NewsIndex
import Testing

/// `BandKeyTable` (open addressing, removals shifting entries back) must answer as a
/// dictionary would, through growth and removals inside long probe runs.
struct BandKeyTableTests {
    @Test func answersAsADictionaryWould() {
        // A fixed seed, so a failure repeats.
        var random = TokenizerFuzzTests.SplitMix64(seed: 7)
        // Few distinct keys, many operations: the same keys come and go, runs form and break.
        // Keys 0 and negative ones included: only ids have a reserved value.
        let pool = (0..<3_000).map { _ in Int64(bitPattern: random.next()) } + [0, -1, .min, .max]
        var table = BandKeyTable()
        var model: [Int64: Int64] = [:]
        for step in 0..<60_000 {
            let key = pool[random.int(pool.count)]
            switch random.next() % 4 {
            case 0, 1:
                let id = Int64(step + 1)
                #expect(table.insert(key, id: id) == (model[key] == nil))
                if model[key] == nil { model[key] = id }
            case 2:
                table.remove(key)
                model[key] = nil
            default:
                if model[key] != nil {
                    table.replace(key, with: Int64(step + 1))
                    model[key] = Int64(step + 1)
                }
            }
            #expect(table.id(for: key) == model[key])
        }
        #expect(table.count == model.count)
        for key in pool { #expect(table.id(for: key) == model[key]) }
        var listed: [Int64: Int64] = [:]
        table.forEach { listed[$0] = $1 }
        #expect(listed == model)
        table.removeAll()
        #expect(table.count == 0 && pool.allSatisfy { table.id(for: $0) == nil })
    }
}
