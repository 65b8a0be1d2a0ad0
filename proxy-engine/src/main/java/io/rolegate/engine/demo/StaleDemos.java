package io.rolegate.engine.demo;

import io.rolegate.engine.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Demo directories left behind by demos that did not get to clean up (killed, or the embedded PostgreSQL's own
 * cleanup raced ours). A demo directory is removed only when it is older than {@link #MIN_AGE} — a demo still
 * starting has not taken its lock yet — and no engine holds its data directory lock.
 */
public final class StaleDemos {
    public static final String PREFIX = "rolegate-demo";
    static final Duration MIN_AGE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(StaleDemos.class);

    private StaleDemos() {
    }

    /** Removes stale demo directories under {@code tmp}; returns how many. Problems are logged, never thrown. */
    public static int sweep(Path tmp, Instant now) {
        int removed = 0;
        try (DirectoryStream<Path> demos = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path demo : demos) {
                if (Files.isDirectory(demo) && stale(demo, now)) {
                    delete(demo);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.debug("could not look for old demo directories in {}: {}", tmp, e.getMessage());
        }
        return removed;
    }

    private static boolean stale(Path demo, Instant now) throws IOException {
        if (Files.getLastModifiedTime(demo).toInstant().isAfter(now.minus(MIN_AGE))) {
            return false;
        }
        return !Store.dataDirectoryInUse(demo.resolve("engine"));
    }

    private static void delete(Path demo) {
        try (Stream<Path> files = Files.walk(demo)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            log.info("removed the old demo directory {}", demo);
        } catch (IOException e) {
            log.debug("could not remove the old demo directory {}: {}", demo, e.getMessage());
        }
    }
}
