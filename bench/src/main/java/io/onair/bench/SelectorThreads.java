package io.onair.bench;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/** The end of the harnesses' selector threads (chat viewers, LL-HLS viewers): one way to stop them, in one place. */
public final class SelectorThreads {
    private SelectorThreads() {
    }

    /**
     * Wakes the selectors (their loops must already see that they are to stop), waits up to 2 s for each thread,
     * then closes every socket still registered and the selectors.
     */
    public static void stop(Selector[] selectors, Thread[] threads) throws IOException {
        for (Selector s : selectors) {
            s.wakeup();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Selector s : selectors) {
            for (SelectionKey k : s.keys()) {
                k.channel().close();
            }
            s.close();
        }
    }
}
