import Foundation
import Testing

/// `pg_ctl restart -m immediate` while a client writes, on a cluster of the test's own (a
/// restart of the shared test server would cut every other test's connections).
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresRestartTests {
    /// The package root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func anImmediateRestartLosesNoAcknowledgedChangeAndLeavesDoctorClean() throws {
        let cli = try CLI()
        let clusterDirectory = Self.root.appendingPathComponent(".build-postgres-restart-\(UUID().uuidString.prefix(8))").path
        let script = Self.root.appendingPathComponent("scripts/postgres-test-cluster").path
        let bin = "/usr/lib/postgresql/15/bin"
        let owner = "$(if [ \"$(id -u)\" = 0 ]; then echo 'runuser -u postgres --'; fi)"
        let result = try cli.shell("""
            set -u
            export LTSFLOW_PG_CLUSTER='\(clusterDirectory)' LTSFLOW_ACTOR=ltsflow_test_admin
            trap '\(script) stop >/dev/null 2>&1' EXIT
            admin=$(\(script) start | sed "s/^export LTSFLOW_TEST_POSTGRES='//; s/'$//")
            \(bin)/psql -X -q -d "$admin" -c 'CREATE DATABASE r' || exit 10
            export LTSFLOW_DB=$(echo "$admin" | sed 's#/postgres?#/r?#')
            ltsflow db migrate >/dev/null || exit 11
            ltsflow customer add r1 --name R --region eu --sandbox none >/dev/null || exit 12
            ltsflow upgrade start r1 --from 2021 --to 2023 >/dev/null 2>&1 || exit 13
            (for n in $(seq 1 40); do
               if ltsflow set r1 cutover.ticket=SUPNXP-$((2000 + n)) >/dev/null 2>>'\(cli.directory.path)/errors'; then
                 echo $((2000 + n)) >>'\(cli.directory.path)/acked'
               fi
             done) &
            sleep 3
            \(owner) \(bin)/pg_ctl -D "$LTSFLOW_PG_CLUSTER/data" -m immediate -w restart -l "$LTSFLOW_PG_CLUSTER/server.log" \\
              -o "-p $(cat "$LTSFLOW_PG_CLUSTER/port") -k $LTSFLOW_PG_CLUSTER/sockets -c listen_addresses=127.0.0.1" >/dev/null || exit 14
            wait
            ltsflow history r1 --json >'\(cli.directory.path)/history.json' || exit 15
            ltsflow doctor || exit 16
            """)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("ok: every upgrade's state equals the replay of its events"))
        let acked = ((try? String(contentsOfFile: cli.directory.path + "/acked", encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(!acked.isEmpty)
        let history = try JSONSerialization.jsonObject(with: Data(contentsOf: cli.directory.appendingPathComponent("history.json"))) as? [[String: Any]] ?? []
        let recorded = Set(history.compactMap { ($0["data"] as? [String: String])?["cutover.ticket"] })
        for number in acked { #expect(recorded.contains("SUPNXP-\(number)"), "SUPNXP-\(number) was acknowledged but is not in history") }
        let errors = ((try? String(contentsOfFile: cli.directory.path + "/errors", encoding: .utf8)) ?? "").split(separator: "\n")
        for line in errors {
            #expect(line.contains("was lost in the middle of the command") || line.contains("cannot connect") || line.contains("did not answer"),
                    "\(line)")
        }
    }
}
