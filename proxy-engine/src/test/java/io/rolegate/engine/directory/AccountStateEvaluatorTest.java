package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.util.StaticUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static io.rolegate.engine.directory.AccountState.Status.DENIED_BY_FILTER;
import static io.rolegate.engine.directory.AccountState.Status.DISABLED;
import static io.rolegate.engine.directory.AccountState.Status.EXPIRED;
import static io.rolegate.engine.directory.AccountState.Status.LOCKED;
import static io.rolegate.engine.directory.AccountState.Status.UNREADABLE;
import static io.rolegate.engine.directory.AccountState.Status.USABLE;
import static io.rolegate.engine.directory.DirectoryFlavour.ACTIVE_DIRECTORY;
import static io.rolegate.engine.directory.DirectoryFlavour.DS389;
import static io.rolegate.engine.directory.DirectoryFlavour.GENERIC;
import static io.rolegate.engine.directory.DirectoryFlavour.OPENLDAP;
import static org.assertj.core.api.Assertions.assertThat;

class AccountStateEvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static Entry user(String... attributes) {
        Entry e = new Entry("uid=u,ou=people,dc=example,dc=org");
        e.addAttribute("objectClass", "person");
        e.addAttribute("uid", "u");
        for (int i = 0; i < attributes.length; i += 2) {
            e.addAttribute(attributes[i], attributes[i + 1]);
        }
        return e;
    }

    private static AccountState eval(DirectoryFlavour flavour, Entry e) {
        return AccountStateEvaluator.evaluate(e, NOW, flavour, null);
    }

    private static String ticks(Instant i) {
        return Long.toString(AccountStateEvaluator.toFileTime(i));
    }

    @Test
    void plainEntryIsUsableForEveryFlavour() {
        for (DirectoryFlavour f : DirectoryFlavour.values()) {
            assertThat(eval(f, user()).status()).as(f.name()).isEqualTo(USABLE);
        }
    }

    @Test
    void fileTimeEpochIs1601() {
        assertThat(AccountStateEvaluator.fromFileTime(0)).isEqualTo(Instant.parse("1601-01-01T00:00:00Z"));
        assertThat(AccountStateEvaluator.fromFileTime(116_444_736_000_000_000L)).isEqualTo(Instant.EPOCH);
        assertThat(AccountStateEvaluator.fromFileTime(116_444_736_000_000_001L)).isEqualTo(Instant.ofEpochSecond(0, 100));
    }

    @Test
    void adDisabledBitDisables() {
        assertThat(eval(ACTIVE_DIRECTORY, user("userAccountControl", "514")).status()).isEqualTo(DISABLED);
        assertThat(eval(ACTIVE_DIRECTORY, user("userAccountControl", "2")).status()).isEqualTo(DISABLED);
        assertThat(eval(ACTIVE_DIRECTORY, user("userAccountControl", "512")).status()).isEqualTo(USABLE);
        assertThat(eval(ACTIVE_DIRECTORY, user("userAccountControl", "66048")).status()).isEqualTo(USABLE);
        assertThat(eval(ACTIVE_DIRECTORY, user("userAccountControl", "66050")).reason())
                .contains("disabled").contains("userAccountControl");
    }

    @Test
    void adAccountExpiresNeverValues() {
        assertThat(eval(ACTIVE_DIRECTORY, user("accountExpires", "0")).status()).isEqualTo(USABLE);
        assertThat(eval(ACTIVE_DIRECTORY, user("accountExpires", "9223372036854775807")).status()).isEqualTo(USABLE);
    }

    @Test
    void adAccountExpiresBoundaries() {
        Instant oneTickBefore = NOW.minusNanos(100);
        Instant oneTickAfter = NOW.plusNanos(100);
        assertThat(eval(ACTIVE_DIRECTORY, user("accountExpires", ticks(oneTickAfter))).status()).isEqualTo(USABLE);
        assertThat(eval(ACTIVE_DIRECTORY, user("accountExpires", ticks(NOW))).status()).isEqualTo(EXPIRED);
        AccountState past = eval(ACTIVE_DIRECTORY, user("accountExpires", ticks(oneTickBefore)));
        assertThat(past.status()).isEqualTo(EXPIRED);
        assertThat(past.since()).contains(oneTickBefore);
    }

    @Test
    void adLockoutTime() {
        assertThat(eval(ACTIVE_DIRECTORY, user("lockoutTime", "0")).status()).isEqualTo(USABLE);
        Instant at = Instant.parse("2026-02-28T08:00:00Z");
        AccountState locked = eval(ACTIVE_DIRECTORY, user("lockoutTime", ticks(at)));
        assertThat(locked.status()).isEqualTo(LOCKED);
        assertThat(locked.since()).contains(at);
    }

    @Test
    void adGarbageFailsClosed() {
        assertThat(eval(ACTIVE_DIRECTORY, user("userAccountControl", "x")).status()).isEqualTo(UNREADABLE);
        assertThat(eval(ACTIVE_DIRECTORY, user("accountExpires", "soon")).status()).isEqualTo(UNREADABLE);
        assertThat(eval(ACTIVE_DIRECTORY, user("lockoutTime", "-")).status()).isEqualTo(UNREADABLE);
    }

    @Test
    void ppolicyLockedForGood() {
        AccountState s = eval(OPENLDAP, user("pwdAccountLockedTime", "000001010000Z"));
        assertThat(s.status()).isEqualTo(LOCKED);
        assertThat(s.since()).isEmpty();
        assertThat(s.reason()).contains("until unlocked");
    }

    @Test
    void ppolicyLockTimeBoundaries() {
        String atNow = StaticUtils.encodeGeneralizedTime(Date.from(NOW));
        String past = StaticUtils.encodeGeneralizedTime(Date.from(NOW.minusSeconds(1)));
        String future = StaticUtils.encodeGeneralizedTime(Date.from(NOW.plusSeconds(1)));
        assertThat(eval(OPENLDAP, user("pwdAccountLockedTime", past)).status()).isEqualTo(LOCKED);
        assertThat(eval(OPENLDAP, user("pwdAccountLockedTime", atNow)).status()).isEqualTo(LOCKED);
        assertThat(eval(OPENLDAP, user("pwdAccountLockedTime", future)).status()).isEqualTo(USABLE);
        assertThat(eval(OPENLDAP, user("pwdAccountLockedTime", "20260301120000Z")).since()).contains(NOW);
        assertThat(eval(OPENLDAP, user("pwdAccountLockedTime", "yesterday")).status()).isEqualTo(UNREADABLE);
    }

    @Test
    void nsAccountLock() {
        assertThat(eval(DS389, user("nsAccountLock", "TRUE")).status()).isEqualTo(LOCKED);
        assertThat(eval(DS389, user("nsAccountLock", "true")).status()).isEqualTo(LOCKED);
        assertThat(eval(DS389, user("nsAccountLock", "FALSE")).status()).isEqualTo(USABLE);
    }

    @Test
    void signalsAreReadOnlyForTheirFlavourExceptGeneric() {
        Entry e = user("userAccountControl", "514");
        assertThat(eval(OPENLDAP, e).status()).isEqualTo(USABLE);
        assertThat(eval(GENERIC, e).status()).isEqualTo(DISABLED);
        Entry p = user("pwdAccountLockedTime", "000001010000Z");
        assertThat(eval(ACTIVE_DIRECTORY, p).status()).isEqualTo(USABLE);
        assertThat(eval(GENERIC, p).status()).isEqualTo(LOCKED);
        assertThat(eval(GENERIC, user("nsAccountLock", "TRUE")).status()).isEqualTo(LOCKED);
    }

    @Test
    void denyFilterDeniesMatchingEntries() throws Exception {
        Filter deny = Filter.create("(employeeType=contractor)");
        AccountState s = AccountStateEvaluator.evaluate(user("employeeType", "contractor"), NOW, OPENLDAP, deny);
        assertThat(s.status()).isEqualTo(DENIED_BY_FILTER);
        assertThat(s.reason()).contains("(employeeType=contractor)");
        assertThat(AccountStateEvaluator.evaluate(user("employeeType", "staff"), NOW, OPENLDAP, deny).status())
                .isEqualTo(USABLE);
    }

    @Test
    void flavourSignalWinsOverDenyFilterAndUnevaluableFilterFailsClosed() throws Exception {
        Filter deny = Filter.create("(employeeType=contractor)");
        Entry both = user("employeeType", "contractor", "nsAccountLock", "TRUE");
        assertThat(AccountStateEvaluator.evaluate(both, NOW, DS389, deny).status()).isEqualTo(LOCKED);
        Filter extensible = Filter.create("(member:1.2.840.113556.1.4.1941:=cn=x)");
        assertThat(AccountStateEvaluator.evaluate(user(), NOW, OPENLDAP, extensible).status()).isEqualTo(UNREADABLE);
    }
}
