package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.directory.GroupResolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@code directory:} section: flavour defaults, and every problem with its line. */
class DirectoryConfigTest {
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
    void noDirectorySectionMeansNone() {
        assertThat(load("auth: {mode: passthrough}\n").directory()).isNull();
        assertThat(load("directory:\n").directory()).isNull();
    }

    @ParameterizedTest
    @EnumSource(DirectoryFlavour.class)
    void keysNotWrittenKeepTheFlavoursDefaults(DirectoryFlavour f) {
        String name = FlavourNames.of(f);
        DirectorySettings d = load("directory:\n  urls: [ldap://localhost]\n  flavour: " + name + "\n" + BASES)
                .directory();
        assertThat(d).isEqualTo(DirectorySettings.builder(f).urls("ldap://localhost")
                .userBase("ou=people,dc=example,dc=org").groupBase("ou=groups,dc=example,dc=org").build());
        assertThat(d.userFilter()).isEqualTo(f.defaultUserFilter());
        assertThat(d.usernameAttribute()).isEqualTo(f.defaultUsernameAttribute());
        assertThat(d.groupFilter()).isEqualTo(f.defaultGroupFilter());
    }

    @Test
    void flavourDefaultsToGenericAndWrittenKeysWinOverTheFlavour() {
        DirectorySettings d = load("directory:\n  urls: [ldaps://h]\n  flavour: active-directory\n"
                + "  usernameAttribute: userPrincipalName\n  cacheTtl: 2m\n  poolSize: 3\n" + BASES).directory();
        assertThat(d.flavour()).isEqualTo(DirectoryFlavour.ACTIVE_DIRECTORY);
        assertThat(d.usernameAttribute()).isEqualTo("userPrincipalName");
        assertThat(d.userFilter()).isEqualTo(DirectoryFlavour.ACTIVE_DIRECTORY.defaultUserFilter());
        assertThat(d.cacheTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.poolSize()).isEqualTo(3);
        assertThat(load("directory:\n  urls: [ldaps://h]\n" + BASES).directory().flavour())
                .isEqualTo(DirectoryFlavour.GENERIC);
    }

    @Test
    void outageGraceIsOffUnlessWrittenAndBounded() {
        assertThat(load("directory:\n  urls: [ldaps://h]\n" + BASES).directory().outageGrace()).isZero();
        assertThat(load("directory:\n  urls: [ldaps://h]\n  outageGrace: 15m\n" + BASES).directory().outageGrace())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(problems("directory:\n  urls: [ldaps://h]\n  outageGrace: 30d\n" + BASES))
                .singleElement().asString().startsWith("line 3: directory.outageGrace:");
    }

    @Test
    void groupResolutionIsAutoUnlessWrittenAndSpelledAsDocumented() {
        assertThat(load("directory:\n  urls: [ldaps://h]\n" + BASES).directory().groupResolution())
                .isEqualTo(GroupResolution.AUTO);
        assertThat(load("directory:\n  urls: [ldaps://h]\n  groupResolution: memberof-transitive\n" + BASES)
                .directory().groupResolution()).isEqualTo(GroupResolution.MEMBEROF_TRANSITIVE);
        assertThat(problems("directory:\n  urls: [ldaps://h]\n  groupResolution: in_chain\n" + BASES))
                .singleElement().asString().startsWith("line 3: directory.groupResolution:")
                .contains("auto, walk, in-chain, memberof-transitive");
    }

    @Test
    void urlsMustBeLdapWithAHost() {
        assertThat(problems("directory:\n  urls:\n    - ldaps://ok.example.org\n    - https://dc1\n    - ldap://\n"
                + "    - not a url\n" + BASES)).containsExactly(
                "line 4: directory.urls[1]: \"https://dc1\" is not an LDAP URL (write ldaps://host or ldap://host:389)",
                "line 5: directory.urls[2]: \"ldap://\" names no host (write e.g. ldaps://dc1.example.org)",
                "line 6: directory.urls[3]: \"not a url\" is not an LDAP URL (write ldaps://host or ldap://host:389)");
        assertThat(problems("directory:\n  startTls: true\n" + BASES)).containsExactly(
                "line 1: directory.urls: at least one directory URL is needed, e.g. urls: [ldaps://dc1.example.org]");
        assertThat(problems("directory:\n  urls: []\n" + BASES)).containsExactly(
                "line 2: directory.urls: at least one directory URL is needed, e.g. urls: [ldaps://dc1.example.org]");
    }

    @Test
    void startTlsOnLdapsIsAMistake() {
        assertThat(problems("directory:\n  urls: [ldaps://h]\n  startTls: true\n" + BASES)).singleElement()
                .asString().startsWith("line 3: directory.startTls: StartTLS upgrades ldap:// connections");
    }

    @Test
    void dnsAndBasesAreChecked() {
        assertThat(problems("directory:\n  urls: [ldaps://h]\n  bindDn: not-a-dn\n  bindPassword: x\n"
                + "  userBase: also wrong\n")).containsExactly(
                "line 1: directory.groupBase: is required: the subtree where groups live, e.g. ou=people,dc=example,dc=org",
                "line 3: directory.bindDn: \"not-a-dn\" is neither a DN (cn=rolegate,ou=service,dc=example,dc=org) nor"
                        + " an Active Directory user principal name (rolegate-svc@acme.test) or down-level name"
                        + " (ACME\\rolegate-svc)",
                "line 5: directory.userBase: \"also wrong\" is not a DN (e.g. cn=dba,ou=groups,dc=example,dc=org)");
    }

    @Test
    void filtersAndTemplatesAreChecked() {
        List<String> p = problems("directory:\n  urls: [ldaps://h]\n" + BASES
                + "  userFilter: (uid=someone)\n"
                + "  groupFilter: (objectClass=group\n"
                + "  denyFilter: nonsense\n"
                + "  userDnTemplate: uid=fixed,ou=people,dc=example,dc=org\n"
                + "  usernameAttribute: \"not an attribute\"\n");
        assertThat(p).hasSize(5);
        assertThat(p.get(0)).isEqualTo("line 5: directory.userFilter: \"(uid=someone)\" must contain {user} where "
                + "the login name goes");
        assertThat(p.get(1)).startsWith("line 6: directory.groupFilter: \"(objectClass=group\" is not an LDAP filter");
        assertThat(p.get(2)).startsWith("line 7: directory.denyFilter: \"nonsense\" is not an LDAP filter");
        assertThat(p.get(3)).isEqualTo("line 8: directory.userDnTemplate: \"uid=fixed,ou=people,dc=example,dc=org\" "
                + "must contain {user} where the login name goes");
        assertThat(p.get(4)).isEqualTo("line 9: directory.usernameAttribute: \"not an attribute\" is not an "
                + "attribute name");
    }

    @Test
    void numbersDurationsAndFlavourAreChecked() {
        assertThat(problems("directory:\n  urls: [ldaps://h]\n" + BASES
                + "  poolSize: 0\n  maxNestingDepth: -1\n  connectTimeout: 5\n  flavour: openldp\n")).containsExactly(
                "line 5: directory.poolSize: must be between 1 and 1000, got \"0\"",
                "line 6: directory.maxNestingDepth: must be between 1 and 100, got \"-1\"",
                "line 7: directory.connectTimeout: \"5\" has no unit; add one, e.g. \"5s\" (units: ms, s, m, h)",
                "line 8: directory.flavour: expected one of openldap, active-directory, 389ds, generic; got "
                        + "\"openldp\" (did you mean \"openldap\"?)");
    }

    @Test
    void serviceAccountNeedsBothHalves() {
        assertThat(problems("directory:\n  urls: [ldaps://h]\n  bindDn: cn=svc,dc=example,dc=org\n" + BASES))
                .containsExactly("line 3: directory.bindDn: the service account needs its password: add "
                        + "bindPassword (${ENV} or {file: ...})");
        assertThat(problems("directory:\n  urls: [ldaps://h]\n  bindPassword: ${ROLEGATE_LDAP_PASSWORD}\n" + BASES))
                .containsExactly("line 3: directory.bindPassword: a bindPassword without bindDn is never used: add "
                        + "bindDn or remove it");
    }

    @Test
    void unknownKeysInTheSectionAreReported() {
        assertThat(problems("directory:\n  urls: [ldaps://h]\n  userbase: x\n" + BASES)).contains(
                "line 3: unknown key \"directory.userbase\" (did you mean \"userBase\"?)");
    }

    @Test
    void directoryAuthNamesWhatIsMissing() {
        assertThat(problems("listen: {allowCleartextOnLoopback: true}\nauth:\n  mode: directory\n")).containsExactly(
                "line 3: auth.mode: directory needs a directory: section (urls, userBase, groupBase, ...) saying "
                        + "which LDAP server to authenticate against",
                "line 3: auth.mode: directory needs upstream.admin (user, password, database): the connection "
                        + "through which Rolegate creates each user's login role");
    }

    @Test
    void adminConnectionNeedsUserAndPassword() {
        assertThat(problems("upstream:\n  admin:\n    database: postgres\n")).containsExactly(
                "line 2: upstream.admin.user: the admin connection needs a user (a role with CREATEROLE)",
                "line 2: upstream.admin.password: the admin connection needs a password: ${ENV_VARIABLE} or "
                        + "{file: /path}");
        assertThat(problems("upstream:\n  admin: {user: pg_monitor, password: x}\n")).containsExactly(
                "line 2: upstream.admin.user: role name \"pg_monitor\" uses the reserved prefix pg_");
        assertThat(load("upstream:\n  admin: {user: a, password: x}\n").upstream().admin().database())
                .isEqualTo("postgres");
    }
}
