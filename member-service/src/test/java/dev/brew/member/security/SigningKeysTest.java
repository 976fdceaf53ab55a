package dev.brew.member.security;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {

    @TempDir
    Path directory;

    @Test
    void an_empty_key_directory_gets_a_pair_on_first_start_and_the_same_key_after() throws Exception {
        Path keys = directory.resolve("keys");
        RSAKey first = SigningKeys.load(properties(null, null, keys.toString()));
        RSAKey second = SigningKeys.load(properties(null, null, keys.toString()));

        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toRSAPublicKey()).isEqualTo(first.toRSAPublicKey());
        assertThat(first.isPrivate()).isTrue();
        assertThat(first.getModulus().decode()).hasSizeGreaterThanOrEqualTo(256);
        Path privateFile = keys.resolve(SigningKeys.PRIVATE_FILE);
        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        assertThat(Files.readString(keys.resolve(SigningKeys.PUBLIC_FILE))).startsWith("-----BEGIN PUBLIC KEY-----");
        try (var files = Files.list(keys)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void pem_files_named_in_configuration_are_used_and_must_match() throws Exception {
        Path made = directory.resolve("made");
        RSAKey generated = SigningKeys.load(properties(null, null, made.toString()));
        Path privateFile = made.resolve(SigningKeys.PRIVATE_FILE);
        Path publicFile = made.resolve(SigningKeys.PUBLIC_FILE);

        RSAKey loaded = SigningKeys.load(properties(privateFile.toString(), publicFile.toString(), null));
        assertThat(loaded.getKeyID()).isEqualTo(generated.getKeyID());
        RSAKey withoutPublic = SigningKeys.load(properties(privateFile.toString(), " ", null));
        assertThat(withoutPublic.getKeyID()).isEqualTo(generated.getKeyID());

        Path other = directory.resolve("other");
        SigningKeys.load(properties(null, null, other.toString()));
        assertThatThrownBy(() -> SigningKeys.load(properties(privateFile.toString(),
                other.resolve(SigningKeys.PUBLIC_FILE).toString(), null)))
                .hasMessageContaining("is not the public half");
    }

    @Test
    void nothing_configured_means_a_fresh_ephemeral_key_each_time() {
        RSAKey one = SigningKeys.load(properties(null, null, null));
        RSAKey two = SigningKeys.load(properties(null, "", ""));
        assertThat(one.getKeyID()).isNotEqualTo(two.getKeyID());
    }

    @Test
    void a_file_that_is_not_a_pkcs8_key_is_a_clear_start_up_error() throws Exception {
        Path bad = Files.writeString(directory.resolve("bad.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n");
        assertThatThrownBy(() -> SigningKeys.load(properties(bad.toString(), null, null)))
                .hasMessageContaining("openssl pkcs8");
    }

    private static JwtProperties properties(String privateKey, String publicKey, String keyDir) {
        return new JwtProperties("http://member-service", Duration.ofMinutes(15), privateKey, publicKey, keyDir);
    }
}
