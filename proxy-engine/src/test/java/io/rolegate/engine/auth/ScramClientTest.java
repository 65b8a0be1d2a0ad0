package io.rolegate.engine.auth;

import io.rolegate.engine.scram.ScramKeys;

import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScramClientTest {
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    private static ScramClient rfcClient() {
        return new ScramClient(s -> ScramKeys.derive("pencil", s.salt(), s.iterations()), NONCE, "user");
    }

    @Test
    void rfc7677TestVector() {
        ScramClient c = rfcClient();
        assertThat(c.clientFirst()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(c.clientFinal(SERVER_FIRST)).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        c.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aServerThatDoesNotKnowThePasswordIsCaught() {
        ScramClient c = rfcClient();
        c.clientFirst();
        c.clientFinal(SERVER_FIRST);
        assertThatThrownBy(() -> c.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> c.verifyServerFinal("e=invalid-proof")).hasMessageContaining("invalid-proof");
    }

    @Test
    void aNonceThatDoesNotExtendOursIsRefused() {
        ScramClient c = rfcClient();
        c.clientFirst();
        assertThatThrownBy(() -> c.clientFinal("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .isInstanceOf(ScramClient.ScramException.class);
        assertThatThrownBy(() -> c.clientFinal("r=" + NONCE + "x,s=!!,i=4096"))
                .isInstanceOf(ScramClient.ScramException.class);
    }

    /** A verifier computed here, stored by a real PostgreSQL, accepts the secret it was made from. */
    @Test
    void verifierIsAcceptedByPostgres() throws Exception {
        String secret = "derived-" + System.nanoTime();
        ScramKeys keys = ScramKeys.derive(secret, new SecureRandom());
        assertThat(keys.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(keys.clientKey()));
        TestPostgres pg = TestPostgres.get();
        try (Connection admin = pg.superuser(); Statement s = admin.createStatement()) {
            s.execute("DROP ROLE IF EXISTS scram_verifier_test");
            s.execute("CREATE ROLE scram_verifier_test LOGIN PASSWORD '" + keys.verifier() + "'");
            try (ResultSet rs = s.executeQuery("select rolpassword from pg_authid where rolname = 'scram_verifier_test'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(keys.verifier());
            }
        }
        try (Connection c = pg.connect("scram_verifier_test", secret, TestPostgres.DATABASE)) {
            assertThat(c.isValid(2)).isTrue();
        }
    }
}
