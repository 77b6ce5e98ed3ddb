package io.onair.app.live;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Holds tasks until the test runs them, on the test's thread: writer scheduling made deterministic. */
final class ManualExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private int submitted;

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
        submitted++;
    }

    /** Runs the tasks queued so far (and any they queue) until none is left. */
    void runAll() {
        Runnable task;
        while ((task = next()) != null) {
            task.run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }

    synchronized int submitted() {
        return submitted;
    }

    private synchronized Runnable next() {
        return tasks.poll();
    }
}
