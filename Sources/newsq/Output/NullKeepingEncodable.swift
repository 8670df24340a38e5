/// JSON objects that always carry every key, `null` when a value is unknown (the
/// synthesised encoder drops nil keys, which makes the shape unstable for scripts).
/// Keys are the stored property names, in declaration order.
protocol NullKeepingEncodable: Encodable {}

extension NullKeepingEncodable {
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: NamedKey.self)
        for child in Mirror(reflecting: self).children {
            guard let name = child.label, let value = child.value as? any Encodable else { continue }
            try container.encode(value, forKey: NamedKey(stringValue: name))
        }
    }
}

/// A coding key made from a property name.
struct NamedKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
