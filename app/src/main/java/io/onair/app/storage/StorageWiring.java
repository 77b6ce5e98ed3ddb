package io.onair.app.storage;

import io.onair.app.config.OnairProperties;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link BlobStore} of the application, chosen by {@code onair.storage.type}. It is created (and an S3
 * bucket checked) during start-up, so a storage that cannot work stops the server with the key to fix named, rather
 * than failing the first replay hours later. The S3 store's client is closed with the context ({@code close()} is
 * inferred).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageWiring {
    private static final Logger log = LoggerFactory.getLogger(StorageWiring.class);

    @Bean
    static BlobStore blobStore(StorageProperties storage, OnairProperties onair) throws IOException {
        BlobStore store = switch (storage.type()) {
            case "s3" -> new S3BlobStore(storage.s3());
            case "disk" -> new DiskBlobStore(storage.diskDir(onair.dataDir()));
            default -> throw new IllegalStateException("onair.storage.type: unknown '" + storage.type() + "'");
        };
        log.info("storage: {}", store.describe());
        return store;
    }
}
