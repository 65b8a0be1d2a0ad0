package io.rolegate.console.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What {@code --demo-env FILE} writes once the demo is up: libpq environment variables (PGHOST, PGPORT, PGUSER,
 * PGPASSWORD, PGDATABASE, PGSSLMODE) for the demo's DBA, one {@code NAME='value'} per line, so a script (the
 * installer's smoke test) can {@code . FILE} and run psql without reading the window. The port is free-chosen at
 * each start, which is why a script needs this. The file holds a password: it is created readable by its owner
 * only, and appears complete or not at all (written beside, then moved into place).
 */
public final class DemoConnectFile {
    private DemoConnectFile() {
    }

    /** The file's lines for one login at {@code at}; values are single-quoted for a POSIX shell. */
    public static List<String> lines(InetSocketAddress at, String user, String password, String database) {
        return List.of(
                "PGHOST=" + quoted(at.getHostString()),
                "PGPORT=" + quoted(Integer.toString(at.getPort())),
                "PGUSER=" + quoted(user),
                "PGPASSWORD=" + quoted(password),
                "PGDATABASE=" + quoted(database),
                // directory logins send the password, which the proxy accepts only inside TLS
                "PGSSLMODE='require'");
    }

    /** Writes {@code lines} to {@code file} owner-only, replacing an older file. */
    public static void write(Path file, List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // createTempFile makes the file owner-only (rw-------) on POSIX file systems before anything is in it
        Path partial = Files.createTempFile(dir, ".demo-env", ".partial");
        try {
            Files.write(partial, lines);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String quoted(String value) {
        // inside single quotes a POSIX shell takes everything literally except the quote itself
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
