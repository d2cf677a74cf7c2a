import Hummingbird

/// The page of a refused or failed request.
enum ErrorPage {
    static func render(status: HTTPResponse.Status, message: String) -> HTML {
        Layout.page(title: "\(status.code) \(status.reasonPhrase)", section: .none, asOf: nil) {
            HTML.el("h1", text: "\(status.code) \(status.reasonPhrase)")
            HTML.el("p", text: message)
            HTML.el("p") { HTML.el("a", ["href": "/"], text: "Back to the board") }
        }
    }
}
