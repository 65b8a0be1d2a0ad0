package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rolegate.engine.api.model.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Secrets from the environment, from chmod-600 files, or literally (with a warning that never shows the value). */
class SecretsConfigTest {
    private static final String SECRET = "Tr0ub4dor-file-secret";
    private static final String BASES = "  userBase: ou=people,dc=example,dc=org\n  groupBase: dc=example,dc=org\n";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ConfigLoader.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        logger.detachAppender(logged);
    }

    private RolegateConfig load(String yaml) {
        return new ConfigLoader(ConfigFixtures.ENV::get).load(yaml, "test.yaml", dir);
    }

    private List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private Path secretFile(String name, String text, String permissions) throws IOException {
        Path f = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(permissions));
        return f;
    }

    private static String directoryWith(String passwordValue) {
        return "directory:\n  urls: [ldaps://h]\n  bindDn: cn=svc,dc=example,dc=org\n  bindPassword: " + passwordValue
                + "\n" + BASES;
    }

    @Test
    void fromTheEnvironment() {
        assertThat(load(directoryWith("${ROLEGATE_LDAP_PASSWORD}")).directory().bindPassword())
                .isEqualTo(Secret.of(ConfigFixtures.LDAP_SECRET));
        assertThat(problems(directoryWith("${UNSET_PASSWORD}"))).containsExactly(
                "line 4: directory.bindPassword: environment variable UNSET_PASSWORD is not set");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void fromAFileWithOneTrailingNewlineTrimmed() throws IOException {
        secretFile("ldap.pw", SECRET + "\n", "rw-------");
        secretFile("admin.pw", " " + SECRET + "\n\n", "r--------");
        RolegateConfig c = load(directoryWith("{file: ldap.pw}")
                + "upstream:\n  admin: {user: a, password: {file: " + dir.resolve("admin.pw") + "}}\n");
        assertThat(c.directory().bindPassword()).isEqualTo(Secret.of(SECRET));
        // only one newline goes: the rest is the operator's business, as written
        assertThat(c.upstream().admin().password()).isEqualTo(Secret.of(" " + SECRET + "\n"));
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aFileOthersCanReadIsRefused() throws IOException {
        Path f = secretFile("ldap.pw", SECRET, "rw-r--r--");
        assertThat(problems(directoryWith("{file: ldap.pw}"))).containsExactly(
                "line 4: directory.bindPassword.file: secret file " + f + " can be read or changed by group or "
                        + "others; run chmod 600 " + f);
        secretFile("group.pw", SECRET, "rw-r-----");
        assertThat(problems(directoryWith("{file: group.pw}"))).singleElement().asString().contains("chmod 600");
    }

    @Test
    void missingEmptyOrMalformedFileReferences() throws IOException {
        secretFile("empty.pw", "\n", "rw-------");
        assertThat(problems(directoryWith("{file: absent.pw}"))).containsExactly(
                "line 4: directory.bindPassword.file: file not found: " + dir.resolve("absent.pw"));
        assertThat(problems(directoryWith("{file: empty.pw}"))).containsExactly(
                "line 4: directory.bindPassword.file: secret file " + dir.resolve("empty.pw") + " is empty");
        assertThat(problems(directoryWith("{path: x.pw}"))).contains(
                "line 4: directory.bindPassword: write the secret as ${ENV_VARIABLE} or as {file: /path/to/secret}");
    }

    @Test
    void aLiteralSecretIsAllowedWithOneWarningNamingTheKeyNotTheValue() {
        RolegateConfig c = load(directoryWith(SECRET) + "upstream:\n  admin: {user: a, password: " + SECRET + "}\n");
        assertThat(c.directory().bindPassword()).isEqualTo(Secret.of(SECRET));
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactlyInAnyOrder(
                "test.yaml: directory.bindPassword is written in the file itself; prefer ${ENV_VARIABLE} or "
                        + "{file: /path} (chmod 600) so the secret stays out of the configuration",
                "test.yaml: upstream.admin.password is written in the file itself; prefer ${ENV_VARIABLE} or "
                        + "{file: /path} (chmod 600) so the secret stays out of the configuration");
        assertThat(logged.list).allSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("WARN"));
    }

    @Test
    void secretsNeverReachProblemsOrRecordsToString() throws IOException {
        secretFile("ldap.pw", SECRET, "rw-------");
        RolegateConfig c = load(directoryWith("{file: ldap.pw}"));
        assertThat(c.toString()).doesNotContain(SECRET);
        // a problem elsewhere in the same file still must not print the secret
        problems(directoryWith(SECRET) + "  poolSize: lots\n");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .allSatisfy(m -> assertThat(m).doesNotContain(SECRET));
    }
}
