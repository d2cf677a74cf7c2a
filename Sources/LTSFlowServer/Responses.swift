import Foundation
import Hummingbird
import LTSFlowReports

/// Responses of the board: HTML pages, JSON, Markdown, iCalendar and the stylesheet.
enum Responses {
    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        text(page.rendered, type: "text/html; charset=utf-8", status: status)
    }

    /// A kept page.
    static func html(_ body: ByteBuffer) -> Response {
        bytes(body, type: "text/html; charset=utf-8")
    }

    /// JSON as the command line prints it: the same encoder, then a line break.
    static func json(_ rendered: String, status: HTTPResponse.Status = .ok) -> Response {
        text(rendered + "\n", type: "application/json", status: status)
    }

    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) throws -> Response {
        json(try JSON.render(value), status: status)
    }

    static func text(_ body: String, type: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        bytes(ByteBuffer(string: body), type: type, status: status, headers: extra)
    }

    /// A body already encoded (a kept answer: sent as it is, not copied).
    static func bytes(_ body: ByteBuffer, type: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: type]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// The body of ``json(_:status:)`` (the encoder's text and a line break), to keep.
    static func jsonBody(_ rendered: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(rendered.utf8.count + 1)
        buffer.writeString(rendered)
        buffer.writeString("\n")
        return buffer
    }

    /// A kept JSON answer.
    static func json(_ body: ByteBuffer) -> Response {
        bytes(body, type: "application/json")
    }

    /// An error in the form the path asks for: JSON under `/api/`, an HTML page elsewhere.
    static func error(_ status: HTTPResponse.Status, _ message: String, path: String, headers: HTTPFields = [:]) -> Response {
        if path.hasPrefix("/api/") || path == "/healthz" {
            let body = (try? JSON.render(JSON.object(["error": .string(message), "status": .int(status.code)]))) ?? "{}"
            var response = json(body, status: status)
            response.headers.append(contentsOf: headers)
            return response
        }
        var response = html(ErrorPage.render(status: status, message: message), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

/// What the server refuses, as data; ``ErrorMiddleware`` words each for the page or the API.
enum RequestError: Error, Sendable {
    /// A query parameter the route does not take, or a value it cannot use.
    case badQuery(String)
}
