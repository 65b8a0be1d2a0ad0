package io.rolegate.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14 item 1 as {@code config check} sees it: {@code upstream.hosts} and {@code targetSessionAttrs}. */
class UpstreamHostsConfigTest {
    private static final String ADMIN = "  admin:\n    user: rolegate_admin\n    password: ${ROLEGATE_ADMIN_PASSWORD}\n";

    @TempDir
    Path dir;

    private RolegateConfig load(String yaml) {
        return ConfigFixtures.load(yaml, dir);
    }

    private List<String> problems(String yaml) {
        return ConfigFixtures.problems(yaml, dir);
    }

    @Test
    void hostsAreReadAsHostPortTextOrSectionsInTheirOrder() {
        UpstreamConfig up = load("upstream:\n  hosts:\n    - db1.example.org:5433\n    - {host: db2.example.org}\n"
                + "    - '[::1]:6432'\n    - db4\n  targetSessionAttrs: prefer-standby\n  connectTimeout: 3s\n").upstream();
        assertThat(up.hosts()).containsExactly(new UpstreamHost("db1.example.org", 5433),
                new UpstreamHost("db2.example.org", 5432), new UpstreamHost("::1", 6432), new UpstreamHost("db4", 5432));
        assertThat(up.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.PREFER_STANDBY);
        assertThat(up.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(up.host()).as("the first host, for what names one server").isEqualTo("db1.example.org");
    }

    @Test
    void theOlderHostAndPortAreAOneHostListWithTargetAny() {
        UpstreamConfig up = load("upstream:\n  host: db1\n  port: 5433\n").upstream();
        assertThat(up.hosts()).containsExactly(new UpstreamHost("db1", 5433));
        assertThat(up.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.ANY);
    }

    @Test
    void hostsTogetherWithHostIsAClearError() {
        assertThat(problems("upstream:\n  host: db1\n  hosts: [db1:5432, db2:5432]\n")).singleElement().asString()
                .contains("upstream.hosts").contains("either hosts").contains("not both");
    }

    @Test
    void badHostEntriesAreReportedOnTheirLine() {
        assertThat(problems("upstream:\n  hosts:\n    - db1:54x2\n    - {port: 5432}\n    - '[::1'\n    - db1:70000\n"))
                .hasSize(4).anySatisfy(p -> assertThat(p).contains("line 3").contains("not a port number"))
                .anySatisfy(p -> assertThat(p).contains("needs a host"))
                .anySatisfy(p -> assertThat(p).contains("never closes"))
                .anySatisfy(p -> assertThat(p).contains("70000"));
        assertThat(problems("upstream:\n  hosts: []\n")).singleElement().asString().contains("is empty");
        assertThat(problems("upstream:\n  targetSessionAttrs: read-mostly\n")).singleElement().asString()
                .contains("read-write").contains("prefer-standby");
    }

    @Test
    void theAdminConnectionDefaultsToReadWriteAndRefusesAStandbyTarget() {
        assertThat(load("upstream:\n  hosts: [db1, db2]\n" + ADMIN).upstream().admin().targetSessionAttrs())
                .isEqualTo(TargetSessionAttrs.READ_WRITE);
        assertThat(problems("upstream:\n  hosts: [db1, db2]\n" + ADMIN + "    targetSessionAttrs: standby\n"))
                .singleElement().asString().contains("upstream.admin.targetSessionAttrs").contains("accepts writes");
    }

    @Test
    void severalHostsSurviveAnExport() {
        RolegateConfig c = load("upstream:\n  hosts: [db1:5433, '[::1]:6432']\n  targetSessionAttrs: standby\n" + ADMIN
                + "    targetSessionAttrs: primary\n");
        assertThat(load(ConfigWriter.toYaml(c)).upstream()).isEqualTo(c.upstream());
        RolegateConfig one = load("upstream:\n  host: db1\n");
        assertThat(ConfigWriter.toYaml(one)).doesNotContain("hosts");
        assertThat(load(ConfigWriter.toYaml(one)).upstream()).isEqualTo(one.upstream());
    }
}
