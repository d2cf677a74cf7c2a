import GRDB

/// The database schema: versioned migrations written as SQL text.
///
/// A migration is never edited once shipped: a change to the schema is a new migration appended
/// to ``migrator``. The first migration stamps the file with ``applicationID`` so that ltsflow
/// can tell its own databases from other applications' SQLite files, and every migration sets
/// `PRAGMA user_version` to its number so that a newer schema is visible even to tools that do
/// not know GRDB's `grdb_migrations` table.
enum Schema {
    /// `PRAGMA application_id` of every ltsflow database: "LTSF" in ASCII.
    static let applicationID: Int32 = 0x4C54_5346

    /// The highest `PRAGMA user_version` this build knows.
    ///
    /// `user_version` numbers the table layout. A migration that only adds an index (v2) or a
    /// table of derived data (v3) leaves it alone: every row reads and writes as before, and an
    /// older build refuses the file all the same, because GRDB's `grdb_migrations` names a
    /// migration it does not know.
    static let version = 2

    /// The identifiers of the migrations this build knows, in order.
    static var knownMigrations: [String] { migrator.migrations }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial-schema") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-open-stages-by-upgrade") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-blocker-snapshot") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-csm-lts-cancelled") { db in
            try db.execute(sql: v4)
        }
        return migrator
    }

    /// Customers, pinned definitions, upgrades, their current state and their history.
    ///
    /// Times are RFC 3339 UTC text with milliseconds (``StoreDate``); statuses are the engine's
    /// raw values; `data` and `contacts` are JSON with sorted keys.
    private static let v1 = """
        PRAGMA application_id = 1280594758;
        PRAGMA user_version = 1;

        CREATE TABLE customer (
            id                 TEXT PRIMARY KEY NOT NULL,
            name               TEXT NOT NULL,
            region             TEXT NOT NULL,
            time_zone          TEXT NOT NULL,
            maintenance_window TEXT,
            contacts           TEXT NOT NULL DEFAULT '[]',
            sandbox            TEXT NOT NULL CHECK (sandbox IN ('purchased', 'none')),
            created_at         TEXT NOT NULL
        );

        -- Exact workflow texts pinned by upgrades, shared by every upgrade that pinned the same text.
        CREATE TABLE definition (
            hash        TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
            workflow_id TEXT NOT NULL,
            version     INTEGER NOT NULL,
            yaml        TEXT NOT NULL
        );

        CREATE TABLE upgrade (
            id              INTEGER PRIMARY KEY,
            customer_id     TEXT NOT NULL REFERENCES customer(id),
            from_lts        TEXT NOT NULL,
            to_lts          TEXT NOT NULL,
            workflow_id     TEXT NOT NULL,
            definition_hash TEXT NOT NULL REFERENCES definition(hash),
            status          TEXT NOT NULL CHECK (status IN ('active', 'finished')),
            started_at      TEXT NOT NULL,
            finished_at     TEXT,
            event_count     INTEGER NOT NULL DEFAULT 0 CHECK (event_count >= 0)
        );
        -- A customer has at most one upgrade under way.
        CREATE UNIQUE INDEX upgrade_one_active_per_customer ON upgrade(customer_id) WHERE status = 'active';
        -- A customer's upgrades, and its latest one (max(id)), without scanning the table.
        CREATE INDEX upgrade_by_customer ON upgrade(customer_id, id);

        -- The current state of each stage of each upgrade: the fold of its events.
        CREATE TABLE stage_state (
            upgrade_id    INTEGER NOT NULL REFERENCES upgrade(id),
            stage_id      TEXT NOT NULL,
            position      INTEGER NOT NULL,
            status        TEXT NOT NULL
                          CHECK (status IN ('pending', 'ready', 'active', 'blocked', 'done', 'skipped')),
            since         TEXT,
            started_at    TEXT,
            finished_at   TEXT,
            note          TEXT,
            block_owner   TEXT,
            block_ticket  TEXT,
            resume_status TEXT,
            forced        INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
            automatic     INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
            PRIMARY KEY (upgrade_id, stage_id)
        ) WITHOUT ROWID;
        -- Open stages (what `ltsflow blocked` lists) by status, across all upgrades: a handful per
        -- upgrade, so the index stays small however long the history grows.
        CREATE INDEX stage_state_open ON stage_state(status, upgrade_id)
            WHERE status IN ('ready', 'active', 'blocked');

        CREATE TABLE fact (
            upgrade_id INTEGER NOT NULL REFERENCES upgrade(id),
            key        TEXT NOT NULL,
            value      TEXT NOT NULL,
            PRIMARY KEY (upgrade_id, key)
        ) WITHOUT ROWID;

        -- The history: append-only, numbered 1, 2, 3 … per upgrade with no gap.
        CREATE TABLE event (
            upgrade_id  INTEGER NOT NULL REFERENCES upgrade(id),
            sequence    INTEGER NOT NULL CHECK (sequence >= 1),
            stage_id    TEXT,
            verb        TEXT NOT NULL,
            from_status TEXT,
            to_status   TEXT,
            at          TEXT NOT NULL,
            actor       TEXT NOT NULL,
            note        TEXT,
            data        TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (upgrade_id, sequence)
        ) WITHOUT ROWID;

        CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
        BEGIN
            SELECT RAISE(ABORT, 'ltsflow history is append-only: an event cannot be changed');
        END;
        CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
        BEGIN
            SELECT RAISE(ABORT, 'ltsflow history is append-only: an event cannot be deleted');
        END;
        CREATE TRIGGER event_sequence_is_contiguous BEFORE INSERT ON event
        WHEN NEW.sequence <> 1 + coalesce((SELECT max(sequence) FROM event WHERE upgrade_id = NEW.upgrade_id), 0)
        BEGIN
            SELECT RAISE(ABORT, 'ltsflow history is contiguous: an event must take the next sequence number');
        END;
        """

    /// What `ltsflow blocked` reads, by upgrade: each active upgrade's open stages, every column,
    /// in workflow order, from one index range instead of three lookups in `stage_state_open`
    /// and one in the table per stage. Partial, like `stage_state_open`: only ready, active and
    /// blocked stages, a handful per upgrade under way, nothing for finished upgrades.
    private static let v2 = """
        CREATE INDEX stage_state_open_by_upgrade ON stage_state(
            upgrade_id, position, stage_id, status, since, started_at, finished_at, note, block_owner, block_ticket,
            resume_status, forced, automatic
        ) WHERE status IN ('ready', 'active', 'blocked');
        """

    /// The blockers of each active upgrade as decided when it last changed, and how long they
    /// hold: `ltsflow blocked` reads one row per upgrade instead of deciding them from its
    /// stages and facts. Derived data: a row counts only while it matches its upgrade
    /// (`event_count`: every change appends an event) and the rules of the build reading it
    /// (`rules`), and while "now" is in `[decided_at, valid_until)` (milliseconds since 1970;
    /// NULL: no end). Changing a customer's region, zone, window or sandbox contract removes
    /// the rows of its upgrades (a trigger, so that an edit by hand does too). Anything else
    /// is decided again from the stages and facts, so a row can be stale or missing (an
    /// upgrade not changed since v3) but is never used when wrong. `blockers` is the list in
    /// the store's own encoding (``BlockerSnapshotCoding``).
    private static let v3 = """
        CREATE TABLE blocker_snapshot (
            upgrade_id  INTEGER PRIMARY KEY NOT NULL REFERENCES upgrade(id),
            event_count INTEGER NOT NULL,
            rules       TEXT NOT NULL,
            decided_at  INTEGER NOT NULL,
            valid_until INTEGER,
            blockers    BLOB NOT NULL
        );

        CREATE TRIGGER blocker_snapshot_customer_changed
        AFTER UPDATE OF region, time_zone, maintenance_window, sandbox ON customer
        BEGIN
            DELETE FROM blocker_snapshot WHERE upgrade_id IN (SELECT id FROM upgrade WHERE customer_id = NEW.id);
        END;
        """

    /// Layout 2: a customer's assigned CSM (`csm`) and current LTS (`lts`, set to the target
    /// when an upgrade closes out), and the upgrade status `cancelled` (`upgrade cancel`; its
    /// history ends with a `cancel` event and `finished_at` is when it was cancelled).
    ///
    /// SQLite cannot change a CHECK constraint in place, so `upgrade` is rebuilt with the same
    /// rows and ids (GRDB runs a migration with foreign keys off and checks them after it), its
    /// indexes made again; the trigger that names `upgrade` is dropped and made again, exactly
    /// as v3 defines it, around the rename so that SQLite's schema check never sees it refer to
    /// a missing table.
    private static let v4 = """
        PRAGMA user_version = 2;

        ALTER TABLE customer ADD COLUMN csm TEXT;
        ALTER TABLE customer ADD COLUMN lts TEXT;

        DROP TRIGGER blocker_snapshot_customer_changed;

        CREATE TABLE upgrade_v4 (
            id              INTEGER PRIMARY KEY,
            customer_id     TEXT NOT NULL REFERENCES customer(id),
            from_lts        TEXT NOT NULL,
            to_lts          TEXT NOT NULL,
            workflow_id     TEXT NOT NULL,
            definition_hash TEXT NOT NULL REFERENCES definition(hash),
            status          TEXT NOT NULL CHECK (status IN ('active', 'finished', 'cancelled')),
            started_at      TEXT NOT NULL,
            finished_at     TEXT,
            event_count     INTEGER NOT NULL DEFAULT 0 CHECK (event_count >= 0)
        );
        INSERT INTO upgrade_v4 (id, customer_id, from_lts, to_lts, workflow_id, definition_hash, status, started_at,
                                finished_at, event_count)
            SELECT id, customer_id, from_lts, to_lts, workflow_id, definition_hash, status, started_at, finished_at, event_count
            FROM upgrade;
        DROP TABLE upgrade;
        ALTER TABLE upgrade_v4 RENAME TO upgrade;
        CREATE UNIQUE INDEX upgrade_one_active_per_customer ON upgrade(customer_id) WHERE status = 'active';
        CREATE INDEX upgrade_by_customer ON upgrade(customer_id, id);

        CREATE TRIGGER blocker_snapshot_customer_changed
        AFTER UPDATE OF region, time_zone, maintenance_window, sandbox ON customer
        BEGIN
            DELETE FROM blocker_snapshot WHERE upgrade_id IN (SELECT id FROM upgrade WHERE customer_id = NEW.id);
        END;
        """
}
