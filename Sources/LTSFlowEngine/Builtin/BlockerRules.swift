/// The revision of the rules that decide blockers (``UpgradeMachine/blockers(of:in:at:)``,
/// ``UpgradeMachine/allBlockers(in:at:validity:)``).
///
/// A store keeps each upgrade's blockers with the revision that decided them and decides them
/// again under another. Bump ``revision`` with any change that makes the engine decide other
/// blockers (or other texts, owners, dates or validities) for some state: `BlockerRulesTests`
/// decides the blockers of a fixed corpus of upgrades and compares them with a committed golden
/// file, and fails when they differ and the revision was not bumped. A change that decides
/// the same blockers (a comment, a refactoring) keeps every kept list valid.
public enum BlockerRules {
    /// 2: the rules that hold at every moment (issue 13): waiting blockers, rechecks, new guards.
    public static let revision = 2
}

extension UpgradeMachine {
    /// ``BlockerRules/revision`` as stores keep it beside each list.
    public static let blockerRules = "r\(BlockerRules.revision)"
}
