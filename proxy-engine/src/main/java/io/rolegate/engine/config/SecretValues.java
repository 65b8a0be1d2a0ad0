package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a password key, written as {@code ${ENV}}, as {@code {file: /path}} (the file's text minus one trailing
 * newline; the file must not be readable by group or others), or literally (allowed, but the loader warns).
 * Problems name the key and the file, never the value.
 */
final class SecretValues {
    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretValues() {
    }

    /** The secret, or null when the key is absent or its value was reported as a problem. */
    static Secret read(SectionReader s, String key) {
        if (s.raw(key) instanceof MappingNode) {
            return fromFile(s, key);
        }
        boolean literal = s.raw(key) instanceof ScalarNode n && !Nodes.isNull(n) && !n.getValue().contains("${");
        String value = s.string(key, null);
        if (value == null) {
            return null;
        }
        if (literal) {
            s.noteLiteralSecret(key);
        }
        return Secret.of(value);
    }

    private static Secret fromFile(SectionReader s, String key) {
        SectionReader ref = s.section(key);
        if (!ref.has("file")) {
            s.reject(key, "write the secret as ${ENV_VARIABLE} or as {file: /path/to/secret}");
            return null;
        }
        Path file = ref.file("file");
        if (file == null) {
            return null;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        try {
            // file systems without POSIX permissions (Windows) have no group/other bits to check
            if (view != null && view.readAttributes().permissions().stream().anyMatch(TOO_OPEN::contains)) {
                ref.reject("file", "secret file " + file + " can be read or changed by group or others; run chmod 600 "
                        + file);
                return null;
            }
            String text = Files.readString(file);
            String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            if (value.isEmpty()) {
                ref.reject("file", "secret file " + file + " is empty");
                return null;
            }
            return Secret.of(value);
        } catch (CharacterCodingException e) {
            ref.reject("file", "secret file " + file + " is not UTF-8 text");
            return null;
        } catch (IOException e) {
            ref.reject("file", "cannot read secret file " + file + ": " + e.getClass().getSimpleName());
            return null;
        }
    }
}
