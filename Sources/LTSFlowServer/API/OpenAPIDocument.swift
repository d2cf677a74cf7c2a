/// The OpenAPI 3.1 description of `/api/v1/` and `/healthz`, served at `/api/v1/openapi.json`.
/// The shapes are those of the command line's `--json` (docs/cli.md, "Reading"); the tests
/// validate the document and the real answers against it.
enum OpenAPIDocument {
    static let text = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "ltsflow web board API",
        "version": "1.0.0",
        "description": "Read-only JSON of ltsflow: the same keys and filters as the command line's --json. When the server was started with --token-file, every request needs Authorization: Bearer TOKEN."
      },
      "servers": [{ "url": "/" }],
      "security": [{}, { "bearerAuth": [] }],
      "paths": {
        "/healthz": {
          "get": {
            "operationId": "health",
            "summary": "Whether the server answers",
            "responses": {
              "200": { "description": "The server is up", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" }
            }
          }
        },
        "/api/v1/status": {
          "get": {
            "operationId": "status",
            "summary": "The portfolio, one row per customer (ltsflow status --json)",
            "responses": {
              "200": { "description": "Every customer, by id", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/PortfolioRow" } } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" }
            }
          }
        },
        "/api/v1/customers/{id}": {
          "get": {
            "operationId": "customer",
            "summary": "Every stage of one customer's upgrade (ltsflow status ID --json)",
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "minLength": 1 }, "example": "acme" }],
            "responses": {
              "200": { "description": "The customer's active or last upgrade", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Upgrade" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/blocked": {
          "get": {
            "operationId": "blocked",
            "summary": "What is blocked, on whom and since when (ltsflow blocked --json)",
            "parameters": [
              { "name": "owner", "in": "query", "required": false, "schema": { "$ref": "#/components/schemas/Owner" } },
              { "name": "customer", "in": "query", "required": false, "schema": { "type": "string", "minLength": 1 }, "example": "acme" }
            ],
            "responses": {
              "200": { "description": "Blockers by customer id, then workflow order", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/BlockedItem" } } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": {
              "200": { "description": "OpenAPI 3.1", "content": { "application/json": { "schema": { "type": "object" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" }
            }
          }
        }
      },
      "components": {
        "securitySchemes": { "bearerAuth": { "type": "http", "scheme": "bearer" } },
        "responses": {
          "BadRequest": { "description": "A query parameter the route does not take, or a value it cannot use", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "Unauthorized": { "description": "The server needs Authorization: Bearer TOKEN", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "NotFound": { "description": "No such customer, or it has no upgrade", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        },
        "schemas": {
          "Time": { "type": "string", "format": "date-time", "description": "RFC 3339, UTC" },
          "OptionalTime": { "type": ["string", "null"], "format": "date-time" },
          "Owner": { "type": "string", "enum": ["csm", "customer", "cloud-team", "support"] },
          "Health": {
            "type": "object", "additionalProperties": false, "required": ["status"],
            "properties": { "status": { "const": "ok" } }
          },
          "Error": {
            "type": "object", "additionalProperties": false, "required": ["error", "status"],
            "properties": { "error": { "type": "string" }, "status": { "type": "integer" } }
          },
          "PortfolioRow": {
            "type": "object", "additionalProperties": false,
            "required": ["customer", "name", "region", "csm", "from", "to", "status", "stages", "owner", "since"],
            "properties": {
              "customer": { "type": "string" }, "name": { "type": "string" }, "region": { "type": "string" },
              "csm": { "type": ["string", "null"] },
              "from": { "type": ["string", "null"] }, "to": { "type": ["string", "null"] },
              "status": { "type": "string", "enum": ["blocked", "waiting", "active", "ready", "finished", "cancelled", "none"] },
              "stages": { "type": "array", "items": { "type": "string" } },
              "owner": { "anyOf": [{ "$ref": "#/components/schemas/Owner" }, { "type": "null" }] },
              "since": { "$ref": "#/components/schemas/OptionalTime" }
            }
          },
          "StageBlocker": {
            "type": "object", "additionalProperties": false,
            "required": ["code", "kind", "reason", "owner", "ticket", "since"],
            "properties": {
              "code": { "type": "string" }, "kind": { "type": "string", "enum": ["manual", "guard", "overdue"] },
              "reason": { "type": "string" }, "owner": { "$ref": "#/components/schemas/Owner" },
              "ticket": { "type": ["string", "null"] }, "since": { "$ref": "#/components/schemas/OptionalTime" }
            }
          },
          "BlockedItem": {
            "type": "object", "additionalProperties": false,
            "required": ["code", "customer", "kind", "owner", "reason", "since", "stage", "ticket"],
            "properties": {
              "code": { "type": "string" }, "customer": { "type": "string" },
              "kind": { "type": "string", "enum": ["manual", "guard", "overdue"] },
              "owner": { "$ref": "#/components/schemas/Owner" }, "reason": { "type": "string" },
              "since": { "$ref": "#/components/schemas/OptionalTime" }, "stage": { "type": "string" },
              "ticket": { "type": ["string", "null"] }
            }
          },
          "Stage": {
            "type": "object", "additionalProperties": false,
            "required": ["id", "title", "status", "owner", "startedAt", "finishedAt", "since", "note", "forced", "automatic", "waitingOn", "blockers", "warnings"],
            "properties": {
              "id": { "type": "string" }, "title": { "type": "string" },
              "status": { "type": "string", "enum": ["pending", "ready", "active", "blocked", "done", "skipped"] },
              "owner": { "$ref": "#/components/schemas/Owner" },
              "startedAt": { "$ref": "#/components/schemas/OptionalTime" },
              "finishedAt": { "$ref": "#/components/schemas/OptionalTime" },
              "since": { "$ref": "#/components/schemas/OptionalTime" },
              "note": { "type": ["string", "null"] }, "forced": { "type": "boolean" }, "automatic": { "type": "boolean" },
              "waitingOn": { "type": "array", "items": { "type": "string" } },
              "blockers": { "type": "array", "items": { "$ref": "#/components/schemas/StageBlocker" } },
              "warnings": { "type": "array", "items": { "type": "string" } }
            }
          },
          "ChecklistItem": {
            "type": "object", "additionalProperties": false,
            "required": ["id", "text", "checked", "checkedAt", "checkedBy"],
            "properties": {
              "id": { "type": "string" }, "text": { "type": "string" }, "checked": { "type": "boolean" },
              "checkedAt": { "$ref": "#/components/schemas/OptionalTime" }, "checkedBy": { "type": ["string", "null"] }
            }
          },
          "Upgrade": {
            "type": "object", "additionalProperties": false,
            "required": ["customer", "name", "upgrade", "csm", "lts", "from", "to", "workflow", "definitionHash", "status", "startedAt",
                         "finishedAt", "facts", "checklist", "stages"],
            "properties": {
              "customer": { "type": "string" }, "name": { "type": "string" }, "upgrade": { "type": "integer" },
              "csm": { "type": ["string", "null"] }, "lts": { "type": ["string", "null"] },
              "from": { "type": "string" }, "to": { "type": "string" },
              "workflow": { "type": "string" }, "definitionHash": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
              "status": { "type": "string", "enum": ["active", "finished", "cancelled"] },
              "startedAt": { "$ref": "#/components/schemas/Time" },
              "finishedAt": { "$ref": "#/components/schemas/OptionalTime" },
              "facts": { "type": "object", "additionalProperties": { "type": "string" } },
              "checklist": { "type": "array", "items": { "$ref": "#/components/schemas/ChecklistItem" } },
              "stages": { "type": "array", "items": { "$ref": "#/components/schemas/Stage" } }
            }
          }
        }
      }
    }
    """#
}
