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
            "summary": "The portfolio, one row per customer (ltsflow status [--csm NAME] --json)",
            "parameters": [{ "$ref": "#/components/parameters/CSM" }],
            "responses": {
              "200": { "description": "Every customer (of that CSM), by id", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/PortfolioRow" } } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
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
            "summary": "What is blocked, on whom and since when (ltsflow blocked [--owner O] [--customer ID] [--csm NAME] --json)",
            "parameters": [
              { "name": "owner", "in": "query", "required": false, "schema": { "$ref": "#/components/schemas/Owner" } },
              { "name": "customer", "in": "query", "required": false, "schema": { "type": "string", "minLength": 1 }, "example": "acme" },
              { "$ref": "#/components/parameters/CSM" }
            ],
            "responses": {
              "200": { "description": "Blockers by customer id, then workflow order", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/BlockedItem" } } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/agenda": {
          "get": {
            "operationId": "agenda",
            "summary": "Every dated thing of the upgrades under way in the next days, soonest first (ltsflow agenda [--days N] [--csm NAME] --json)",
            "parameters": [
              { "name": "days", "in": "query", "required": false, "description": "How many days ahead (default 14)", "schema": { "type": "integer", "minimum": 0, "maximum": 366, "default": 14 }, "example": 30 },
              { "$ref": "#/components/parameters/CSM" }
            ],
            "responses": {
              "200": { "description": "Notices and tickets due (and overdue), sandboxes ending, scheduled changes and hotfix nights, by time then customer", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/AgendaItem" } } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" }
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
        "parameters": {
          "CSM": { "name": "csm", "in": "query", "required": false, "description": "Only the customers assigned to this CSM (case and surrounding blanks aside)", "schema": { "type": "string", "minLength": 1 }, "example": "alice" }
        },
        "responses": {
          "BadRequest": { "description": "A query parameter the route does not take, or a value it cannot use", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "Unauthorized": { "description": "The server needs Authorization: Bearer TOKEN", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "NotFound": { "description": "No such customer, or it has no upgrade", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        },
        "schemas": {
          "Time": { "type": "string", "format": "date-time", "description": "RFC 3339, UTC" },
          "OptionalTime": { "type": ["string", "null"], "format": "date-time" },
          "Owner": { "type": "string", "enum": ["csm", "customer", "cloud-team", "support"] },
          "OptionalText": { "type": ["string", "null"] },
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
              "csm": { "$ref": "#/components/schemas/OptionalText" },
              "from": { "type": ["string", "null"] }, "to": { "type": ["string", "null"] },
              "status": { "type": "string", "enum": ["blocked", "waiting", "active", "ready", "finished", "cancelled", "none"] },
              "stages": { "type": "array", "items": { "type": "string" } },
              "owner": { "anyOf": [{ "$ref": "#/components/schemas/Owner" }, { "type": "null" }] },
              "since": { "$ref": "#/components/schemas/OptionalTime" }
            }
          },
          "StageBlocker": {
            "type": "object", "additionalProperties": false,
            "required": ["code", "kind", "reason", "owner", "ticket", "since", "until"],
            "properties": {
              "code": { "type": "string" }, "kind": { "type": "string", "enum": ["manual", "guard", "overdue", "waiting"] },
              "reason": { "type": "string" }, "owner": { "$ref": "#/components/schemas/Owner" },
              "ticket": { "type": ["string", "null"] }, "since": { "$ref": "#/components/schemas/OptionalTime" },
              "until": { "$ref": "#/components/schemas/OptionalTime" }
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
            "required": ["customer", "name", "upgrade", "csm", "lts", "from", "to", "workflow", "definitionHash", "status", "startedAt", "finishedAt", "facts", "checklist", "stages"],
            "properties": {
              "customer": { "type": "string" }, "name": { "type": "string" }, "upgrade": { "type": "integer", "minimum": 1 },
              "csm": { "$ref": "#/components/schemas/OptionalText" }, "lts": { "$ref": "#/components/schemas/OptionalText" },
              "from": { "type": "string" }, "to": { "type": "string" },
              "workflow": { "type": "string" }, "definitionHash": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
              "status": { "type": "string", "enum": ["active", "finished", "cancelled"] },
              "startedAt": { "$ref": "#/components/schemas/Time" },
              "finishedAt": { "$ref": "#/components/schemas/OptionalTime" },
              "facts": { "type": "object", "additionalProperties": { "type": "string" } },
              "checklist": { "type": "array", "items": { "$ref": "#/components/schemas/ChecklistItem" } },
              "stages": { "type": "array", "items": { "$ref": "#/components/schemas/Stage" } }
            }
          },
          "AgendaItem": {
            "type": "object", "additionalProperties": false,
            "required": ["at", "local", "timeZone", "customer", "name", "csm", "kind", "summary", "owner", "overdue"],
            "properties": {
              "at": { "$ref": "#/components/schemas/Time" },
              "local": { "type": "string", "description": "The customer's local date-time with its offset", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$" },
              "timeZone": { "type": "string", "description": "IANA zone" },
              "customer": { "type": "string" }, "name": { "type": "string" },
              "csm": { "$ref": "#/components/schemas/OptionalText" },
              "kind": { "type": "string", "enum": ["notice-due", "ticket-due", "sandbox-end", "preprod-upgrade", "restore", "cutover", "scheduled", "hotfix-preprod", "hotfix-prod"] },
              "summary": { "type": "string" }, "owner": { "$ref": "#/components/schemas/Owner" }, "overdue": { "type": "boolean" }
            }
          }
        }
      }
    }
    """#
}
