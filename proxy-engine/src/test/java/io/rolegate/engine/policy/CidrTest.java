package io.rolegate.engine.policy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void ipv4Boundaries() throws Exception {
        Cidr net = Cidr.parse("10.1.2.0/24");
        assertThat(net.contains(ip("10.1.2.0"))).isTrue();
        assertThat(net.contains(ip("10.1.2.255"))).isTrue();
        assertThat(net.contains(ip("10.1.3.0"))).isFalse();
        assertThat(net.contains(ip("10.1.1.255"))).isFalse();
    }

    @Test
    void oddPrefixes() throws Exception {
        Cidr net = Cidr.parse("192.168.0.0/23");
        assertThat(net.contains(ip("192.168.1.200"))).isTrue();
        assertThat(net.contains(ip("192.168.2.0"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("10.0.0.7/32").contains(ip("10.0.0.7"))).isTrue();
        assertThat(Cidr.parse("10.0.0.7").contains(ip("10.0.0.8"))).isFalse();
        assertThat(Cidr.parse("10.0.0.9/29")).isEqualTo(Cidr.parse("10.0.0.8/29"));
    }

    @Test
    void ipv6() throws Exception {
        Cidr net = Cidr.parse("2001:db8::/32");
        assertThat(net.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(net.contains(ip("2001:db9::1"))).isFalse();
        assertThat(Cidr.parse("::1/128").contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("fe80::/10").contains(ip("febf::1"))).isTrue();
        assertThat(Cidr.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
    }

    @Test
    void familiesDoNotMixButMappedIpv4Matches() throws Exception {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(ip("10.0.0.1"))).isFalse();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        assertThat(Cidr.parse("10.0.0.0/8").contains(java.net.Inet6Address.getByAddress(null, mapped, -1))).isTrue();
    }

    @Test
    void rejectsWhatIsNotANetwork() {
        for (String bad : new String[]{"10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "db.example.org", "10.0.0.0/x",
                "", "::/129"}) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property
    void anAddressIsInItsOwnNetworkAndTheNextBlockIsNot(@ForAll int address, @ForAll @IntRange(min = 1, max = 31) int prefix)
            throws Exception {
        InetAddress a = InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(address).array());
        Cidr net = Cidr.parse(a.getHostAddress() + "/" + prefix);
        assertThat(net.contains(a)).isTrue();
        long block = 1L << (32 - prefix);
        long start = (address & 0xffffffffL) & ~(block - 1);
        long next = (start + block) & 0xffffffffL;
        InetAddress outside = InetAddress.getByAddress(ByteBuffer.allocate(4).putInt((int) next).array());
        assertThat(net.contains(outside)).isFalse();
    }
}
