/// Band key → the first article holding it, for `RecentBands`: open addressing with linear
/// probing over one array of (key, id) pairs, at most half full.
///
/// Band keys are already well-mixed hashes, so a slot is a multiply and a shift away, and a
/// lookup nearly always reads one cache line. A `Dictionary` hashed each key with SipHash and
/// read its bitmap, key and value arrays apart: its inserts, 16 per new article into a table
/// of up to 131,072 keys, were 1–2% of the writer's time at 50k articles.
///
/// Ids are article ids, which start at 1: an id of 0 marks an empty slot.
struct BandKeyTable {
    private var slots: [(key: Int64, id: Int64)]
    private var mask: Int
    /// Keys held.
    private(set) var count = 0

    init() {
        slots = Array(repeating: (0, 0), count: 1024)
        mask = slots.count - 1
    }

    @inline(__always) private func home(of key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The slot holding `key`, or the empty slot that ends its probe run.
    @inline(__always) private func slot(of key: Int64) -> Int {
        var slot = home(of: key)
        while slots[slot].id != 0, slots[slot].key != key { slot = (slot + 1) & mask }
        return slot
    }

    /// The id held for `key`, nil when none is.
    func id(for key: Int64) -> Int64? {
        let found = slots[slot(of: key)]
        return found.id == 0 ? nil : found.id
    }

    /// Holds `id` for `key` unless the key is held already; true when it was not.
    mutating func insert(_ key: Int64, id: Int64) -> Bool {
        precondition(id != 0, "article ids start at 1")
        if (count + 1) * 2 > slots.count { grow() }
        let slot = slot(of: key)
        guard slots[slot].id == 0 else { return false }
        slots[slot] = (key, id)
        count += 1
        return true
    }

    /// Sets the id held for `key`, which must be held.
    mutating func replace(_ key: Int64, with id: Int64) {
        precondition(id != 0, "article ids start at 1")
        let slot = slot(of: key)
        precondition(slots[slot].id != 0, "replacing a key that is not held")
        slots[slot].id = id
    }

    /// Drops `key` if held. The entries after it in its probe run move back into the gap
    /// where their own runs allow, so no lookup stops short of its key (no tombstones).
    mutating func remove(_ key: Int64) {
        var hole = slot(of: key)
        guard slots[hole].id != 0 else { return }
        var next = (hole + 1) & mask
        while slots[next].id != 0 {
            // The entry at `next` may fill the hole when the hole lies between its home and it.
            if (next - home(of: slots[next].key)) & mask >= (next - hole) & mask {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = (0, 0)
        count -= 1
    }

    /// Empties the table, keeping its capacity: it fills to about the same size again.
    mutating func removeAll() {
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: (0, 0)) }
        count = 0
    }

    /// Calls `body` with each key held and its id, in no particular order.
    func forEach(_ body: (_ key: Int64, _ id: Int64) -> Void) {
        for entry in slots where entry.id != 0 { body(entry.key, entry.id) }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: (0, 0), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.id != 0 { slots[slot(of: entry.key)] = entry }
    }
}
