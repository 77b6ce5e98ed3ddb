package io.onair.app.upload;

import io.onair.app.channel.ChannelCatalog;
import io.onair.app.config.OnairProperties;
import io.onair.app.replay.ReplayProperties;
import io.onair.app.replay.ReplayRepository;
import io.onair.app.replay.ReplayService;
import io.onair.app.storage.BlobStore;
import io.onair.hls.Fmp4SegmentFormat;
import io.onair.hls.HlsSettings;
import io.onair.hls.SegmentFormat;
import io.onair.hls.TsSegmentFormat;
import io.onair.transcode.FfmpegLocator;
import jakarta.servlet.MultipartConfigElement;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads (issue 7): Tomcat's multipart limits and directory from {@code onair.replays.max-upload-bytes} (Spring's
 * own default is 1 MB), the job runner (started here, after recovering what a stopped server left running; closed
 * with the context) and the API's service. Everything an upload leaves on the local disk lives under
 * {@code <data-dir>/tmp/uploads/} and is cleared at start: a job restarts from its stored file.
 */
@Configuration(proxyBeanMethods = false)
public class UploadWiring {
    private static final Logger log = LoggerFactory.getLogger(UploadWiring.class);
    /** Room for the title field and the multipart framing beside the file. */
    private static final long FRAMING_BYTES = 1 << 20;
    /** Parts up to this stay in memory (the title); anything larger streams to disk as it arrives. */
    private static final int IN_MEMORY_BYTES = 64 * 1024;

    @Bean
    static UploadDirectories uploadDirectories(Path dataDir) throws IOException {
        Path root = dataDir.resolve("tmp").resolve("uploads");
        UploadDirectories dirs = new UploadDirectories(root.resolve("multipart"), root.resolve("incoming"),
                root.resolve("work"));
        for (Path p : new Path[] {dirs.multipart(), dirs.incoming(), dirs.work()}) {
            UploadProcessor.deleteTree(p); // a stopped server's leftovers: jobs restart from storage
            Files.createDirectories(p);
        }
        return dirs;
    }

    /** Where uploads are kept on the local disk while they are received, checked and transcoded. */
    record UploadDirectories(Path multipart, Path incoming, Path work) {
    }

    @Bean
    MultipartConfigElement multipartConfigElement(ReplayProperties replays, UploadDirectories dirs) {
        long max = replays.maxUploadBytes().toBytes();
        return new MultipartConfigElement(dirs.multipart().toString(), max, max + FRAMING_BYTES, IN_MEMORY_BYTES);
    }

    @Bean
    UploadSettings uploadSettings(ReplayProperties replays, UploadDirectories dirs, Tools tools) {
        return new UploadSettings(replays.maxUploadBytes().toBytes(), dirs.incoming(), tools.unavailable());
    }

    /** ffmpeg and ffprobe, found once ({@code onair.ffmpeg.path}, else PATH, else the bundled build). */
    record Tools(Optional<Path> ffmpeg, Optional<Path> ffprobe, Optional<Path> nice) {
        Optional<String> unavailable() {
            return ffmpeg.isEmpty() || ffprobe.isEmpty()
                    ? Optional.of("Uploads need ffmpeg and ffprobe, and this server has " + (ffmpeg.isEmpty()
                    ? "no ffmpeg (onair.ffmpeg.path)" : "no ffprobe beside " + ffmpeg.get()))
                    : Optional.empty();
        }
    }

    @Bean
    static Tools uploadTools(@Value("${onair.ffmpeg.path:}") String ffmpegPath) {
        String path = System.getenv("PATH");
        Optional<Path> ffmpeg = FfmpegLocator.locate(ffmpegPath, path);
        Optional<Path> ffprobe = ffmpeg.flatMap(f -> FfmpegLocator.ffprobe(f, path));
        return new Tools(ffmpeg, ffprobe, onPath("nice", path));
    }

    @Bean
    UploadProcessor uploadProcessor(UploadRepository jobs, ReplayRepository replays, BlobStore store,
            ReplayProperties replaySettings, OnairProperties properties, Tools tools, JsonMapper json,
            UploadDirectories dirs, InstantSource clock, PlatformTransactionManager tx,
            ApplicationEventPublisher events) {
        OnairProperties.Hls hls = properties.hls();
        SegmentFormat format = hls.format().equals("ts") ? new TsSegmentFormat() : new Fmp4SegmentFormat();
        HlsSettings settings = new HlsSettings(hls.targetDuration(), hls.playlistSegments(), hls.endGrace());
        OnairProperties.Transcode transcode = properties.transcode();
        // x264 for uploads whatever the live encoder (UploadCommand says why); its preset when the live one is x264
        String preset = transcode.encoder().equalsIgnoreCase("libx264") ? transcode.preset() : "veryfast";
        return new UploadProcessor(new UploadProcessor.Context(jobs, replays, store, replaySettings,
                new MediaProber(tools.ffprobe().orElse(Path.of("ffprobe")), json),
                tools.ffmpeg().orElse(Path.of("ffmpeg")), tools.nice(), preset, transcode.transcodeLadder(),
                settings, format, dirs.work(), clock, new TransactionTemplate(tx), events::publishEvent));
    }

    @Bean(destroyMethod = "close")
    UploadRunner uploadRunner(UploadRepository jobs, UploadProcessor processor, ReplayProperties replays,
            Tools tools, InstantSource clock) {
        UploadRunner runner = new UploadRunner(jobs, processor, replays.uploadConcurrency(), clock);
        if (tools.unavailable().isPresent()) {
            log.warn("uploads: off: {}", tools.unavailable().get());
        } else {
            runner.start();
        }
        return runner;
    }

    @Bean
    UploadService uploadService(UploadRepository jobs, ReplayRepository replays, ReplayService replayService,
            ChannelCatalog channels, BlobStore store, Tools tools, JsonMapper json, UploadRunner runner,
            UploadProcessor processor, PlatformTransactionManager tx, InstantSource clock) {
        return new UploadService(jobs, replays, replayService, channels, store,
                new MediaProber(tools.ffprobe().orElse(Path.of("ffprobe")), json), runner, processor,
                new TransactionTemplate(tx), clock);
    }

    private static Optional<Path> onPath(String name, String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }
}
