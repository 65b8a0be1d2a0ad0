package io.rolegate.engine.provisioning;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The documented normalization from a directory user name to a managed role name (NFKC, lower case, NFKC,
 * stripped; checked against PostgreSQL's rules), as properties over generated names: every spelling of one name
 * is one role, compatibility look-alikes fold onto the letter they imitate (so the role-ownership rule, not the
 * name, tells their entries apart), and whatever comes out is a role name PostgreSQL accepts.
 */
class RoleNameNormalizationTest {
    @Property
    void foldingIsIdempotent(@ForAll @StringLength(max = 40) String name) {
        String once = RoleNames.fold(name);
        assertThat(RoleNames.fold(once)).isEqualTo(once);
    }

    @Property
    void anyNameGivesAValidRoleOrAReasonNeverSomethingElse(@ForAll @StringLength(max = 80) String name) {
        String role;
        try {
            role = RoleNames.forUser(name);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(role).isNotBlank().isEqualTo(role.strip()).isEqualTo(RoleNames.fold(name));
        assertThat(role.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(RoleNames.MAX_BYTES);
        assertThat(Normalizer.isNormalized(role, Normalizer.Form.NFKC)).isTrue();
        assertThat(role.toLowerCase(Locale.ROOT)).isEqualTo(role);
        assertThat(role).doesNotStartWith("pg_").isNotIn("public", "none", "current_user", "current_role",
                "session_user");
        assertThat(role.codePoints()).noneMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE);
        assertThat(RoleNames.forUser(role)).as("a role name maps to itself").isEqualTo(role);
    }

    @Property
    void everyCaseOfANameIsOneRole(@ForAll("accountNames") String name, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder mixed = new StringBuilder();
        name.chars().forEach(c -> mixed.append(random.nextBoolean() ? Character.toUpperCase((char) c) : (char) c));
        String role = RoleNames.forUser(name);
        assertThat(RoleNames.forUser(name.toUpperCase(Locale.ROOT))).isEqualTo(role);
        assertThat(RoleNames.forUser(mixed.toString())).isEqualTo(role);
        assertThat(RoleNames.forUser("  " + mixed + " ")).isEqualTo(role);
    }

    @Property
    void compatibilityLookAlikesFoldOntoTheLetterTheyImitate(@ForAll("accountNames") String name) {
        String role = RoleNames.forUser(name);
        String kelvin = name.replace('k', '\u212A').replace('K', '\u212A');          // KELVIN SIGN
        String fullWidth = name.chars().mapToObj(c -> Character.isLetterOrDigit(c)
                ? String.valueOf((char) (c - 0x21 + 0xFF01)) : String.valueOf((char) c))      // FULLWIDTH forms
                .reduce("", String::concat);
        assertThat(RoleNames.forUser(kelvin)).isEqualTo(role);
        assertThat(RoleNames.forUser(fullWidth)).isEqualTo(role);
        assertThat(RoleNames.plainlyNamed(name, role)).as("a plain name is plainly its role").isTrue();
        if (!kelvin.equals(name)) {
            assertThat(RoleNames.plainlyNamed(kelvin, role)).as("a look-alike is not plainly the role").isFalse();
        }
        assertThat(RoleNames.plainlyNamed(fullWidth, role)).isFalse();
    }

    @Property
    void invisibleCharactersAreRefusedNotDropped(@ForAll("accountNames") String name,
                                                 @ForAll("invisible") char invisible) {
        String sneaky = name.substring(0, 1) + invisible + name.substring(1);
        assertThatThrownBy(() -> RoleNames.forUser(sneaky)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+" + String.format("%04X", (int) invisible));
    }

    @Example
    void theDocumentedExamples() {
        assertThat(RoleNames.forUser("ALICE")).isEqualTo("alice");
        assertThat(RoleNames.forUser("\u212Aim")).isEqualTo("kim");
        assertThat(RoleNames.forUser("Ｊｏｓé")).isEqualTo("josé");
        assertThat(RoleNames.forUser("Jose\u0301")).as("NFKC composes the accent").isEqualTo("josé");
        assertThatThrownBy(() -> RoleNames.forUser("Public")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> RoleNames.forUser("PG_monitor")).hasMessageContaining("pg_");
        assertThatThrownBy(() -> RoleNames.forUser("a".repeat(64))).hasMessageContaining("63 bytes");
    }

    @Provide
    Arbitrary<String> accountNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_', '.', '-')
                .ofMinLength(2).ofMaxLength(30).filter(s -> Character.isLetter(s.charAt(0)))
                .filter(s -> !s.startsWith("pg_") && !s.equals("public") && !s.equals("none"));
    }

    @Provide
    Arbitrary<Character> invisible() {
        return Arbitraries.of('\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u2028');
    }
}
