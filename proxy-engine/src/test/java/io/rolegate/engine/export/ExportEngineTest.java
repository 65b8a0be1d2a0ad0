package io.rolegate.engine.export;

import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** What the exporter tests against a running engine share: a directory per test, the engine they start, cleanup. */
abstract class ExportEngineTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path certs;
    TestDirectory ldap;
    TestProxy proxy;

    @BeforeEach
    void startDirectory() throws Exception {
        ldap = TestDirectory.start();
    }

    @AfterEach
    void stopEngineAndDirectory() {
        if (proxy != null) {
            proxy.close();
        }
        ldap.close();
    }
}
