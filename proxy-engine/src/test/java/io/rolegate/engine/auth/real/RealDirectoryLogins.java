package io.rolegate.engine.auth.real;

import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.testbed.TestProxy;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A proxy in directory mode over a real directory server, and pgjdbc logins through it over TLS. */
final class RealDirectoryLogins {
    /** Bounds every login: a hung directory must fail the test, not stall the build. */
    static final int LOGIN_TIMEOUT_SECONDS = 30;

    private RealDirectoryLogins() {
    }

    /** Directory auth against {@code settings}, TLS with a self-signed certificate, no extra policies. */
    static UnaryOperator<RolegateConfig> directoryMode(DirectorySettings settings, List<Mapping> mappings) {
        return io.rolegate.engine.testbed.DirectoryProxies.directoryMode(settings, mappings);
    }

    static Connection login(TestProxy proxy, String user, String password) throws Exception {
        Properties p = new Properties();
        p.setProperty("sslmode", "require");
        p.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        return proxy.connect(user, password, p);
    }

    /** The login must be refused; returns the driver's exception for the caller's checks on it. */
    static PSQLException refused(TestProxy proxy, String user, String password, String sqlState) {
        PSQLException e = catchThrowableOfType(PSQLException.class, () -> login(proxy, user, password).close());
        assertThat((Object) e).as("login of %s must be refused with %s", user, sqlState).isNotNull();
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState);
        return e;
    }
}
