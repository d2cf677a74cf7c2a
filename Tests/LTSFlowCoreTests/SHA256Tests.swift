import Testing
@testable import LTSFlowCore

struct HashVector: Sendable, CustomTestStringConvertible {
    var text: String
    var hex: String
    var testDescription: String { "\(text.utf8.count) bytes: \(text.prefix(20))" }
}

@Suite struct SHA256Tests {
    /// NIST FIPS 180-4 examples, padding boundaries (55, 56, 64 bytes) and multi-byte UTF-8.
    static let vectors: [HashVector] = [
        HashVector(text: "", hex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        HashVector(text: "abc", hex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        HashVector(text: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                   hex: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        HashVector(text: "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                   hex: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        HashVector(text: String(repeating: "a", count: 55), hex: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        HashVector(text: String(repeating: "a", count: 56), hex: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        HashVector(text: String(repeating: "a", count: 64), hex: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        HashVector(text: "Ünïcödé → LTS", hex: "bee981f7e2b506fc8aef2796f64434777e5d6fba77634a3fcdbd6007495b958c"),
    ]

    @Test(arguments: vectors)
    func knownVector(_ vector: HashVector) {
        #expect(SHA256.hex(vector.text) == vector.hex)
    }

    @Test func oneMillionA() {
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

extension SHA256Tests {
    @Test func thePublicHelperIsTheSameDigest() {
        #expect(PinnedDefinition.hash(of: "abc") == SHA256.hex("abc"))
    }
}
