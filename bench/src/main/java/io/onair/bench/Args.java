package io.onair.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --key=value} or {@code --key value} arguments; every one the harness reads must be given. */
record Args(Map<String, String> values) {

    static Args parse(String[] argv, int from) {
        Map<String, String> m = new HashMap<>();
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                m.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < argv.length) {
                m.put(a.substring(2), argv[++i]);
            } else {
                throw new IllegalArgumentException("no value for " + a);
            }
        }
        return new Args(m);
    }

    String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }

    String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int integer(String key) {
        return Integer.parseInt(get(key));
    }

    int integer(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }
}
