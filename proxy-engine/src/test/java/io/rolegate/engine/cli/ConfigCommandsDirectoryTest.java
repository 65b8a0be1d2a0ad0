package io.rolegate.engine.cli;

import io.rolegate.engine.config.ConfigLoader;
import io.rolegate.engine.config.RolegateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code config check} and {@code config export} with the directory, admin, mappings and policies sections. */
class ConfigCommandsDirectoryTest {
    private static final String LDAP_SECRET = "cli-ldap-S3cret";
    private static final String ADMIN_SECRET = "cli-admin-S3cret";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Main main = new Main(env::get, dir.resolve("home"), (cfg, dataDir) -> {
            throw new AssertionError("these commands must not build an engine");
        }, work -> {
            throw new AssertionError("these commands must not install shutdown hooks");
        });
        return main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path directoryConfig() throws IOException {
        Path pw = Files.writeString(dir.resolve("admin.pw"), ADMIN_SECRET + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        return Files.writeString(dir.resolve("rolegate.yaml"), """
                listen: {allowCleartextOnLoopback: true}
                upstream:
                  admin: {user: rolegate_admin, password: {file: admin.pw}}
                auth: {mode: directory}
                directory:
                  urls: [ldaps://dc1.example.org]
                  bindDn: cn=rolegate,ou=service,dc=example,dc=org
                  bindPassword: ${LDAP_PW}
                  userBase: ou=people,dc=example,dc=org
                  groupBase: ou=groups,dc=example,dc=org
                  flavour: 389ds
                mappings:
                  - {group: "cn=dba,ou=groups,dc=example,dc=org", roles: [dba_role]}
                policies:
                  allowedSources: [10.0.0.0/8]
                """);
    }

    @Test
    void checkAcceptsTheNewSections() throws IOException {
        env.put("LDAP_PW", LDAP_SECRET);
        assertThat(run("config", "check", "--config", directoryConfig().toString())).isZero();
        assertThat(out()).startsWith("ok" + System.lineSeparator()).contains("at the next start");
    }

    @Test
    void checkReportsProblemsInTheNewSectionsWithTheirLines() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.yaml"), """
                auth: {mode: directory}
                listen: {allowCleartextOnLoopback: true}
                mappings:
                  - group: cn=dba,dc=example,dc=org
                    roles: [pg_signal_backend]
                policies:
                  allowedSources: [everywhere]
                """);
        assertThat(run("config", "check", "--config", f.toString())).isEqualTo(2);
        assertThat(err()).contains(f + ": 4 problems",
                "line 1: auth.mode: directory needs a directory: section",
                "line 1: auth.mode: directory needs upstream.admin",
                "line 5: mappings[0].roles[0]: role name \"pg_signal_backend\" uses the reserved prefix pg_",
                "line 7: policies.allowedSources[0]: \"everywhere\" is not an IP address or network");
    }

    @Test
    void exportShowsNoSecretAndReadsBackWithTheVariablesSet() throws IOException {
        env.put("LDAP_PW", LDAP_SECRET);
        Path f = directoryConfig();
        assertThat(run("config", "export", "--config", f.toString())).isZero();
        assertThat(out()).doesNotContain(LDAP_SECRET).doesNotContain(ADMIN_SECRET)
                .contains("# Secrets are never exported", "ROLEGATE_LDAP_PASSWORD", "ROLEGATE_ADMIN_PASSWORD",
                        "flavour: 389ds", "dba_role", "10.0.0.0/8");
        assertThat(err()).isEmpty();
        Map<String, String> exportEnv = Map.of("ROLEGATE_LDAP_PASSWORD", LDAP_SECRET,
                "ROLEGATE_ADMIN_PASSWORD", ADMIN_SECRET);
        RolegateConfig exported = new ConfigLoader(exportEnv::get).load(out(), "stdout", dir);
        assertThat(exported).isEqualTo(new ConfigLoader(env::get).load(f));
    }
}
