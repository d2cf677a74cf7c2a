import Foundation
import Testing
@testable import LTSFlowEngine

extension ValidityTests {
    /// Sweeps: the contract at moments over a month around an unusual day.
    @Suite struct Sweeps {
        /// A month around a DST change (or a year end) in a zone: `pivot` is the unusual local day.
        struct Sweep: Sendable, CustomTestStringConvertible {
            var zone: String
            var pivot: String
            var testDescription: String { "\(zone) around \(pivot)" }
        }

        static let sweeps = [
            Sweep(zone: "Europe/Paris", pivot: "2026-03-29"), Sweep(zone: "Europe/Paris", pivot: "2026-10-25"),
            Sweep(zone: "America/New_York", pivot: "2026-03-08"), Sweep(zone: "America/New_York", pivot: "2026-11-01"),
            Sweep(zone: "America/Chicago", pivot: "2026-11-01"), Sweep(zone: "Europe/Berlin", pivot: "2026-12-31"),
        ]

        /// Checks the contract for `state` at moments every three hours (17 minutes past) from 15
        /// days before `pivot` to 16 days after, and at each answer's `until` (a decision taken
        /// exactly at a turn). Every pair of answers is checked too: if `t1 < t2` and `t2` is inside
        /// the validity of `t1`, the blockers are equal. Returns how many answers turned.
        @discardableResult
        static func sweep(_ machine: UpgradeMachine, _ state: UpgradeState, around pivot: String, name: String,
                          sourceLocation: SourceLocation = #_sourceLocation) -> Int {
            let first = utc("\(day(pivot, -15))T00:17"), last = utc("\(day(pivot, 16))T00:00")
            var moments = Set(stride(from: 0.0, through: last.timeIntervalSince(first), by: 3 * 3_600.0).map { first.addingTimeInterval($0) })
            var answers: [(t: Date, blockers: [Blocker], validity: Validity)] = []
            for t in moments.sorted() {
                let answer = decide(machine, state, at: t, sourceLocation: sourceLocation)
                answers.append((t, answer.blockers, answer.validity))
                if let until = answer.validity.until, until <= last, !moments.contains(until) {
                    moments.insert(until)
                    let again = decide(machine, state, at: until, sourceLocation: sourceLocation)
                    answers.append((until, again.blockers, again.validity))
                }
            }
            answers.sort { $0.t < $1.t }
            for (i, earlier) in answers.enumerated() {
                for later in answers[(i + 1)...] where earlier.validity.contains(later.t) {
                    #expect(later.blockers == earlier.blockers, """
                        \(name): decided at \(show(earlier.t)) valid until \(show(earlier.validity.until)), \
                        but at \(show(later.t)): \(later.blockers.map(\.message)) instead of \(earlier.blockers.map(\.message))
                        """, sourceLocation: sourceLocation)
                }
            }
            return Set(answers.map(\.blockers)).count - 1
        }

        /// Hand-built states of the default workflow, with facts placed around `pivot` (`d(n)` is
        /// the day `n` days from it): the clock-reading guards of the real workflow, the overdue
        /// thresholds, a manual block, and several stages open at once.
        static func defaultStates(_ machine: UpgradeMachine, around pivot: String) -> [(String, UpgradeState)] {
            func d(_ n: Int) -> String { day(pivot, n) }
            func at(_ n: Int, _ time: String) -> Date { utc("\(d(n))T\(time)") }
            let empty = UpgradeState(definition: machine.definition)
            func with(_ stages: [String: StageState], _ facts: [String: String]) -> UpgradeState {
                var state = empty
                for (id, stage) in stages { state[stage: id] = stage }
                state.facts = facts
                return state
            }
            func started(_ status: StageStatus, _ since: Date, startedAt: Date? = nil) -> StageState {
                var stage = StageState(status: status, since: since)
                stage.startedAt = startedAt ?? (status == .ready ? nil : since)
                return stage
            }
            var blocked = StageState(status: .blocked, since: at(-14, "10:30"))
            blocked.note = "waiting for the new cluster"
            blocked.blockOwner = .cloudTeam
            let cutover = ["cutover.at": "\(d(4))T00:30", "cutover.notice-sent": d(-10), "cutover.ticket-filed": d(-8), "cutover.ticket": "SUPNXP-7"]
            return [
                ("sandbox ends the day before", with(["sandbox-validation": started(.active, at(-10, "08:00"))],
                                                     ["sandbox.start": d(-40), "sandbox.end": d(-1)])),
                ("sandbox ends that day", with(["sandbox-validation": started(.active, at(-10, "08:00").addingTimeInterval(0.347))],
                                               ["sandbox.start": d(-40), "sandbox.end": d(0)])),
                ("pre-production upgrade that night", with(["preprod-upgrade": started(.active, at(-5, "09:00"))],
                                                           ["preprod.upgrade-at": "\(d(0))T02:30"])),
                ("pre-production upgrade at 01:30", with(["preprod-upgrade": started(.active, at(-5, "09:00"))],
                                                         ["preprod.upgrade-at": "\(d(0))T01:30"])),
                ("cutover being scheduled", with(["production-scheduling": started(.ready, at(-12, "09:00"))], cutover)),
                ("cutover that night", with(["production-cutover": started(.active, at(-2, "12:00"))],
                                            cutover.merging(["cutover.at": "\(d(0))T01:30"]) { $1 })),
                ("several stages open", with([
                    "sandbox-request": started(.ready, at(-3, "07:45")),
                    "sandbox-validation": started(.active, at(-9, "16:00")),
                    "search-coordination": blocked,
                    "preprod-upgrade": started(.active, at(-1, "09:00"), startedAt: at(-6, "09:00")),
                    "production-scheduling": started(.ready, at(-7, "11:00")),
                    "production-cutover": started(.active, at(1, "12:00")),
                ], cutover.merging(["sandbox.start": d(3), "sandbox.end": d(2), "preprod.upgrade-at": "\(d(1))T00:30",
                                    "search.cluster": "elasticsearch 7.17"]) { $1 })),
            ]
        }

        /// The default workflow, in EU and US zones, around both DST changes and a year end: the
        /// contract holds at every sampled moment, and the answers do change over the month (the
        /// sweep is not vacuous).
        @Test(arguments: sweeps)
        func theDefaultWorkflowKeepsTheContract(_ sweep: Sweep) throws {
            let machine = try defaultMachine(region: ValidityTests.region(of: sweep.zone), zone: sweep.zone)
            for (name, state) in Self.defaultStates(machine, around: sweep.pivot) {
                let changes = Self.sweep(machine, state, around: sweep.pivot, name: name)
                #expect(changes > 0, "\(name): the blockers never changed")
            }
            // A state reached through the machine's own commands: validation open, sandbox ending.
            var walk = try Walk(machine, at: utc("\(ValidityTests.day(sweep.pivot, -20))T09:00"))
            try walk.run(.complete(stage: "intake"))
            try walk.run(.set([FactAssignment(key: "sandbox.start", value: ValidityTests.day(sweep.pivot, -18)),
                               FactAssignment(key: "sandbox.end", value: ValidityTests.day(sweep.pivot, 1))]))
            try walk.run(.complete(stage: "sandbox-request"))
            try walk.run(.complete(stage: "sandbox-upgrade"), at: "\(ValidityTests.day(sweep.pivot, -12))T09:00")
            try walk.run(.start(stage: "sandbox-validation"), at: "\(ValidityTests.day(sweep.pivot, -10))T09:00")
            #expect(walk.status("sandbox-validation") == .active)
            #expect(Self.sweep(machine, walk.state, around: sweep.pivot, name: "walked") > 0)
        }

        /// Every clock-reading guard as a blocker on one stage (and a second stage with the others),
        /// in the zones of the unusual days above: the contract holds at every sampled moment.
        @Test(arguments: ValidityTests.days)
        func everyClockGuardKeepsTheContract(_ day: LocalDay) throws {
            let machine = try ValidityTests.machine([
                ValidityTests.stage("s", [ValidityTests.daysAhead(), ValidityTests.endingSoon(), ValidityTests.notExpired], expectedDays: 9),
                ValidityTests.stage("t", [ValidityTests.passed, ValidityTests.future, GuardSpec(kind: .daysAhead, fact: "y.date", days: .literal(3))], expectedDays: 20),
            ], zone: day.zone)
            var state = UpgradeState(definition: machine.definition)
            state[stage: "s"] = StageState(status: .ready, since: utc("\(ValidityTests.day(day.date, -4))T13:00"))
            state[stage: "t"] = StageState(status: .active, since: utc("\(ValidityTests.day(day.date, -10))T02:00"))
            for (x, y, at) in [(0, 0, "00:00"), (3, 2, "01:30"), (-1, 9, "02:30"), (10, -3, "23:30")] {
                state.facts = ["x.date": ValidityTests.day(day.date, x), "y.date": ValidityTests.day(day.date, y), "x.at": "\(ValidityTests.day(day.date, x))T\(at)"]
                let changes = Self.sweep(machine, state, around: day.date, name: "\(day.zone) x\(x) y\(y) \(at)")
                #expect(changes > 0)
            }
        }
    }
}
