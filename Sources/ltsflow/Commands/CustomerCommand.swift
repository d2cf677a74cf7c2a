import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Add, list, show and edit customers.",
        subcommands: [Add.self, List.self, Show.self, Edit.self]
    )
}

extension SandboxContract: ExpressibleByArgument {}

extension CustomerCommand {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a customer.",
            discussion: """
            Example:
              ltsflow customer add acme --name "ACME Corp" --region eu \\
                --sandbox purchased --contact ops@acme.example
              ltsflow customer add globex --name Globex --region us \\
                --timezone America/Chicago --window 22:00-00:00
              ltsflow customer add initech --name Initech --region eu \\
                --csm "Dana Scully" --lts 2021
            """
        )

        @Argument(help: "Short id: lowercase letters, digits, '-', '_' or '.' (e.g. acme-corp).")
        var id: String
        @Option(help: "The customer's name.")
        var name: String
        @Option(help: "Region: eu (Europe/Paris), us (America/New_York) or jp (Asia/Tokyo).")
        var region: String
        @Option(name: .customLong("timezone"), help: ArgumentHelp("An IANA zone overriding the region's (e.g. America/Chicago).", valueName: "zone"))
        var timeZone: String?
        @Option(help: ArgumentHelp("A maintenance window overriding the standard 00:00-02:00, in the customer's zone.", valueName: "HH:MM-HH:MM"))
        var window: String?
        @Option(name: .customLong("contact"), help: "A contact email; repeat for several.")
        var contacts: [String] = []
        @Option(help: "Whether the contract includes a development sandbox: purchased or none.")
        var sandbox: SandboxContract = .none
        @Option(help: ArgumentHelp("The customer success manager assigned to the customer (the name --as and --mine use).", valueName: "name"))
        var csm: String?
        @Option(help: ArgumentHelp("The LTS the customer runs now (2021, LTS 2023 …); upgrade start takes --from from it.", valueName: "LTS"))
        var lts: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let tracker = try await global.tracker()
            let customer = try await tracker.addCustomer(id: id, CustomerInput(
                name: name, region: region, timeZone: timeZone, window: window, contacts: contacts, sandbox: sandbox, csm: csm, lts: lts))
            Terminal.print("Added \(customer.id) (\(Terminal.clean(customer.name))), \(customer.region), \(customer.timeZone), sandbox \(customer.sandbox.rawValue)"
                + (customer.csm.map { ", CSM \(Terminal.clean($0))" } ?? "") + (customer.lts.map { ", LTS \($0)" } ?? "") + ".")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List customers.",
            discussion: "Example:\n  ltsflow customer list --json"
        )
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let customers = try await global.tracker(readOnly: true).customers()
            if json { return try JSONOutput.print(JSON.array(customers.map(JSON.customer))) }
            var table = Table("ID", "NAME", "REGION", "ZONE", "WINDOW", "SANDBOX", "LTS", "CSM")
            for customer in customers {
                table.add([customer.id, customer.name, customer.region, customer.timeZone, customer.window ?? "standard", customer.sandbox.rawValue,
                           customer.lts ?? "-", customer.csm ?? "-"])
            }
            Terminal.print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one customer.",
            discussion: "Example:\n  ltsflow customer show acme"
        )
        @Argument(help: "The customer id.") var id: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let customer = try await global.tracker(readOnly: true).customer(id)
            if json { return try JSONOutput.print(JSON.customer(customer)) }
            let rows: [(String, String)] = [
                ("id", customer.id), ("name", customer.name), ("region", customer.region), ("time zone", customer.timeZone),
                ("window", customer.window ?? "standard (00:00-02:00)"), ("contacts", customer.contacts.joined(separator: ", ")),
                ("sandbox", customer.sandbox.rawValue), ("LTS", customer.lts.map { "LTS \($0)" } ?? "not recorded"),
                ("CSM", customer.csm ?? "none"), ("added", ISO8601.string(customer.createdAt)),
            ]
            for (label, value) in rows {
                Terminal.print(label.padding(toLength: 10, withPad: " ", startingAt: 0) + "  " + Terminal.clean(value))
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a customer's name, region, zone, window, contacts or sandbox contract.",
            discussion: """
            Example:
              ltsflow customer edit acme --window 01:00-03:00 --sandbox purchased
              ltsflow customer edit acme --window standard
              ltsflow customer edit acme --csm "Dana Scully" --lts 2023
              ltsflow customer edit acme --csm ""      (no CSM assigned)
            """
        )
        @Argument(help: "The customer id.") var id: String
        @Option(help: "The customer's name.") var name: String?
        @Option(help: "Region: eu, us or jp (its zone too, unless --timezone is given).") var region: String?
        @Option(name: .customLong("timezone"), help: ArgumentHelp("An IANA zone.", valueName: "zone")) var timeZone: String?
        @Option(help: ArgumentHelp("A maintenance window, or 'standard'.", valueName: "HH:MM-HH:MM")) var window: String?
        @Option(name: .customLong("contact"), help: "Contact emails, replacing the current ones; repeat for several.") var contacts: [String] = []
        @Option(help: "purchased or none.") var sandbox: SandboxContract?
        @Option(help: ArgumentHelp("The assigned CSM, or \"\" for none.", valueName: "name")) var csm: String?
        @Option(help: ArgumentHelp("The LTS the customer runs now, or \"\" for not recorded.", valueName: "LTS")) var lts: String?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if name == nil, region == nil, timeZone == nil, window == nil, contacts.isEmpty, sandbox == nil, csm == nil, lts == nil {
                throw ValidationError("nothing to change: give at least one of --name, --region, --timezone, --window, --contact, --sandbox, --csm, --lts")
            }
        }

        func run() async throws {
            let customer = try await global.tracker().editCustomer(id: id, CustomerInput(
                name: name, region: region, timeZone: timeZone, window: window == "standard" ? "" : window,
                contacts: contacts.isEmpty ? nil : contacts, sandbox: sandbox, csm: csm, lts: lts))
            Terminal.print("Updated \(customer.id): \(customer.region), \(customer.timeZone), window \(customer.window ?? "standard"), sandbox \(customer.sandbox.rawValue), "
                + "LTS \(customer.lts ?? "not recorded"), CSM \(customer.csm.map { Terminal.clean($0) } ?? "none").")
        }
    }
}
