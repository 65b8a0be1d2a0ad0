package io.rolegate.engine.testbed;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.config.ConsoleConfig;

import java.nio.file.Path;
import java.sql.Connection;

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

    public Engine engine() {
        return proxy.engine();
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
