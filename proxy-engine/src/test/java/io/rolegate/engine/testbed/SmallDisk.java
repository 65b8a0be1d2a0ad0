package io.rolegate.engine.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs of its own, mounted for one test, that the test can fill to the last byte and free again: a real
 * "No space left on device" for whatever keeps its files there. Mounting needs root; where the real parts are
 * required (CI sets ROLEGATE_REQUIRE_REAL_DIRECTORIES) not being root fails the test instead of skipping it.
 */
public final class SmallDisk implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /** A tmpfs of {@code megabytes} MiB mounted on a new temporary directory. */
    public static SmallDisk mount(int megabytes) throws Exception {
        RealServers.requireOrSkip(isRoot(), "mounting a tmpfs needs root");
        Path dir = Files.createTempDirectory("rolegate-small-disk");
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString());
        return new SmallDisk(dir);
    }

    public Path path() {
        return mountPoint;
    }

    /** Writes a filler file until the disk refuses a byte more; returns the bytes written. */
    public long fill() throws IOException {
        byte[] chunk = new byte[CHUNK];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // the last partial chunk may have found a few bytes: take them too
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < CHUNK; i++) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            // full to the byte
        }
        return written;
    }

    /** Deletes the filler: the space is back. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Bytes still free on the disk. */
    public long usable() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    @Override
    public void close() throws Exception {
        try {
            run("umount", mountPoint.toString());
        } catch (IllegalStateException busy) {
            run("umount", "-l", mountPoint.toString());
        }
        Files.deleteIfExists(mountPoint);
    }

    private static boolean isRoot() {
        try {
            return "0".equals(output("id", "-u").trim());
        } catch (Exception e) {
            return false;
        }
    }

    private static void run(String... command) throws Exception {
        output(command);
    }

    private static String output(String... command) throws Exception {
        // never inheritIO: the test JVM's stdin and stdout are surefire's channel to Maven
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + said);
        }
        return said;
    }
}
