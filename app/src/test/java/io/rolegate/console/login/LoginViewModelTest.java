package io.rolegate.console.login;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.console.common.SameThreadTaskExecutor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoginViewModelTest {
    private final List<ConsoleUser> loggedIn = new ArrayList<>();
    private char[] passwordSeen;

    private LoginViewModel form(LoginViewModel.Authenticator authenticator) {
        return new LoginViewModel(authenticator, new SameThreadTaskExecutor(), List.of(), loggedIn::add);
    }

    @Test
    void emptyFieldsAreNamedAndNothingIsSent() {
        LoginViewModel vm = form((u, p) -> {
            throw new AssertionError("must not be called");
        });
        assertThat(vm.cannotSubmit().get()).isTrue();
        vm.logIn();
        assertThat(vm.problemProperty().get()).isEqualTo("Enter your directory user name.");
        vm.usernameProperty().set("alice");
        vm.logIn();
        assertThat(vm.problemProperty().get()).isEqualTo("Enter your directory password.");
        vm.passwordProperty().set("pw");
        assertThat(vm.cannotSubmit().get()).isFalse();
    }

    @Test
    void aSuccessfulLoginHandsOverTheUserAndWipesThePassword() {
        ConsoleUser alice = ConsoleUser.of(new ConsoleIdentity("alice", "uid=alice,ou=people,dc=example,dc=org", "Alice", true, "member of cn=dba"));
        LoginViewModel vm = form((u, p) -> {
            assertThat(u).isEqualTo("alice");
            assertThat(new String(p)).isEqualTo("secret");
            passwordSeen = p;
            return alice;
        });
        vm.usernameProperty().set("  alice ");
        vm.passwordProperty().set("secret");
        vm.logIn();
        assertThat(loggedIn).containsExactly(alice);
        assertThat(vm.passwordProperty().get()).isEmpty();
        assertThat(passwordSeen).containsOnly('\0');
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void aRefusalStaysOnTheFormInTheDirectorysWords() {
        LoginViewModel vm = form((u, p) -> {
            throw new IllegalStateException("wrong user name or password for alice");
        });
        vm.usernameProperty().set("alice");
        vm.passwordProperty().set("nope");
        vm.logIn();
        assertThat(loggedIn).isEmpty();
        assertThat(vm.problemProperty().get()).isEqualTo("Not logged in: wrong user name or password for alice");
        assertThat(vm.passwordProperty().get()).isEmpty();
    }

    @Test
    void aReadOnlyUserIsRefusedAdminActionsInWordsForADialog() {
        ConsoleUser carol = ConsoleUser.of(new ConsoleIdentity("carol", "uid=carol,ou=people,dc=example,dc=org", "Carol", false, "member of cn=readers"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> carol.requireAdmin("disconnect sessions"))
                .hasMessage("carol is logged in read-only (member of cn=readers), so may not disconnect sessions."
                        + " Log in as a member of the console admin group.");
        ConsoleUser.of(new ConsoleIdentity("dba", "", "dba", true, "runs the engine")).requireAdmin("disconnect sessions");
    }
}
