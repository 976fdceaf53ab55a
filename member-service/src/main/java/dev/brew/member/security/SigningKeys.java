package dev.brew.member.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Finds the RSA key pair tokens are signed with (see {@link JwtProperties} for where) and names it: the key id is
 * the RFC 7638 thumbprint of the public key, so the same key always has the same {@code kid}, and a new key a new one.
 */
public final class SigningKeys {

    static final String PRIVATE_FILE = "jwt-private.pem";
    static final String PUBLIC_FILE = "jwt-public.pem";
    static final int MIN_BITS = 2048;
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {
    }

    /** The signing key as a JWK with its private half, {@code use=sig}, {@code alg=RS256} and its {@code kid}. */
    public static RSAKey load(JwtProperties properties) {
        try {
            KeyPair pair;
            if (hasText(properties.privateKey())) {
                pair = fromFiles(Path.of(properties.privateKey()),
                        hasText(properties.publicKey()) ? Path.of(properties.publicKey()) : null);
                log.info("Signing tokens with the key from {}", properties.privateKey());
            } else if (hasText(properties.keyDir())) {
                pair = fromDirectory(Path.of(properties.keyDir()));
            } else {
                pair = generate();
                log.warn("""
                        
                        ************************************************************************************
                        No token signing key is configured (BREW_JWT_PRIVATE_KEY or BREW_JWT_KEY_DIR):
                        using an EPHEMERAL key made now. Tokens stop verifying when this process stops and
                        other instances cannot verify them. Fine for tests and a quick local run only.
                        ************************************************************************************""");
            }
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            if (publicKey.getModulus().bitLength() < MIN_BITS) {
                throw new IllegalStateException("The token signing key has " + publicKey.getModulus().bitLength()
                        + " bits; at least " + MIN_BITS + " are required");
            }
            RSAKey key = new RSAKey.Builder(publicKey)
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
            return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the token signing key", e);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("Invalid token signing key", e);
        }
    }

    static KeyPair fromFiles(Path privateFile, Path publicFile) throws IOException, GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                new PKCS8EncodedKeySpec(pem(privateFile, "PRIVATE KEY")));
        RSAPublicKey derived = (RSAPublicKey) rsa.generatePublic(
                new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        if (publicFile != null) {
            RSAPublicKey given = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(pem(publicFile, "PUBLIC KEY")));
            if (!given.getModulus().equals(derived.getModulus())
                    || !given.getPublicExponent().equals(derived.getPublicExponent())) {
                throw new IllegalStateException(publicFile + " is not the public half of " + privateFile);
            }
        }
        return new KeyPair(derived, privateKey);
    }

    /** Reuses the pair in {@code directory}, or makes one there if the directory has none. */
    static KeyPair fromDirectory(Path directory) throws IOException, GeneralSecurityException {
        Path privateFile = directory.resolve(PRIVATE_FILE);
        Path publicFile = directory.resolve(PUBLIC_FILE);
        if (Files.exists(privateFile)) {
            log.info("Signing tokens with the key in {}", directory);
            return fromFiles(privateFile, Files.exists(publicFile) ? publicFile : null);
        }
        Files.createDirectories(directory);
        KeyPair pair = generate();
        // Public half first: a crash in between leaves no private key, so the next start simply generates again.
        write(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
        write(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
        log.info("Generated a new token signing key in {}", directory);
        return pair;
    }

    static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(MIN_BITS);
        return generator.generateKeyPair();
    }

    private static void write(Path file, String type, byte[] der, boolean secret) throws IOException {
        String text = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path temporary = Files.createTempFile(file.getParent(), ".jwt-", ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    log.warn("Cannot restrict the permissions of {} on this file system", file);
                }
            }
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] pem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException(file + " is not a PEM file with a '" + begin + "' block"
                    + ("PRIVATE KEY".equals(type) ? " (convert a PKCS#1 key with: openssl pkcs8 -topk8 -nocrypt)" : ""));
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
