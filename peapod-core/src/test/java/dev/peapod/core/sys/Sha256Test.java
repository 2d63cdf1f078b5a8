package dev.peapod.core.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void nativeDigestsEqualTheJdksInPiecesAndAfterReuse() throws Exception {
        assertThat(Sha256.isNative()).as("libcrypto.so.3 (libssl3) is installed on Debian 12").isTrue();
        Random r = new Random(42);
        MessageDigest ours = Sha256.newDigest();
        for (int size : new int[] {0, 1, 55, 64, 65, 4096, 1 << 20}) {
            byte[] data = new byte[size + 10];
            r.nextBytes(data);
            MessageDigest jdk = MessageDigest.getInstance("SHA-256");
            jdk.update(data, 5, size);
            int off = 5;
            while (off < 5 + size) {
                int n = Math.min(1 + r.nextInt(7000), 5 + size - off);
                if (n == 1) {
                    ours.update(data[off]);
                } else {
                    ours.update(data, off, n);
                }
                off += n;
            }
            assertThat(ours.digest()).as("size " + size).isEqualTo(jdk.digest());
        }
        ours.update(new byte[] {1, 2, 3});
        ours.reset();
        assertThat(ours.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest());
    }
}
