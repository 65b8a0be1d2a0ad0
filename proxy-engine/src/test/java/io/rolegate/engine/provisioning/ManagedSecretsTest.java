package io.rolegate.engine.provisioning;

import io.rolegate.engine.scram.ScramKeys;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Managed role secrets: verifiers and the keys kept for logging in with them. */
class ManagedSecretsTest {
    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
    }

    /** The salt and iteration count of a verifier, as the server announces them in server-first. */
    private static byte[] saltOf(String verifier) {
        String saltPart = verifier.substring(verifier.indexOf(':') + 1, verifier.indexOf('$', verifier.indexOf(':')));
        return Base64.getDecoder().decode(saltPart);
    }

    @Test
    void aNewVerifiersKeysAreKeptSoTheFirstLoginDerivesNothing() {
        ManagedSecrets secrets = new ManagedSecrets(KEY);
        String verifier = secrets.newVerifier("alice", 1);
        byte[] salt = saltOf(verifier);
        assertThat(secrets.hasKeys("alice", 1, salt, ScramKeys.DEFAULT_ITERATIONS)).isTrue();
        assertThat(secrets.hasKeys("alice", 2, salt, ScramKeys.DEFAULT_ITERATIONS)).isFalse();
        assertThat(secrets.hasKeys("bob", 1, salt, ScramKeys.DEFAULT_ITERATIONS)).isFalse();
    }

    @Test
    void anotherEngineWithTheSameMasterKeyDerivesTheSameKeysOnDemand() {
        ManagedSecrets setter = new ManagedSecrets(KEY);
        String verifier = setter.newVerifier("alice", 1);
        byte[] salt = saltOf(verifier);
        ManagedSecrets restarted = new ManagedSecrets(KEY);
        assertThat(restarted.hasKeys("alice", 1, salt, ScramKeys.DEFAULT_ITERATIONS)).isFalse();
        ScramKeys derived = restarted.keys("alice", 1, salt, ScramKeys.DEFAULT_ITERATIONS);
        assertThat(derived.verifier()).isEqualTo(verifier);
        assertThat(restarted.hasKeys("alice", 1, salt, ScramKeys.DEFAULT_ITERATIONS)).isTrue();
    }

    @Test
    void anotherMasterKeyGivesAnotherVerifier() {
        byte[] other = KEY.clone();
        other[0] = 8;
        String verifier = new ManagedSecrets(KEY).newVerifier("alice", 1);
        byte[] salt = saltOf(verifier);
        assertThat(new ManagedSecrets(other).keys("alice", 1, salt, ScramKeys.DEFAULT_ITERATIONS).verifier())
                .isNotEqualTo(verifier);
    }
}
