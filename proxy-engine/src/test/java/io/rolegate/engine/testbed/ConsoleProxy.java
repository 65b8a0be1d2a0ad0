package io.rolegate.engine.testbed;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.config.ConsoleConfig;
import io.rolegate.engine.config.RolegateConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * A directory-mode proxy with console logins, as the console runs it: the test directory's dba group administers,
 * readers may only look (alice administers, bob and carol look). For tests of what the door lets a console user do.
 */
public final class ConsoleProxy implements AutoCloseable {
    private final TestDirectory ldap;
    private final TestProxy proxy;

    private ConsoleProxy(TestDirectory ldap, TestProxy proxy) {
        this.ldap = ldap;
        this.proxy = proxy;
    }

    public static ConsoleProxy start(Path dataDir) throws Exception {
        TestDirectory ldap = TestDirectory.start();
        try {
            return new ConsoleProxy(ldap, TestProxy.start(dataDir, c -> DirectoryProxies.directoryMode(ldap,
                    DirectoryProxies.MAPPINGS, false).apply(c).withConsole(new ConsoleConfig(
                    TestDirectory.groupDn("dba"), TestDirectory.groupDn("readers")))));
        } catch (RuntimeException e) {
            ldap.close();
            throw e;
        }
    }

    /** The auditor group the directory gets in {@link #withAuditors}: carol, through sec-team. */
    public static final String AUDITORS = TestDirectory.groupDn("security");

    /**
     * As {@link #start}, with {@code console.auditorGroup} = {@link #AUDITORS}: carol (in no other console group)
     * audits through cn=sec-team; alice administers without auditing; bob only looks. {@code tweak} has the last
     * word on the configuration (query capture, say).
     */
    public static ConsoleProxy withAuditors(Path dataDir, UnaryOperator<RolegateConfig> tweak) throws Exception {
        TestDirectory ldap = TestDirectory.start();
        try {
            String team = TestDirectory.groupDn("sec-team");
            ldap.server().add("dn: " + team, "objectClass: groupOfNames", "cn: sec-team",
                    "member: " + TestDirectory.userDn("carol"));
            ldap.server().add("dn: " + AUDITORS, "objectClass: groupOfNames", "cn: security", "member: " + team);
            return new ConsoleProxy(ldap, TestProxy.start(dataDir, c -> tweak.apply(DirectoryProxies.directoryMode(
                    ldap, DirectoryProxies.MAPPINGS, false).apply(c).withConsole(new ConsoleConfig(
                    TestDirectory.groupDn("dba"), TestDirectory.groupDn("readers"), AUDITORS)))));
        } catch (RuntimeException e) {
            ldap.close();
            throw e;
        }
    }

    /**
     * As {@link #withAuditors}, recording the sessions of cn=data-team's members (alice, who is in dba through it):
     * for tests of what auditors read.
     */
    public static ConsoleProxy recordingDataTeam(Path dataDir) throws Exception {
        var record = new io.rolegate.engine.config.RecordingConfig(java.util.List.of(TestDirectory.groupDn(
                "data-team")), java.util.List.of());
        return withAuditors(dataDir, c -> c.withAccess(c.access().withRecording(record)));
    }

    /** A pgjdbc session of {@code user} through the proxy with extra connection properties. */
    public Connection session(String user, Properties extra) throws Exception {
        Properties p = DirectoryProxies.tls();
        p.putAll(extra);
        return proxy.connect(user, TestDirectory.password(user), p);
    }

    public Engine engine() {
        return proxy.engine();
    }

    /** The directory behind it, to change memberships while logins last. */
    public TestDirectory directory() {
        return ldap;
    }

    /** {@code user}'s console login on {@code engine} (this proxy's, or a successor of it). */
    public static ConsoleIdentity login(Engine engine, String user) {
        return engine.directory().consoleLogin(user, TestDirectory.password(user).toCharArray());
    }

    /** A pgjdbc session of {@code user} through the proxy (TLS, directory password). */
    public Connection session(String user) throws Exception {
        return DirectoryProxies.login(proxy, user, TestDirectory.password(user));
    }

    @Override
    public void close() {
        proxy.close();
        ldap.close();
    }
}
