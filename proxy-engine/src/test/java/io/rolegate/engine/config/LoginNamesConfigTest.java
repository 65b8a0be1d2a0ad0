package io.rolegate.engine.config;

import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.directory.LoginNameForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 13 item 1 in the configuration: {@code directory.bindDn} as Active Directory admins write it (a UPN or a
 * down-level name), and {@code directory.loginNames} / {@code downLevelDomain}, validated when the file is read.
 */
class LoginNamesConfigTest {
    private static final String AD = "directory:\n  urls: [ldaps://dc1]\n  flavour: active-directory\n"
            + "  userBase: OU=people,DC=acme,DC=test\n  groupBase: OU=groups,DC=acme,DC=test\n";
    private static final String LDAP = "directory:\n  urls: [ldaps://h]\n  flavour: openldap\n"
            + "  userBase: ou=people,dc=example,dc=org\n  groupBase: ou=groups,dc=example,dc=org\n";

    @TempDir
    Path dir;

    private DirectorySettings load(String yaml) {
        return new ConfigLoader(ConfigFixtures.ENV::get).load(yaml, "test.yaml", dir).directory();
    }

    private List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void theServiceAccountMayBeWrittenAsAUpnOrADownLevelName() {
        assertThat(load(AD + "  bindDn: rolegate-svc@acme.test\n  bindPassword: x\n").bindDn())
                .isEqualTo("rolegate-svc@acme.test");
        assertThat(load(AD + "  bindDn: 'ACME\\rolegate-svc'\n  bindPassword: x\n").bindDn())
                .isEqualTo("ACME\\rolegate-svc");
        assertThat(load(AD + "  bindDn: CN=svc,OU=service,DC=acme,DC=test\n  bindPassword: x\n").bindDn())
                .isEqualTo("CN=svc,OU=service,DC=acme,DC=test");
        assertThat(problems(AD + "  bindDn: 'svc@'\n  bindPassword: x\n")).singleElement().asString()
                .startsWith("line 6: directory.bindDn: \"svc@\" is neither a DN");
    }

    @Test
    void activeDirectoryAcceptsEveryFormByDefaultWithTheDomainFromTheBase() {
        DirectorySettings d = load(AD);
        assertThat(d.loginNames()).containsExactlyInAnyOrder(LoginNameForm.values());
        assertThat(d.downLevelDomain()).isEqualTo("ACME");
        assertThat(load(LDAP).loginNames()).containsExactly(LoginNameForm.ACCOUNT);
    }

    @Test
    void theFormsAndTheDomainCanBeChosen() {
        DirectorySettings d = load(AD + "  loginNames: [account, upn]\n  downLevelDomain: CORP\n");
        assertThat(d.loginNames()).containsExactlyInAnyOrder(LoginNameForm.ACCOUNT, LoginNameForm.UPN);
        assertThat(d.downLevelDomain()).isEqualTo("CORP");
    }

    @Test
    void wrongFormsAreProblemsWithTheirLine() {
        assertThat(problems(AD + "  loginNames: [account, email]\n")).singleElement().asString()
                .isEqualTo("line 6: directory.loginNames[1]: \"email\" is not a login name form; use account, upn"
                        + " or downLevel");
        assertThat(problems(LDAP + "  loginNames: [account, upn]\n")).singleElement().asString()
                .startsWith("line 6: directory.loginNames: upn and downLevel are Active Directory forms");
        assertThat(problems(AD + "  loginNames: []\n")).singleElement().asString()
                .contains("directory.loginNames: name at least one form");
    }

    @Test
    void aUpnFormNeedsAFilterThatNamesTheAccount() {
        assertThat(problems(AD + "  loginNames: [upn]\n  userFilter: '(&(objectClass=user)(mail={user}))'\n"))
                .singleElement().asString().contains("upn needs directory.userFilter to find the account as"
                        + " (sAMAccountName={user})");
    }

    @Test
    void theFormsSurviveAnExportAndReimport() {
        DirectorySettings d = load(AD + "  loginNames: [upn, downLevel]\n  downLevelDomain: CORP\n");
        String yaml = ConfigWriter.toYaml(io.rolegate.engine.config.RolegateConfig.defaults().withDirectory(d));
        assertThat(yaml).contains("loginNames:").contains("downLevelDomain: CORP");
    }
}
