package io.rolegate.engine.auth.identity;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.RealServers;
import io.rolegate.engine.testbed.SlapdServer;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Set;

import static io.rolegate.engine.testbed.SlapdServer.GROUPS;
import static io.rolegate.engine.testbed.SlapdServer.PEOPLE;
import static io.rolegate.engine.testbed.DirectoryProxies.login;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The confirmed attack, replayed on a real OpenLDAP slapd (ppolicy lock, syncrepl watcher) and real
 * PostgreSQL: log in as {@code IDLOCK} (and other spellings), get locked in the directory, try again under every
 * spelling. On the code before this change the {@code IDLOCK} login came back from the cache and set the role to
 * LOGIN again.
 */
class SlapdTypedNameAttackTest {
    private static final String ANALYSTS = "cn=analysts," + GROUPS;
    private static final String USER = "uid=idlock," + PEOPLE;
    private static final String PASSWORD = "idlock-Pw1";
    private static final List<String> SPELLINGS = List.of("IDLOCK", "IdLock", "idlock");

    private static SlapdServer slapd;
    @TempDir
    static Path dataDir;
    private static TestProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        RealServers.requireOrSkip(SlapdServer.installed(), "slapd is not installed (apt-get install slapd)");
        slapd = SlapdServer.create();
        try (LDAPConnection admin = slapd.admin()) {
            admin.add("dn: " + USER, "objectClass: inetOrgPerson", "uid: idlock", "cn: idlock", "sn: idlock",
                    "userPassword: " + PASSWORD);
            admin.add("dn: " + ANALYSTS, "objectClass: groupOfNames", "cn: analysts", "member: " + USER);
            proxy = LiveSessions.startWatching(dataDir, slapd.settings(), WatchMode.SYNCREPL,
                    List.of(new Mapping(ANALYSTS, Set.of("analyst_role"))),
                    () -> admin.modify(ANALYSTS, new Modification(ModificationType.REPLACE, "description",
                            "warm-up " + System.nanoTime())));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void aUserLockedAfterLoggingInUnderAnotherSpellingStaysOut() throws Exception {
        for (String spelling : SPELLINGS) {
            for (int i = 0; i < 2; i++) { // the second login is answered from the login cache
                try (Connection c = login(proxy, spelling, PASSWORD)) {
                    assertThat(one(c, "select current_user")).isEqualTo("idlock");
                }
            }
        }
        try (LDAPConnection admin = slapd.admin()) {
            admin.modify(USER, new Modification(ModificationType.REPLACE, "pwdAccountLockedTime", "000001010000Z"));
        }
        LiveSessions.assertRoleLocked(proxy, "idlock");
        for (String spelling : SPELLINGS) {
            // ppolicy refuses a locked account's bind whatever the password: the proxy says 28P01 (see Directory)
            assertThatThrownBy(() -> login(proxy, spelling, PASSWORD).close()).as("login as " + spelling)
                    .isInstanceOfSatisfying(PSQLException.class,
                            e -> assertThat(e.getSQLState()).isIn("28000", "28P01"));
        }
        LiveSessions.assertRoleLocked(proxy, "idlock");
    }
}
