package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.policy.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code listen.proxyProtocol} and {@code limits.drainDelay}: defaults, reading, refusals, export and back. */
class ProxyProtocolConfigTest {
    @TempDir
    Path dir;

    private RolegateConfig load(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).load(yaml, "test.yaml", dir);
    }

    @Test
    void offByDefaultAndADrainOfFiveSeconds() {
        RolegateConfig d = load("");
        assertThat(d.listen().proxyProtocol().enabled()).isFalse();
        assertThat(d.limits().drainDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ConfigWriter.toYaml(d)).doesNotContain("proxyProtocol");
    }

    @Test
    void trustedProxiesAndDrainDelayAreReadAndWrittenBack() throws Exception {
        RolegateConfig c = load("""
                listen:
                  proxyProtocol:
                    trustedProxies: [10.0.0.5/32, "2001:db8::/64", 192.0.2.9]
                limits: {drainDelay: 0s}
                """);
        ProxyProtocolConfig p = c.listen().proxyProtocol();
        assertThat(p.trustedProxies()).containsExactly(Cidr.parse("10.0.0.5/32"), Cidr.parse("2001:db8::/64"),
                Cidr.parse("192.0.2.9"));
        assertThat(p.trusts(InetAddress.getByName("10.0.0.5"))).isTrue();
        assertThat(p.trusts(InetAddress.getByName("10.0.0.6"))).isFalse();
        assertThat(p.trusts(InetAddress.getByName("2001:db8::17"))).isTrue();
        assertThat(c.limits().drainDelay()).isZero();
        assertThat(load(ConfigWriter.toYaml(c))).isEqualTo(c);
    }

    @Test
    void everywhereAnEmptyListAndWhatIsNoAddressAreProblemsNamingTheKey() {
        assertThatThrownBy(() -> load("listen: {proxyProtocol: {trustedProxies: [0.0.0.0/0]}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listen.proxyProtocol.trustedProxies")
                .hasMessageContaining("would trust every address");
        assertThatThrownBy(() -> load("listen: {proxyProtocol: {trustedProxies: [\"::/0\"]}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("would trust every address");
        assertThatThrownBy(() -> load("listen: {proxyProtocol: {trustedProxies: []}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("name the load balancers");
        assertThatThrownBy(() -> load("listen: {proxyProtocol: {trustedProxies: [lb.example.org]}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lb.example.org")
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> load("listen: {proxyProtocol: {required: true}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("required");
        assertThatThrownBy(() -> load("limits: {drainDelay: 11m}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drainDelay");
    }
}
