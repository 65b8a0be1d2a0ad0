package io.rolegate.engine.tls;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.files.AtomicFile;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the PEM files PostgreSQL operators already have: certificate chains and private keys in PKCS#8,
 * PKCS#1 (RSA) or SEC1 (EC) form. Every failure names the file and the problem, never key material.
 */
public final class PemFiles {

    private PemFiles() {
    }

    // Read as ISO-8859-1 because it never fails to decode: explanatory text around PEM blocks may be any charset.

    /** The certificates of a PEM file, leaf first as PostgreSQL's ssl_cert_file expects. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException e) {
            throw unreadable("certificate", file, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EngineException("certificate file " + file + " holds a certificate Java cannot use: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new EngineException("certificate file " + file
                    + " holds no PEM certificate (expected a \"BEGIN CERTIFICATE\" block)");
        }
        return List.copyOf(chain);
    }

    /**
     * Every certificate revocation list in a file: PEM ("BEGIN X509 CRL" blocks, several in a row) or one DER list.
     * Each failure names the file; the lists' signatures are checked later, against the CA that issued them.
     */
    public static List<java.security.cert.X509CRL> readCrls(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            List<java.security.cert.X509CRL> crls = new ArrayList<>();
            for (java.security.cert.CRL crl : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCRLs(in)) {
                crls.add((java.security.cert.X509CRL) crl);
            }
            if (crls.isEmpty()) {
                throw new EngineException("revocation list file " + file + " holds no CRL (expected \"BEGIN X509"
                        + " CRL\" blocks or one DER list)");
            }
            return List.copyOf(crls);
        } catch (IOException e) {
            throw unreadable("revocation list", file, e);
        } catch (GeneralSecurityException e) {
            throw new EngineException("revocation list file " + file + " is not a CRL Java can read: "
                    + e.getMessage(), e);
        }
    }

    /** The first private key of a PEM file; EC parameter blocks and certificates around it are skipped. */
    public static PrivateKey readPrivateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    // Only the private half: SEC1 keys may omit the optional public key, and then asking for the
                    // pair fails inside BouncyCastle.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new EngineException("key file " + file + " is encrypted with a passphrase; encrypted keys"
                            + " are not supported yet. Decrypt it, e.g. `openssl pkey -in " + file
                            + " -out server.key`, and keep the result readable by this user only");
                }
            }
        } catch (IOException e) {
            throw unreadable("key", file, e);
        } catch (RuntimeException e) {
            // BouncyCastle reports some damaged DER this way; the message describes structure, not key bytes.
            throw new EngineException("key file " + file + " holds a damaged private key: " + e.getMessage(), e);
        }
        throw new EngineException("key file " + file + " holds no PEM private key (expected \"BEGIN PRIVATE KEY\","
                + " \"BEGIN RSA PRIVATE KEY\" or \"BEGIN EC PRIVATE KEY\")");
    }

    /**
     * Whether {@code key} is the private half of the certificate's public key. Proven by signing a random nonce,
     * which works for every key type and needs no public half inside the key file (PKCS#8 EC keys often lack it).
     */
    public static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        String algorithm = signatureAlgorithm(key);
        if (algorithm == null) {
            return false;
        }
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // An EC key against an RSA certificate fails here rather than verifying false: both mean "no match".
            return false;
        }
    }

    /** SHA-256 over the DER certificate, colon-separated like `openssl x509 -fingerprint -sha256`. */
    public static String sha256Fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 or certificate encoding unavailable", e);
        }
    }

    /** Writes certificates as PEM, replacing the file atomically so a crash never leaves half a chain. */
    public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate c : chain) {
                writer.writeObject(c);
            }
        }
        replace(file, text.toString(), false);
    }

    /**
     * Writes an unencrypted PKCS#8 key readable by the owner only (PostgreSQL refuses group/world-readable keys).
     * The permissions are set when the temporary file is created, so the key is never briefly readable by others.
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        replace(file, text.toString(), true);
    }

    /** Creates a directory (and parents) that only the owner may enter, where the file system knows POSIX modes. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (isPosix(dir.toAbsolutePath().getParent())) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static void replace(Path file, String content, boolean ownerOnly) throws IOException {
        // certificates are public and clients copy them (0644); keys are the owner's (0600)
        AtomicFile.replace(file, content.getBytes(StandardCharsets.US_ASCII),
                ownerOnly ? AtomicFile.Readers.OWNER_ONLY : AtomicFile.Readers.EVERYONE);
    }

    private static boolean isPosix(Path existing) {
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "ED25519", "ED448", "EDDSA" -> key.getAlgorithm();
            default -> null;
        };
    }

    private static EngineException unreadable(String what, Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new EngineException(what + " file " + file + " does not exist", e);
        }
        if (e instanceof AccessDeniedException) {
            return new EngineException(what + " file " + file + " cannot be read by this user (permission denied)", e);
        }
        return new EngineException(what + " file " + file + " cannot be read as PEM: " + e.getMessage(), e);
    }
}
