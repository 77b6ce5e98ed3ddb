package io.onair.bench;

/**
 * The transcoding benchmarks of {@code bench/transcode.sh} (its own entry point, so {@link Main} stays as it is):
 * {@code java -cp onair-bench.jar io.onair.bench.TranscodeBench cost-measure|cost-report|cost-rounds|latency [options]}.
 */
public final class TranscodeBench {
    private TranscodeBench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: TranscodeBench cost-measure|cost-report|cost-rounds|latency [options]");
            System.exit(2);
        }
        switch (argv[0]) {
            case "cost-measure" -> TranscodeCost.measure(Args.parse(argv, 1));
            case "cost-report" -> TranscodeCost.report(Args.parse(argv, 1));
            case "cost-rounds" -> TranscodeCost.rounds(Args.parse(argv, 1));
            case "latency" -> TranscodeLatency.run(Args.parse(argv, 1));
            default -> {
                System.err.println("unknown command '" + argv[0] + "'");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
