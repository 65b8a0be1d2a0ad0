package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every kind of problem, with the line it points at and the words the operator reads. */
class ConfigProblemsTest {
    @TempDir
    Path dir;

    private List<ConfigProblem> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of("ADMIN_PASSWORD", "pw")::get).load(yaml, "test.yaml", dir));
        assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
        return e.problems();
    }

    private ConfigProblem only(String yaml) {
        List<ConfigProblem> all = problems(yaml);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void unknownKeyNamesItsPathAndSuggestsTheCloseOne() {
        ConfigProblem p = only("""
                listen:
                  port: 6432
                  tsl:
                    mode: off
                """);
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.toString()).isEqualTo("line 3: unknown key \"listen.tsl\" (did you mean \"tls\"?)");
    }

    @Test
    void unknownKeyWithNothingCloseGetsNoSuggestion() {
        assertThat(only("auth: {mode: passthrough}\nwibble: 1\n").toString())
                .isEqualTo("line 2: unknown key \"wibble\"");
    }

    @Test
    void wrongTypes() {
        assertThat(only("listen:\n  port: abc\n").toString())
                .isEqualTo("line 2: listen.port: expected a whole number, got \"abc\"");
        assertThat(only("listen: 5\n").toString())
                .isEqualTo("line 1: listen: expected a section of \"key: value\" lines, got \"5\"");
        assertThat(only("upstream:\n  host: [a, b]\n").toString())
                .isEqualTo("line 2: upstream.host: expected a single value, got a list");
        assertThat(only("listen:\n  allowCleartextOnLoopback: yes\n").toString())
                .isEqualTo("line 2: listen.allowCleartextOnLoopback: expected true or false, got \"yes\"");
        assertThat(only("upstream:\n  host: \"\"\n").toString())
                .isEqualTo("line 2: upstream.host: must not be empty");
    }

    @Test
    void portsOutOfRange() {
        assertThat(only("listen:\n  port: 70000\n").toString())
                .isEqualTo("line 2: listen.port: must be between 0 and 65535, got \"70000\"");
        assertThat(only("listen:\n  port: -1\n").message()).startsWith("must be between 0 and 65535");
        assertThat(only("upstream:\n  port: 0\n").message()).startsWith("must be between 1 and 65535");
        assertThat(only("listen:\n  port: 99999999999999999999\n").message()).startsWith("expected a whole number");
    }

    @Test
    void badEnumValueListsTheAllowedOnes() {
        assertThat(only("upstream:\n  tls: verify_full\n").toString()).isEqualTo(
                "line 2: upstream.tls: expected one of disable, prefer, require, verify-full; got \"verify_full\""
                        + " (did you mean \"verify-full\"?)");
        assertThat(only("auth:\n  mode: ldap\n").message())
                .isEqualTo("expected one of passthrough, directory; got \"ldap\"");
        // YAML 1.1 would read "no" as false; here it is simply not a TLS mode
        assertThat(only("listen:\n  tls:\n    mode: no\n").message())
                .isEqualTo("expected one of off, optional, required; got \"no\"");
    }

    @Test
    void durationsNeedAUnitAndARange() {
        assertThat(only("limits:\n  startupTimeout: 15\n").toString()).isEqualTo(
                "line 2: limits.startupTimeout: \"15\" has no unit; add one, e.g. \"15s\" (units: ms, s, m, h)");
        assertThat(only("limits:\n  startupTimeout: soon\n").message())
                .isEqualTo("expected a duration such as 500ms, 15s, 2m or 1h, got \"soon\"");
        assertThat(only("limits:\n  startupTimeout: 0s\n").message())
                .isEqualTo("must be between 100ms and 1h, got \"0s\"");
    }

    @Test
    void keptServerConnectionsAreForDirectoryLoginsOnly() {
        ConfigProblem p = only("upstream:\n  keepIdle: 30s\n");
        assertThat(p.toString()).contains("upstream.keepIdle").contains("needs auth.mode: directory");
        assertThat(only("upstream:\n  keepIdle: 2h\n").message()).isEqualTo("must be between 0s and 1h, got \"2h\"");
        assertThat(only("upstream:\n  maxIdlePerUser: 0\n").toString()).contains("upstream.maxIdlePerUser");
    }

    @Test
    void missingFilesNameTheResolvedPath() {
        List<ConfigProblem> all = problems("""
                listen:
                  tls:
                    mode: required
                    certificate: certs/server.crt
                    key: /nonexistent/server.key
                upstream:
                  tls: verify-full
                  rootCert: root.crt
                """);
        assertThat(all).extracting(ConfigProblem::toString).containsExactly(
                "line 4: listen.tls.certificate: file not found: " + dir.resolve("certs/server.crt"),
                "line 5: listen.tls.key: file not found: /nonexistent/server.key",
                "line 8: upstream.rootCert: file not found: " + dir.resolve("root.crt"));
    }

    @Test
    void aFolderIsNotACertificate() throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        assertThat(only("upstream: {tls: verify-full, rootCert: certs}").message())
                .isEqualTo("not a regular file: " + dir.resolve("certs"));
    }

    @Test
    void certificateAndKeyComeInPairs() throws IOException {
        Files.writeString(dir.resolve("server.crt"), "c");
        Files.writeString(dir.resolve("server.key"), "k");
        assertThat(only("listen:\n  tls:\n    mode: required\n    certificate: server.crt\n").toString()).isEqualTo(
                "line 4: listen.tls.certificate: a certificate needs its private key: add listen.tls.key (PEM)");
        assertThat(only("listen:\n  tls:\n    mode: optional\n    key: server.key\n").toString()).isEqualTo(
                "line 4: listen.tls.key: a private key needs its certificate: add listen.tls.certificate (PEM)");
        assertThat(only("listen:\n  tls:\n    mode: optional\n    certificate: server.crt\n    key: server.key\n"
                + "    selfSigned: true\n").toString()).isEqualTo(
                "line 6: listen.tls.selfSigned: choose either selfSigned: true or certificate and key, not both");
    }

    @Test
    void tlsOnNeedsACertificateFromSomewhere() {
        assertThat(only("listen:\n  tls:\n    mode: required\n").toString()).isEqualTo(
                "line 3: listen.tls.mode: required TLS needs a certificate and key, or selfSigned: true");
    }

    /** Enough of a directory and an admin connection that {@code auth.mode: directory} has what it needs. */
    static final String DIRECTORY_PARTS = """
            directory: {urls: [ldap://localhost], userBase: "ou=people,dc=example,dc=org", groupBase: "dc=example,dc=org"}
            upstream: {admin: {user: rolegate_admin, password: "${ADMIN_PASSWORD}"}}
            """;

    @Test
    void directoryAuthNeedsPasswordsProtected() {
        ConfigProblem p = only("listen:\n  port: 6432\nauth:\n  mode: directory\n" + DIRECTORY_PARTS);
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.path()).isEqualTo("auth.mode");
        assertThat(p.message()).startsWith("directory needs client passwords protected")
                .contains("listen.tls.mode", "listen.allowCleartextOnLoopback: true");
    }

    @Test
    void rootCertIsUselessWithoutTls() throws IOException {
        Files.writeString(dir.resolve("root.crt"), "ca");
        assertThat(only("upstream:\n  tls: disable\n  rootCert: root.crt\n").toString()).isEqualTo(
                "line 3: upstream.rootCert: is never used with tls: disable; remove it or choose verify-full");
    }

    @Test
    void aFaultyValueDoesNotCascadeIntoConsistencyProblems() {
        // the bad mode falls back to "off"; that must not also produce "directory needs TLS"
        assertThat(only("listen:\n  tls:\n    mode: requird\nauth:\n  mode: directory\n" + DIRECTORY_PARTS).toString())
                .startsWith("line 3: listen.tls.mode: expected one of off, optional, required");
    }

    @Test
    void aBadSelfSignedIsNotAlsoAMissingCertificate() {
        assertThat(only("listen:\n  tls:\n    mode: required\n    selfSigned: maybe\n").toString())
                .isEqualTo("line 4: listen.tls.selfSigned: expected true or false, got \"maybe\"");
    }

    @Test
    void duplicateKey() {
        assertThat(only("listen:\n  port: 1\n  port: 2\n").toString())
                .isEqualTo("line 3: listen.port: duplicate key (first written on line 2)");
    }

    @Test
    void brokenYamlPointsAtItsLine() {
        ConfigProblem p = only("listen:\n  port: 6432\n  host: [unclosed\nauth: {}\n");
        assertThat(p.line()).isGreaterThanOrEqualTo(3);
        assertThat(p.message()).startsWith("not valid YAML: ");
    }

    @Test
    void topLevelMustBeSections() {
        assertThat(only("- listen\n- upstream\n").toString()).isEqualTo(
                "line 1: the file must be a set of sections (listen:, upstream:, auth:, limits:, directory:, mappings:, "
                        + "policies:, admin:, store:, console:, fleet:, api:, exports:), got a list");
    }

    @Test
    void everyProblemIsReportedAtOnceInLineOrder() {
        String yaml = """
                limits:
                  shutdownGrace: 10
                listen:
                  host: 127.0.0.1
                  port: 65536
                  tls:
                    mode: sometimes
                upstream:
                  tls: maybe
                  hots: db
                auth:
                  mode: directory
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(name -> null).load(yaml, "rolegate.yaml", dir));
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2, 5, 7, 9, 10, 12, 12);
        assertThat(e.getMessage().split("\\R")).containsExactly(
                "rolegate.yaml: 7 problems",
                "  line 2: limits.shutdownGrace: \"10\" has no unit; add one, e.g. \"10s\" (units: ms, s, m, h)",
                "  line 5: listen.port: must be between 0 and 65535, got \"65536\"",
                "  line 7: listen.tls.mode: expected one of off, optional, required; got \"sometimes\"",
                "  line 9: upstream.tls: expected one of disable, prefer, require, verify-full; got \"maybe\"",
                "  line 10: unknown key \"upstream.hots\" (did you mean \"host\"?)",
                "  line 12: auth.mode: directory needs a directory: section (urls, userBase, groupBase, ...) saying "
                        + "which LDAP server to authenticate against",
                "  line 12: auth.mode: directory needs upstream.admin (user, password, database): the connection "
                        + "through which Rolegate creates each user's login role");
    }
}
