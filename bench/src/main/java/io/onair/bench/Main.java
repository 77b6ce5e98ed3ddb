package io.onair.bench;

import java.util.Arrays;

/**
 * The benchmark harness, run by {@code bench/run}: {@code segment-availability}, {@code ingest},
 * {@code delivery-prepare} and {@code jmh} (JMH's own command line follows).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: onair-bench segment-availability|ingest|delivery-prepare|chat|jmh [options]");
            System.exit(2);
        }
        switch (argv[0]) {
            case "segment-availability" -> SegmentAvailability.run(Args.parse(argv, 1));
            case "ingest" -> Ingest.run(Args.parse(argv, 1));
            case "delivery-prepare" -> DeliveryPrepare.run(Args.parse(argv, 1));
            case "chat" -> io.onair.bench.chat.ChatLoad.run(Args.parse(argv, 1).values());
            case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(argv, 1, argv.length));
            default -> {
                System.err.println("unknown benchmark '" + argv[0] + "'");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
