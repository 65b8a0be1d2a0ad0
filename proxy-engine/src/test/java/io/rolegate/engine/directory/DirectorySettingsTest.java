package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Secret;

import com.unboundid.ldap.sdk.Filter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectorySettingsTest {
    private static DirectorySettings.Builder minimal(DirectoryFlavour flavour) {
        return DirectorySettings.builder(flavour).urls("ldap://ldap.example.org")
                .userBase("ou=people,dc=example,dc=org").groupBase("ou=groups,dc=example,dc=org");
    }

    @Test
    void toStringNeverShowsTheBindPassword() {
        DirectorySettings s = minimal(DirectoryFlavour.OPENLDAP)
                .bind("cn=rolegate,dc=example,dc=org", Secret.of("hunter2-very-secret")).build();
        assertThat(s.toString()).doesNotContain("hunter2").contains("Secret[****]");
        assertThat(s.bindPassword().chars()).containsExactly("hunter2-very-secret".toCharArray());
    }

    @Test
    void secretCopiesItsInputAndCompares() {
        char[] input = "abc".toCharArray();
        Secret secret = Secret.of(input);
        input[0] = 'x';
        assertThat(secret.chars()).containsExactly('a', 'b', 'c');
        assertThat(secret).isEqualTo(Secret.of("abc")).isNotEqualTo(Secret.of("abd"));
        assertThat(Secret.of("").isEmpty()).isTrue();
    }

    @Test
    void flavourDefaults() {
        DirectorySettings ad = minimal(DirectoryFlavour.ACTIVE_DIRECTORY).build();
        assertThat(ad.userFilter()).contains("sAMAccountName={user}");
        assertThat(ad.usernameAttribute()).isEqualTo("sAMAccountName");
        assertThat(ad.groupFilter()).isEqualTo("(objectClass=group)");
        DirectorySettings ol = minimal(DirectoryFlavour.OPENLDAP).build();
        assertThat(ol.usernameAttribute()).isEqualTo("uid");
        assertThat(ol.groupFilter()).contains("posixGroup");
        assertThat(ol.cacheTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ol.maxNestingDepth()).isEqualTo(10);
        assertThat(ol.poolSize()).isEqualTo(8);
        assertThat(ol.bindPassword().isEmpty()).isTrue();
    }

    @Test
    void badValuesAreReportedWithTheSettingName() {
        assertThatThrownBy(() -> minimal(DirectoryFlavour.GENERIC).urls("http://x").build())
                .hasMessageContaining("directory.urls");
        assertThatThrownBy(() -> minimal(DirectoryFlavour.GENERIC).urls().build())
                .hasMessageContaining("directory.urls");
        assertThatThrownBy(() -> minimal(DirectoryFlavour.GENERIC).userFilter("(uid=alice)").build())
                .hasMessageContaining("directory.userFilter").hasMessageContaining("{user}");
        assertThatThrownBy(() -> minimal(DirectoryFlavour.GENERIC).userFilter("(uid={user}").build())
                .hasMessageContaining("directory.userFilter");
        assertThatThrownBy(() -> minimal(DirectoryFlavour.GENERIC).denyFilter("nope").build())
                .hasMessageContaining("directory.denyFilter");
        assertThatThrownBy(() -> minimal(DirectoryFlavour.GENERIC).userDnTemplate("ou=people,dc=x").build())
                .hasMessageContaining("directory.userDnTemplate");
        assertThatThrownBy(() -> minimal(DirectoryFlavour.GENERIC).groupBase("not a dn").build())
                .hasMessageContaining("directory.groupBase");
    }

    @Test
    void filterTemplateKeepsTheValueLiteral() throws Exception {
        FilterTemplate t = FilterTemplate.compile("t", "(&(objectClass=person)(|(uid={user})(mail={user}@example.org)))");
        Filter f = t.apply("*)(uid=*");
        assertThat(f.toString()).isEqualTo(
                "(&(objectClass=person)(|(uid=\\2a\\29\\28uid=\\2a)(mail=\\2a\\29\\28uid=\\2a@example.org)))");
        assertThat(Filter.create(f.toString())).isEqualTo(f);
    }

    @Test
    void filterTemplateSubstitutesInsideSubstringAndNot() {
        FilterTemplate t = FilterTemplate.compile("t", "(&(cn={user}*)(!(uid={user})))");
        assertThat(t.apply("a(b").toString()).isEqualTo("(&(cn=a\\28b*)(!(uid=a\\28b)))");
    }

    @Test
    void dnTemplateEscapes() {
        DnTemplate t = DnTemplate.compile("uid={user},ou=people,dc=example,dc=org");
        assertThat(t.apply("alice").toString()).isEqualTo("uid=alice,ou=people,dc=example,dc=org");
        assertThat(t.apply("a,ou=admins").getParent().toString()).isEqualTo("ou=people,dc=example,dc=org");
    }
}
