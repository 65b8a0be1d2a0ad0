package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 13 item 6 as {@code config check} sees it: plain LDAP off this machine needs an explicit opt-in, and the
 * admin connection's clear-password opt-in is read and exported.
 */
class OtherHopsConfigTest {
    private static final String BASES = "  userBase: ou=people,dc=example,dc=org\n  groupBase: ou=groups,dc=example,dc=org\n";

    @TempDir
    Path dir;

    private RolegateConfig load(String yaml) {
        return new ConfigLoader(ConfigFixtures.ENV::get).load(yaml, "test.yaml", dir);
    }

    private List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void plainLdapToAnotherHostIsRefusedSayingWhyAndWhatToDo() {
        assertThat(problems("directory:\n  urls: [ldap://dc1.example.org]\n" + BASES)).singleElement().asString()
                .startsWith("line 2: directory.urls: ldap://dc1.example.org without TLS:")
                .contains("in clear").contains("ldaps://").contains("startTls: true")
                .contains("directory.allowPlainLdap: true");
    }

    @Test
    void plainLdapIsAcceptedOnLoopbackWithStartTlsOrWithTheOptIn() {
        for (String urls : List.of("[ldap://localhost:389]", "[ldap://127.0.0.2:1389]", "['ldap://[::1]:389']")) {
            assertThat(load("directory:\n  urls: " + urls + "\n" + BASES).directory()).as(urls).isNotNull();
        }
        assertThat(load("directory:\n  urls: [ldap://dc1.example.org]\n  startTls: true\n" + BASES).directory())
                .isNotNull();
        DirectorySettings optedIn = load("directory:\n  urls: [ldap://dc1.example.org]\n  allowPlainLdap: true\n"
                + BASES).directory();
        assertThat(optedIn.allowPlainLdap()).isTrue();
        assertThat(load(ConfigWriter.toYaml(RolegateConfig.defaults().withDirectory(optedIn))).directory())
                .as("the opt-in survives an export").isEqualTo(optedIn);
    }

    @Test
    void aNameThatIsNotLiterallyLoopbackIsNotTrustedToBeLoopback() {
        assertThat(problems("directory:\n  urls: [ldap://127.0.0.1.nip.io]\n" + BASES)).singleElement().asString()
                .contains("directory.allowPlainLdap");
    }

    @Test
    void theAdminPasswordIsNeverSentInClearUnlessTheOperatorSaysSo() {
        String admin = "upstream:\n  admin:\n    user: rolegate_admin\n    password: ${ROLEGATE_ADMIN_PASSWORD}\n";
        assertThat(load(admin).upstream().admin().allowPasswordWithoutTls()).isFalse();
        RolegateConfig allowed = load(admin + "    allowPasswordWithoutTls: true\n");
        assertThat(allowed.upstream().admin().allowPasswordWithoutTls()).isTrue();
        assertThat(ConfigWriter.toYaml(allowed)).contains("allowPasswordWithoutTls: true");
        assertThat(ConfigWriter.toYaml(load(admin))).doesNotContain("allowPasswordWithoutTls");
    }

    @Test
    void settingsBuiltInCodeRefusePlainLdapWhenTheDirectoryOpens() {
        DirectorySettings plain = DirectorySettings.builder(DirectoryFlavour.GENERIC).urls("ldap://dc1.example.org")
                .bind("cn=svc,dc=example,dc=org", Secret.of("x")).userBase("dc=example,dc=org")
                .groupBase("dc=example,dc=org").build();
        Throwable refused = catchThrowableOfType(IllegalArgumentException.class,
                () -> io.rolegate.engine.directory.Directory.open(plain).close());
        assertThat(refused).hasMessageContaining("without TLS").hasMessageContaining("allowPlainLdap");
        assertThat(catchThrowableOfType(io.rolegate.engine.api.model.EngineException.class,
                () -> io.rolegate.engine.api.ConnectionChecks.directory(plain)))
                .as("the console's connection test does not send the service password in clear either")
                .hasMessageContaining("allowPlainLdap");
    }
}
