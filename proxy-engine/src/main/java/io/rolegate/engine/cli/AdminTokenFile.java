package io.rolegate.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolegate.engine.api.remote.ApiJson;
import io.rolegate.engine.files.AtomicFile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where {@code admin login} keeps its token for the next commands: {@code $XDG_CONFIG_HOME/rolegate/admin-token.json}
 * (else {@code ~/.config/rolegate/…}), readable by its owner only (0600, in a 0700 folder), written whole by a
 * rename. One login at a time: the file names the API it is for, and a command given another {@code --url} is told
 * to log in there.
 */
final class AdminTokenFile {
    /** What the file holds. The token is the bearer secret: never printed. */
    record Saved(String url, String token, String username, String expires) {
    }

    private final Path file;

    private AdminTokenFile(Path file) {
        this.file = file;
    }

    static AdminTokenFile of(Function<String, String> environment, Path home) {
        String xdg = environment.apply("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return new AdminTokenFile(config.resolve("rolegate").resolve("admin-token.json"));
    }

    Path path() {
        return file;
    }

    Optional<Saved> read() throws CommandFailure {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = ApiJson.tree(Files.readString(file));
            return Optional.of(new Saved(n.path("url").asText(), n.path("token").asText(), n.path("username").asText(),
                    n.path("expires").asText()));
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("cannot read the saved login " + file + ": " + e.getMessage()
                    + " (run admin login again)", e);
        }
    }

    void write(Saved s) throws CommandFailure {
        Map<String, String> content = new LinkedHashMap<>();
        content.put("url", s.url());
        content.put("token", s.token());
        content.put("username", s.username());
        content.put("expires", s.expires());
        try {
            Path dir = file.getParent();
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            AtomicFile.replace(file, ApiJson.write(content), AtomicFile.Readers.OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure("cannot save the login: " + e.getFile() + " is in the way", e);
        } catch (IOException e) {
            throw new CommandFailure("cannot save the login in " + file + ": " + e.getMessage(), e);
        }
    }

    void delete() throws CommandFailure {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CommandFailure("cannot remove the saved login " + file + ": " + e.getMessage(), e);
        }
    }
}
