import Hummingbird
import LTSFlowCore

/// Words every refusal and failure for the page or the API: an unknown customer or route is a
/// 404 (an HTML page, or JSON under `/api/`), a bad query a 400, anything else a 500 whose
/// detail goes to the log, not to the client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let log: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        do {
            return try await next(request, context)
        } catch let error as StoreError {
            switch error {
            case .unknownCustomer(let id, let suggestions):
                let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: " or "))?"
                return Responses.error(.notFound, "no customer '\(id)'\(hint)", path: path)
            case .noUpgrade(let customer):
                return Responses.error(.notFound, "customer '\(customer)' has no upgrade", path: path)
            default:
                log("error: \(request.method) \(path): \(error)")
                return Responses.error(.internalServerError, "the database could not answer; the server's log says why", path: path)
            }
        } catch let error as RequestError {
            switch error {
            case .badQuery(let message): return Responses.error(.badRequest, message, path: path)
            }
        } catch let error as HTTPError where error.status == .notFound {
            return Responses.error(.notFound, "nothing at \(path)", path: path)
        } catch let error as any HTTPResponseError {
            return Responses.error(error.status, error.status.reasonPhrase, path: path)
        } catch {
            log("error: \(request.method) \(path): \(error)")
            return Responses.error(.internalServerError, "the request failed; the server's log says why", path: path)
        }
    }
}
