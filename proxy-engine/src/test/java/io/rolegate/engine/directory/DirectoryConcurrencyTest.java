package io.rolegate.engine.directory;

import io.rolegate.engine.testbed.TestDirectory;
import com.unboundid.ldap.sdk.OperationType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.rolegate.engine.testbed.TestDirectory.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many logins at once on a pool smaller than the number of workers. If a user bind ever landed on a pooled
 * connection, a later search on that connection would run as that user or, after a failed bind, anonymously,
 * and the mix of right and wrong passwords here would leak into other workers' answers.
 */
class DirectoryConcurrencyTest {
    @Test
    void parallelLoginsEachGetTheirOwnAnswer() throws Exception {
        // Anonymous reads fail here, so a pooled connection that lost its service identity would show.
        try (TestDirectory ldap = TestDirectory.start(java.net.InetAddress.getLoopbackAddress(),
                c -> c.setAuthenticationRequiredOperationTypes(OperationType.SEARCH, OperationType.COMPARE));
             Directory directory = Directory.open(ldap.settings().poolSize(2).build())) {
            ExecutorService workers = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                String[] users = {"alice", "bob", "carol", "judy"};
                for (int i = 0; i < 200; i++) {
                    String user = users[i % users.length];
                    boolean right = i % 3 != 0;
                    results.add(workers.submit(() -> {
                        AuthResult r = directory.authenticate(user, (right ? password(user) : "wrong").toCharArray());
                        if (right) {
                            return r instanceof AuthResult.Authenticated a && a.user().username().equals(user)
                                    && !a.user().groups().isEmpty();
                        }
                        return r instanceof AuthResult.InvalidCredentials;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                workers.shutdownNow();
            }
        }
    }
}
