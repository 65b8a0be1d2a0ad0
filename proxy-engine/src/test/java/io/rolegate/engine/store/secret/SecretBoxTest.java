package io.rolegate.engine.store.secret;

import io.rolegate.engine.store.common.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    private static final String KEY_A = Base64.getEncoder().encodeToString(bytes(1));
    private static final String KEY_B = Base64.getEncoder().encodeToString(bytes(2));
    private static final String SECRET = "s3cr3t \"pässwörd\" 🔑";

    @TempDir
    Path dir;

    @Test
    void sealedSecretsOpenAgainAndNeverRepeatTheirCiphertext() {
        SecretBox box = box(KEY_A);

        String first = box.seal("directory.bindPassword", SECRET);
        String second = box.seal("directory.bindPassword", SECRET);

        assertThat(first).startsWith(SecretBox.PREFIX).doesNotContain("s3cr3t");
        assertThat(first).isNotEqualTo(second);
        assertThat(SecretBox.isSealed(first)).isTrue();
        assertThat(SecretBox.isSealed(SECRET)).isFalse();
        assertThat(box.open("directory.bindPassword", first)).isEqualTo(SECRET);
        assertThat(box(KEY_A).open("directory.bindPassword", second)).isEqualTo(SECRET);
    }

    @Test
    void anAlteredValueIsRefused() {
        SecretBox box = box(KEY_A);
        String sealed = box.seal("upstream.adminPassword", SECRET);
        char[] chars = sealed.toCharArray();
        int i = SecretBox.PREFIX.length() + 20;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';

        assertThatThrownBy(() -> box.open("upstream.adminPassword", new String(chars)))
                .isInstanceOf(StoreException.class).hasMessageContaining("the stored value was altered");
    }

    @Test
    void aValueSealedForOnePurposeDoesNotOpenAsAnother() {
        SecretBox box = box(KEY_A);
        String sealed = box.seal("directory.bindPassword", SECRET);

        assertThatThrownBy(() -> box.open("upstream.adminPassword", sealed)).isInstanceOf(StoreException.class);
    }

    @Test
    void theWrongKeyIsRefusedNamingWhereTheKeyCameFrom() {
        String sealed = box(KEY_A).seal("p", SECRET);

        assertThatThrownBy(() -> box(KEY_B).open("p", sealed))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the master key (from the environment variable ROLEGATE_MASTER_KEY) is not")
                .hasMessageNotContaining(KEY_A).hasMessageNotContaining(KEY_B);
    }

    @Test
    void unknownOrNewerFormatsAndDamageAreNamed() {
        SecretBox box = box(KEY_A);
        assertThatThrownBy(() -> box.open("p", "rg9:abc")).hasMessageContaining("encrypted by a newer Rolegate");
        assertThatThrownBy(() -> box.open("p", "plain")).hasMessageContaining("not in a format");
        assertThatThrownBy(() -> box.open("p", "rg1:AAAA")).hasMessageContaining("too short");
        assertThatThrownBy(() -> box.open("p", "rg1:***")).hasMessageContaining("not valid base64");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithoutQuotingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> MasterKey.resolve(Map.of(MasterKey.ENV, shortKey), null))
                .isInstanceOf(StoreException.class).hasMessageContaining("must be 32 bytes")
                .hasMessageContaining("16 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> MasterKey.resolve(Map.of(MasterKey.ENV, "not-base64!"), null))
                .hasMessageContaining("not valid base64").hasMessageNotContaining("not-base64!");
        assertThatThrownBy(() -> MasterKey.resolve(Map.of(), null)).hasMessageContaining("no master key: set "
                + MasterKey.ENV);
    }

    @Test
    void aKeyFileReadableByOthersIsRefusedWithTheFix() throws Exception {
        Path file = dir.resolve("master.key");
        Files.writeString(file, KEY_A + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MasterKey.fromFile(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("accessible to group or others (rw-r--r--)")
                .hasMessageContaining("chmod 600 " + file);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String sealed = new SecretBox(MasterKey.fromFile(file)).seal("p", SECRET);
        assertThat(box(KEY_A).open("p", sealed)).isEqualTo(SECRET);
    }

    @Test
    void theEnvironmentWinsOverTheKeyFile() throws Exception {
        Path file = dir.resolve("created.key");
        MasterKey.createKeyFile(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        MasterKey key = MasterKey.resolve(Map.of(MasterKey.ENV, KEY_A), file);

        assertThat(key.origin()).isEqualTo("the environment variable " + MasterKey.ENV);
        assertThat(MasterKey.resolve(Map.of(), file).origin()).isEqualTo("the key file " + file);
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        MasterKey key = MasterKey.resolve(Map.of(MasterKey.ENV, KEY_A), null);
        SecretBox box = new SecretBox(key);

        assertThat(key.toString()).doesNotContain(KEY_A).contains("ROLEGATE_MASTER_KEY");
        assertThat(box.toString()).doesNotContain(KEY_A).isEqualTo(
                "SecretBox[AES-256-GCM, key from the environment variable ROLEGATE_MASTER_KEY]");
    }

    private static SecretBox box(String base64Key) {
        return new SecretBox(MasterKey.resolve(Map.of(MasterKey.ENV, base64Key), null));
    }

    private static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }
}
