import Foundation
import Testing
@testable import LTSFlowCore

/// The JSON columns both backends write (contacts, an event's data): the text written directly
/// for plain values must be what `JSONEncoder` writes, since rows written before, by either
/// backend, hold the encoder's text and equal values must stay equal text.
@Suite struct JSONTextTests {
    @Test func writesCompactSortedText() {
        #expect(JSONText.text([String: String]()) == "{}")
        #expect(JSONText.text([String]()) == "[]")
        #expect(JSONText.text(["cutover.ticket": "SUPNXP-1", "a-b": "x y", "cutover.at": "2027-03-12T00:30"])
                == #"{"a-b":"x y","cutover.at":"2027-03-12T00:30","cutover.ticket":"SUPNXP-1"}"#)
        #expect(JSONText.text(["ops@acme.example", "b/c", "d,e"]) == #"["ops@acme.example","b/c","d,e"]"#)
        #expect(JSONText.text(["k": "say \"hi\" \\ bye"]) == #"{"k":"say \"hi\" \\ bye"}"#)
        #expect(JSONText.text(["Zone": "é"]) == #"{"Zone":"é"}"#)
    }

    /// Every value, plain or not, against the encoder itself (keys sorted, slashes as they are).
    @Test func writesWhatTheEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let texts = ["", "a", "x y", "a/b", "a,b", "\",\"", "q\"", "back\\slash", "tab\there", "line\nbreak", "é", "日本",
                     "~", "\u{7f}", "{}", "[]"]
        let keys = ["a", "b.c", "b-c", "bc", "a.b-c", "A", "a1", "a_b", "ä", "zz", "z.z"]
        for (index, text) in texts.enumerated() {
            let strings = Array(texts[index...]) + Array(texts[..<index])
            #expect(JSONText.text(strings) == String(decoding: try encoder.encode(strings), as: UTF8.self))
            var dictionary: [String: String] = [:]
            for (offset, key) in keys.enumerated() where (offset + index) % 3 != 0 { dictionary[key] = texts[(offset + index) % texts.count] }
            #expect(JSONText.text(dictionary) == String(decoding: try encoder.encode(dictionary), as: UTF8.self), "\(dictionary)")
        }
    }

    /// Values that need no escaping, the ones the text is written for directly: keys of lower
    /// case letters, `.` and `-` in every order of those characters, printable ASCII values.
    @Test func writesPlainValuesAsTheEncoderDoes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let keys = ["a", "a-b", "a.b", "ab", "a-", "a.", "b", "b.c", "b-c", "preprod.ticket", "preprod.ticket-filed", "cutover.at", "z"]
        let values = ["", "x y", "a/b", "a,b", "~", "SUPNXP-1", "2027-03-12T00:30", "{}", "[1]", "'"]
        for shift in keys.indices {
            var dictionary: [String: String] = [:]
            for (offset, key) in keys.enumerated() where (offset + shift) % 4 != 0 {
                dictionary[key] = values[(offset + shift) % values.count]
            }
            #expect(JSONText.text(dictionary) == String(decoding: try encoder.encode(dictionary), as: UTF8.self), "\(dictionary)")
            let strings = Array(values[(shift % values.count)...])
            #expect(JSONText.text(strings) == String(decoding: try encoder.encode(strings), as: UTF8.self), "\(strings)")
        }
    }

    @Test func readsBackWhatItWrites() throws {
        let lists = [["a"], ["a", "b"], ["", ""], ["a\",\"b"], ["\\"], ["x\\\",\\\"y", "z"], ["é,", "日本"], ["[", "]"]]
        for list in lists {
            #expect(try JSONText.strings(JSONText.text(list), what: "list") == list)
        }
        let dictionary = ["a": "1", "b.c": "x\"y", "d": ""]
        #expect(try JSONText.dictionary(JSONText.text(dictionary), what: "data") == dictionary)
    }

    @Test func refusesTextThatIsNotItsJSON() {
        #expect(throws: StoreError.self) { try JSONText.strings("[\"a\"", what: "contacts of customer acme") }
        #expect(throws: StoreError.self) { try JSONText.dictionary("{\"a\": 1}", what: "data") }
    }
}
