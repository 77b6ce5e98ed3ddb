package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.HlsClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** README: {@code /actuator/health} for load balancers and {@code /actuator/prometheus} for metrics, nothing else. */
class ActuatorEndpointsTest extends LiveServerTest {

    @Test
    void healthIsUp() {
        HttpResponse<byte[]> r = hls().get("/actuator/health");
        assertThat(r.statusCode()).as(HlsClient.utf8(r.body())).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(r.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusScrapeAnswersTextMetrics() {
        HttpResponse<byte[]> r = hls().get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(HlsClient.utf8(r.body())).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        for (String path : new String[] {"/actuator/env", "/actuator/beans", "/actuator/heapdump"}) {
            assertThat(hls().get(path).statusCode()).as(path).isEqualTo(404);
        }
    }
}
