package io.rolegate.engine.demo;

import io.rolegate.engine.api.DemoEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the demo prints next to each person holds through pgjdbc — and holds when the person tries to get past it:
 * bob reads but does not write or take the DBA's role, carol's read-only sessions stay read-only after she turns
 * the setting off (her roles may not write: the setting is a guard-rail, privileges are the wall), dave and erin
 * are refused.
 */
class DemoPromisesTest {
    static DemoEnvironment demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoEnvironment.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void aliceTheDbaReadsWritesAndCreates() throws SQLException {
        try (Connection alice = login("alice"); Statement s = alice.createStatement()) {
            assertThat(one(s, "SELECT count(*) FROM orders")).isEqualTo("500");
            s.execute("CREATE TABLE alice_notes (note text)");
            s.execute("INSERT INTO alice_notes VALUES ('checked')");
            s.execute("DROP TABLE alice_notes");
        }
    }

    @Test
    void bobReadsButNeitherWritesNorBecomesTheDba() throws SQLException {
        try (Connection bob = login("bob"); Statement s = bob.createStatement()) {
            assertThat(one(s, "SELECT count(*) FROM orders")).isEqualTo("500");
            assertRefused(s, "INSERT INTO orders (customer, amount) VALUES ('bob', 1)");
            assertRefused(s, "CREATE TABLE bob_table (x int)");
            assertRefused(s, "SET ROLE dba_role");
        }
    }

    @Test
    void carolStartsReadOnlyAndStaysUnableToWriteAfterTurningTheSettingOff() throws SQLException {
        try (Connection carol = login("carol"); Statement s = carol.createStatement()) {
            assertThat(one(s, "SHOW transaction_read_only")).isEqualTo("on");
            assertThatThrownBy(() -> s.execute("INSERT INTO orders (customer, amount) VALUES ('carol', 1)"))
                    .isInstanceOfSatisfying(PSQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("25006"));

            s.execute("SET default_transaction_read_only = off");
            assertThat(one(s, "SHOW transaction_read_only")).isEqualTo("off");
            assertRefused(s, "INSERT INTO orders (customer, amount) VALUES ('carol', 1)");
            assertRefused(s, "CREATE TABLE carol_table (x int)");
            assertRefused(s, "SET ROLE analyst_role");
            assertThat(one(s, "SELECT count(*) FROM orders")).isEqualTo("500");
        }
    }

    @Test
    void daveAndErinAreRefused() {
        for (String user : new String[] {"dave", "erin"}) {
            assertThatThrownBy(() -> login(user).close()).as(user)
                    .isInstanceOfSatisfying(PSQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        }
    }

    private static void assertRefused(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql)
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Connection login(String user) throws SQLException {
        DemoEnvironment.DemoLogin person = demo.logins().stream().filter(l -> l.user().equals(user)).findFirst()
                .orElseThrow();
        InetSocketAddress at = demo.engine().listenAddress();
        Properties p = new Properties();
        p.setProperty("user", person.user());
        p.setProperty("password", person.password());
        p.setProperty("sslmode", "require");
        return DriverManager.getConnection("jdbc:postgresql://" + at.getHostString() + ":" + at.getPort() + "/"
                + DemoEnvironment.DATABASE, p);
    }
}
