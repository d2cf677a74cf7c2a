#if PostgreSQL
import NIOCore

/// Runs a task's jobs on the event loop of this process's connection.
///
/// A transaction is a few statements, each a round trip: the loop reads a result and resumes
/// the task that sends the next statement. On Swift's global pool that resumption is a hand-over
/// to another thread and the next statement's write a hand-over back, each a wake-up; on the
/// loop, the task runs where the result arrived and writes where the socket is, with no
/// wake-up (docs/benchmarks.md, tenth round: one `set` 0.3–1.2 ms quicker).
final class LoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Whether the calling code runs on this executor's loop.
    var isCurrent: Bool { loop.inEventLoop }
}
#endif
