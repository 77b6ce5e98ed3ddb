package io.onair.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The one deployable. Wiring lives in {@code io.onair.app.wiring}; this class only starts Spring. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OnairApplication {
    public static void main(String[] args) {
        SpringApplication.run(OnairApplication.class, args);
    }
}
