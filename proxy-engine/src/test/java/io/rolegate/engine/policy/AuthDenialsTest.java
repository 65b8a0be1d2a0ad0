package io.rolegate.engine.policy;

import io.rolegate.engine.api.model.Mapping;

import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.directory.AccountState;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryUser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthDenialsTest {
    private static final DirectoryUser ERIN = new DirectoryUser(Dns.parse("uid=erin,dc=x"), "erin", Map.of(),
            AccountState.unusable(AccountState.Status.LOCKED, "account is locked since 2026-01-01T00:00:00Z", null),
            List.of());

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        Decision.Deny bad = AuthDenials.of(new AuthResult.InvalidCredentials("dave")).orElseThrow();
        Decision.Deny missing = AuthDenials.of(new AuthResult.NoSuchUser("dave", "no entry")).orElseThrow();
        assertThat(bad.sqlState()).isEqualTo("28P01").isEqualTo(missing.sqlState());
        assertThat(bad.message()).isEqualTo(missing.message())
                .isEqualTo("rolegate: password authentication failed for user \"dave\"");
        assertThat(missing.explanation()).contains("no such user");
    }

    @Test
    void accountStateAndUnavailableDirectory() {
        Decision.Deny locked = AuthDenials.of(new AuthResult.AccountNotUsable(ERIN, ERIN.accountState())).orElseThrow();
        assertThat(locked.sqlState()).isEqualTo("28000");
        assertThat(locked.message()).contains("\"erin\"").contains("locked");
        Decision.Deny down = AuthDenials.of(new AuthResult.DirectoryUnavailable("91 (connect error)")).orElseThrow();
        assertThat(down.sqlState()).isEqualTo("08006");
        assertThat(down.message()).contains("directory unavailable").doesNotContain("91");
        assertThat(down.explanation()).contains("91 (connect error)");
    }

    @Test
    void successIsNoDenial() {
        assertThat(AuthDenials.of(new AuthResult.Authenticated(ERIN))).isEmpty();
    }

    @Test
    void mappingsAndRulesValidateTheirInput() {
        assertThatThrownBy(() -> new Mapping("not a dn", Set.of("r"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mapping("cn=a,dc=x", Set.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new GroupRule("cn=a,dc=x", Set.of(), Map.of("x", "")).settings().put("y", "z"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> PolicyRules.none().withUserFilter("(broken")).hasMessageContaining("policies.userFilter");
        assertThatThrownBy(() -> PolicyRules.none().withMaxSessionsPerUser(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
