import ArgumentParser
import Foundation

/// Writes to stdout; a closed pipe (`newsq … | head`) ends the program quietly with 0.
enum Output {
    static func write(_ text: String) {
        if fputs(text, stdout) < 0 || (text.contains("\n") && fflush(stdout) != 0) {
            if errno == EPIPE { exit(0) }
        }
    }

    static func line(_ text: String = "") { write(text + "\n") }

    /// Pretty, key-sorted JSON of an encodable value, one document.
    static func json<T: Encodable>(_ value: T, pretty: Bool = true) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return }
        line(String(decoding: data, as: UTF8.self))
    }

    /// The end of a listing that found nothing: says so in text output (JSON output already
    /// holds `[]`), and exit 1, as a search without a match ends.
    static func nothingFound(_ message: String, json: Bool, style: Style) -> ExitCode {
        if !json { line(style.dim(message)) }
        return ExitCode(1)
    }
}
