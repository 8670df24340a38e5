/// Guesses an article's language (ISO 639-1) when the document does not declare one.
///
/// Two steps, both cheap and bounded (only the first `sampleLimit` scalars are read):
/// 1. Script: if most letters belong to one non-Latin script, the script decides (Arabic → `ar`,
///    or `fa` when Persian-only letters are frequent; Cyrillic → `ru`, or `uk` with Ukrainian-only letters;
///    Greek `el`, Hebrew `he`, Thai `th`, Devanagari `hi`, Bengali `bn`, Tamil `ta`, Georgian `ka`,
///    Armenian `hy`; Han/Kana/Hangul → `ja` when kana are present, `ko` for Hangul, else `zh`).
/// 2. Latin script: a stop-word vote over English, French, German, Spanish, Italian, Portuguese, Dutch,
///    Polish and Swedish. The winner needs a few hits and a clear lead over the runner-up; otherwise nil.
public enum LanguageDetector {
    /// How many scalars of the text are examined.
    public static let sampleLimit = 6_000

    /// The declared language code reduced to its primary subtag (`en-US` → `en`, `pt_BR` → `pt`),
    /// lowercased; nil when it is not a plausible ISO 639 code.
    public static func primarySubtag(_ declared: String?) -> String? {
        guard let declared else { return nil }
        let primary = declared.trimmingWhitespace().lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? ""
        guard (2...3).contains(primary.count), primary.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
        return String(primary)
    }

    /// The declared language when there is a usable one, else the detected one.
    public static func language(declared: String?, text: String) -> String? {
        primarySubtag(declared) ?? detect(text)
    }

    /// The language of an article: the declared one when it is a language code, else the one
    /// detected in its title and body (read as one text, title first).
    public static func language(declared: String?, title: String, body: String) -> String? {
        primarySubtag(declared) ?? detect(parts: [title, "\n", body])
    }

    /// The detected language of `text`, or nil when unsure.
    public static func detect(_ text: String) -> String? {
        detect(parts: [text])
    }

    /// The detected language of `parts` joined (an article's title, a line break and its body),
    /// without joining them.
    static func detect(parts: [String]) -> String? {
        var tally = Tally(table: stopWordTable, voters: voters.count)
        // A struct's mutating method, not a nested function capturing locals: passed as a
        // closure, such a function boxed every counter it touched (five times slower).
        for part in parts where tally.examined <= sampleLimit { part.forEachScalar { tally.visit($0) } }
        tally.endWord()

        let counts = tally.counts
        let nonLatin = counts.values.reduce(0, +)
        if nonLatin > tally.latin {
            let kana = counts[.kana, default: 0], hangul = counts[.hangul, default: 0]
            // Han, kana and Hangul mix within one language, so they are weighed together.
            if (counts[.cjk, default: 0] + kana + hangul) * 2 > nonLatin {
                return hangul > kana ? "ko" : kana > 0 ? "ja" : "zh"
            }
            if let (script, count) = counts.max(by: { $0.value < $1.value }), count * 2 > nonLatin {
                switch script {
                case .arabic: return tally.persianLetters * 50 > count ? "fa" : "ar"
                case .cyrillic: return tally.ukrainianLetters * 100 > count ? "uk" : "ru"
                default: return script.language
                }
            }
            return nil
        }
        guard tally.latin > 0 else { return nil }
        var scores = [String: Int]()
        for (language, count) in zip(voters, tally.hits) where count > 0 { scores[language] = count }
        return vote(scores)
    }

    /// The stop-word vote: each occurrence of a stop word scored a point for every language listing it.
    static func vote(_ scores: [String: Int]) -> String? {
        let ranked = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard let best = ranked.first, best.value >= 3 else { return nil }
        let second = ranked.count > 1 ? ranked[1].value : 0
        // A clear lead: a third more hits than the runner-up.
        return best.value * 3 >= second * 4 && best.value > second ? best.key : nil
    }

    /// Frequent function words, chosen to be common in one language and rare as words in the others.
    static let stopWords: [String: [String]] = [
        "en": ["the", "and", "of", "to", "is", "that", "for", "it", "was", "on", "with", "as", "are", "by", "this", "be",
               "from", "at", "have", "has", "which", "not", "or", "but", "they", "his", "their", "an", "were", "been",
               "will", "would", "its", "who", "had", "after", "said", "than"],
        "fr": ["le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "qui", "sur", "pas", "au", "aux",
               "avec", "ce", "cette", "sont", "ont", "été", "leur", "mais", "plus", "par", "il", "elle", "nous",
               "vous", "ne", "à", "où", "entre", "d", "l", "qu"],
        "de": ["der", "die", "das", "und", "ist", "nicht", "mit", "den", "dem", "von", "zu", "auf", "für", "ein",
               "eine", "sich", "auch", "im", "dass", "wird", "sind", "wurde", "bei", "aus", "nach", "oder", "noch",
               "einer", "hat", "werden"],
        "es": ["el", "los", "las", "y", "en", "del", "por", "con", "para", "una", "es", "se", "al", "lo", "su",
               "como", "más", "pero", "sus", "fue", "este", "esta", "entre", "también", "muy", "han", "ya"],
        "it": ["il", "di", "che", "per", "della", "sono", "non", "gli", "dei", "nel", "alla", "anche", "è", "ha",
               "da", "come", "più", "questo", "delle", "degli", "nella", "essere", "stato", "una", "del"],
        "pt": ["os", "do", "da", "em", "um", "uma", "não", "na", "dos", "das", "mais", "foi", "ao", "seu", "sua",
               "são", "também", "pelo", "pela", "como", "com", "para", "que", "ele", "ela", "está"],
        "nl": ["het", "een", "van", "dat", "op", "te", "zijn", "met", "voor", "niet", "aan", "er", "ook", "als",
               "bij", "maar", "om", "wordt", "werd", "naar", "heeft", "deze", "worden", "dan", "nog", "door"],
        "pl": ["się", "nie", "na", "do", "to", "że", "jest", "jak", "po", "co", "ale", "od", "przez", "dla", "był",
               "za", "jego", "czy", "tak", "już", "są", "także", "oraz", "w", "z", "i"],
        "sv": ["och", "att", "det", "som", "på", "är", "av", "för", "med", "till", "har", "inte", "ett", "var",
               "jag", "men", "ska", "från", "vid", "kan", "sig", "också", "eller", "hade", "om"],
    ]

    /// The languages of the stop-word vote, in a fixed order (bit i of a mask is `voters[i]`).
    static let voters = stopWords.keys.sorted()

    /// A stop word's UTF-8 (at most 8 bytes) packed little-endian into an integer.
    static func packed(_ word: String) -> UInt64? {
        guard word.utf8.count <= 8 else { return nil }
        return word.utf8.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// Packed stop word → a mask of the languages whose list contains it: counting a word is
    /// then one integer lookup, not a string built and hashed per word of the text.
    static let stopWordMasks: [UInt64: UInt16] = {
        var masks = [UInt64: UInt16]()
        for (offset, language) in voters.enumerated() {
            for word in stopWords[language] ?? [] {
                guard let key = packed(word) else { preconditionFailure("stop word \(word) is over 8 bytes") }
                masks[key, default: 0] |= 1 << offset
            }
        }
        return masks
    }()

    /// `stopWordMasks` as the detector reads it, once per word of the text.
    static let stopWordTable = StopWordTable(stopWordMasks)

    /// Packed stop words and their masks in an open-addressing table: a lookup is a multiply,
    /// a shift and (nearly always) one compare, where a Dictionary hashes each key with SipHash
    /// (the dictionary lookups were a third of the detector's time).
    struct StopWordTable {
        private var keys: [UInt64]
        private var masks: [UInt16]
        /// log2 of the slot count: 1,024 slots for about 250 stop words.
        private static let bits = 10

        init(_ entries: [UInt64: UInt16]) {
            precondition(entries.count < (1 << Self.bits) / 2 && entries[0] == nil)
            keys = Array(repeating: 0, count: 1 << Self.bits)
            masks = Array(repeating: 0, count: 1 << Self.bits)
            for (key, mask) in entries {
                var slot = Self.slot(key)
                while keys[slot] != 0 { slot = (slot + 1) & (keys.count - 1) }
                keys[slot] = key
                masks[slot] = mask
            }
        }

        @inline(__always) private static func slot(_ key: UInt64) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
        }

        /// The mask of the stop word packed as `key`, nil when it is none.
        @inline(__always) func mask(_ key: UInt64) -> UInt16? {
            var slot = Self.slot(key)
            while true {
                let stored = keys[slot]
                if stored == key { return key == 0 ? nil : masks[slot] }
                if stored == 0 { return nil }
                slot = (slot + 1) & (keys.count - 1)
            }
        }
    }

    /// What `detect` counts in its sample: letters per script, Latin letters, the letters that
    /// tell Persian from Arabic and Ukrainian from Russian, and stop-word hits per voter.
    private struct Tally {
        var counts = [Script: Int]()
        var latin = 0
        var persianLetters = 0, ukrainianLetters = 0
        var hits: [Int]
        var examined = 0
        let table: StopWordTable
        // The current word, lowercased: its first 8 UTF-8 bytes packed into an integer (no stop
        // word is longer), and its length in scalars and in bytes.
        private var packed: UInt64 = 0
        private var wordLength = 0, wordBytes = 0

        init(table: StopWordTable, voters: Int) {
            self.table = table
            hits = [Int](repeating: 0, count: voters)
        }

        mutating func endWord() {
            guard wordLength > 0 else { return }
            if wordLength <= 7, wordBytes <= 8, var languages = table.mask(packed) {
                while languages != 0 {
                    hits[languages.trailingZeroBitCount] += 1
                    languages &= languages - 1
                }
            }
            packed = 0
            wordLength = 0
            wordBytes = 0
        }

        @inline(__always) private mutating func appendByte(_ byte: UInt8) {
            if wordBytes < 8 { packed |= UInt64(byte) << (8 * UInt64(wordBytes)) }
            wordBytes += 1
        }

        private mutating func append(_ scalar: Unicode.Scalar) {
            wordLength += 1
            if wordLength <= 7 { for byte in UTF8.encode(scalar)! { appendByte(byte) } }
        }

        /// Counts one scalar; false once the sample is read.
        @inline(__always) mutating func visit(_ scalar: Unicode.Scalar) -> Bool {
            examined += 1
            if examined > LanguageDetector.sampleLimit { return false }
            let v = scalar.value
            guard v < 0x80 else {
                visitBeyondASCII(scalar)
                return true
            }
            // ASCII, inline: letters lowercased by hand, everything else ends a word.
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) {
                latin += 1
                wordLength += 1
                if wordLength <= 7 { appendByte(UInt8(v | 0x20)) }
            } else if wordLength > 0 {
                endWord()
            }
            return true
        }

        /// A scalar beyond ASCII: Latin letters join the word, other scripts are counted.
        @inline(never) private mutating func visitBeyondASCII(_ scalar: Unicode.Scalar) {
            let v = scalar.value
            guard scalar.properties.isAlphabetic else { return endWord() }
            if v < 0x250 || (v >= 0x1E00 && v <= 0x1EFF) {
                latin += 1
                // Lowercasing scalars one by one is enough for stop words.
                if scalar.properties.isLowercase { append(scalar) } else {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars { append(lower) }
                }
                return
            }
            endWord()
            guard let script = Script(v) else { return }
            counts[script, default: 0] += 1
            switch v {
            case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06A9, 0x06CC: persianLetters += 1
            case 0x0404, 0x0406, 0x0407, 0x0490, 0x0454, 0x0456, 0x0457, 0x0491: ukrainianLetters += 1
            default: break
            }
        }
    }

    /// Scripts that name a language (or a family of them) on their own.
    enum Script: Hashable {
        case arabic, cyrillic, greek, hebrew, thai, devanagari, bengali, tamil, georgian, armenian, cjk, kana, hangul

        init?(_ v: UInt32) {
            switch v {
            case 0x0370...0x03FF, 0x1F00...0x1FFF: self = .greek
            case 0x0400...0x052F: self = .cyrillic
            case 0x0530...0x058F: self = .armenian
            case 0x0590...0x05FF, 0xFB1D...0xFB4F: self = .hebrew
            case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: self = .arabic
            case 0x0900...0x097F: self = .devanagari
            case 0x0980...0x09FF: self = .bengali
            case 0x0B80...0x0BFF: self = .tamil
            case 0x0E00...0x0E7F: self = .thai
            case 0x10A0...0x10FF: self = .georgian
            case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: self = .hangul
            case 0x3040...0x30FF, 0x31F0...0x31FF: self = .kana
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF: self = .cjk
            default: return nil
            }
        }

        var language: String {
            switch self {
            case .arabic: return "ar"
            case .cyrillic: return "ru"
            case .greek: return "el"
            case .hebrew: return "he"
            case .thai: return "th"
            case .devanagari: return "hi"
            case .bengali: return "bn"
            case .tamil: return "ta"
            case .georgian: return "ka"
            case .armenian: return "hy"
            case .cjk: return "zh"
            case .kana: return "ja"
            case .hangul: return "ko"
            }
        }
    }
}
