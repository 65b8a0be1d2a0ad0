package io.rolegate.engine.testbed;

import io.rolegate.engine.tls.PemFiles;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Certificates for tests: a CA, server certificates it signs, self-signed ones, and the files PostgreSQL or the
 * listener config expect. Everything is generated in memory with BouncyCastle; nothing is read from fixtures, so
 * no test depends on a certificate that expires.
 *
 * <pre>{@code
 * Authority ca = TestCertificates.authority("Test CA");
 * Issued server = ca.issue(KeyType.EC, "localhost", "127.0.0.1");
 * PemSet pem = server.writePem(dir);                       // server.crt, server.key (0600), ca.crt
 * PemSet pg = TestCertificates.writeForPostgres(pgData, server); // then ssl=on
 * }</pre>
 */
public final class TestCertificates {

    public enum KeyType { EC, RSA }

    /** How a key file is written: the forms operators bring, including ones the engine must refuse. */
    public enum KeyFormat {
        /** "BEGIN PRIVATE KEY". */
        PKCS8,
        /** "BEGIN RSA PRIVATE KEY" (PKCS#1) or "BEGIN EC PRIVATE KEY" (SEC1), as older OpenSSL writes them. */
        TRADITIONAL,
        /** "BEGIN ENCRYPTED PRIVATE KEY". */
        ENCRYPTED_PKCS8,
        /** "BEGIN RSA PRIVATE KEY" with "Proc-Type: 4,ENCRYPTED". */
        ENCRYPTED_TRADITIONAL
    }

    /** The files of one server identity; {@code ca} is the issuer (the certificate itself when self-signed). */
    public record PemSet(Path certificate, Path key, Path ca) {
    }

    /** A certificate, its private key and the certificate that signed it. */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

        /** Writes {@code server.crt}, {@code server.key} (PKCS#8, 0600) and {@code ca.crt} into {@code dir}. */
        public PemSet writePem(Path dir) {
            return write(dir, "server.crt", "server.key", "ca.crt", this);
        }

        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal().getName() + "]";
        }
    }

    /** A certificate authority that signs server certificates. */
    public static final class Authority {
        private final X509Certificate certificate;
        private final PrivateKey key;

        private Authority(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** A server certificate valid from an hour ago for a year; IP literals become IP SANs, the rest DNS. */
        public Issued issue(KeyType type, String... names) {
            Instant now = Instant.now();
            return issue(type, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), names);
        }

        public Issued issue(KeyType type, Instant notBefore, Instant notAfter, String... names) {
            KeyPair pair = keyPair(type);
            X500Name subject = new X500Name("CN=" + (names.length > 0 ? names[0] : "server"));
            X509Certificate cert = sign(subject, pair.getPublic(), notBefore, notAfter, names, false,
                    new X500Name(certificate.getSubjectX500Principal().getName()), key);
            return new Issued(cert, pair.getPrivate(), certificate);
        }

        /**
         * A client certificate (clientAuth) with an RSA key, for {@code subject} (e.g. {@code CN=alice,O=Example})
         * and the given e-mail subject alternative names.
         */
        public Issued issueClient(String subject, String... emails) {
            KeyPair pair = keyPair(KeyType.RSA);
            GeneralName[] names = new GeneralName[emails.length];
            for (int i = 0; i < emails.length; i++) {
                names[i] = new GeneralName(GeneralName.rfc822Name, emails[i]);
            }
            Instant now = Instant.now();
            X509Certificate cert = sign(new X500Name(subject), pair.getPublic(), now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(30)), names.length == 0 ? null : new GeneralNames(names), false,
                    KeyPurposeId.id_kp_clientAuth, new X500Name(certificate.getSubjectX500Principal().getName()), key);
            return new Issued(cert, pair.getPrivate(), certificate);
        }

        /**
         * A revocation list of this CA naming {@code revoked}, issued an hour ago and current until
         * {@code nextUpdate}, written as PEM to {@code file}.
         */
        public Path writeCrl(Path file, Instant nextUpdate, X509Certificate... revoked) {
            try {
                Instant now = Instant.now();
                var builder = new org.bouncycastle.cert.X509v2CRLBuilder(
                        new X500Name(certificate.getSubjectX500Principal().getName()),
                        java.util.Date.from(now.minus(Duration.ofHours(1))));
                builder.setNextUpdate(java.util.Date.from(nextUpdate));
                for (X509Certificate c : revoked) {
                    builder.addCRLEntry(c.getSerialNumber(), java.util.Date.from(now.minus(Duration.ofMinutes(5))),
                            org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
                }
                var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
                java.security.cert.X509CRL crl = new org.bouncycastle.cert.jcajce.JcaX509CRLConverter()
                        .getCRL(holder);
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                     JcaPEMWriter pem = new JcaPEMWriter(w)) {
                    pem.writeObject(crl);
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes this CA's certificate, e.g. as a client's root.crt. */
        public Path writeCertificate(Path file) {
            return TestCertificates.writeCertificate(file, certificate);
        }
    }

    // Only for writing encrypted test keys: the JDK lacks OpenSSL's key derivation. The engine never decrypts.
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private TestCertificates() {
    }

    public static Authority authority(String commonName) {
        KeyPair pair = keyPair(KeyType.EC);
        X500Name name = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        X509Certificate cert = sign(name, pair.getPublic(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(3650)), new String[0], true, name, pair.getPrivate());
        return new Authority(cert, pair.getPrivate());
    }

    /** A self-signed server certificate for the given names, its own issuer. */
    public static Issued selfSigned(KeyType type, String... names) {
        KeyPair pair = keyPair(type);
        X500Name subject = new X500Name("CN=" + (names.length > 0 ? names[0] : "server"));
        Instant now = Instant.now();
        X509Certificate cert = sign(subject, pair.getPublic(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(365)), names, false, subject, pair.getPrivate());
        return new Issued(cert, pair.getPrivate(), cert);
    }

    /**
     * Writes {@code server.crt}, {@code server.key} and {@code root.crt} into a PostgreSQL data directory. The key
     * is 0600 because the server refuses to start with a group/world-readable key. Then run PostgreSQL with
     * {@code ssl=on} (ssl_cert_file and ssl_key_file default to these names); clients use {@code root.crt} as
     * sslrootcert.
     */
    public static PemSet writeForPostgres(Path dataDir, Issued server) {
        return write(dataDir, "server.crt", "server.key", "root.crt", server);
    }

    public static Path writeCertificate(Path file, X509Certificate certificate) {
        try {
            PemFiles.writeCertificates(file, List.of(certificate));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a key (0600) in the given format; encrypted formats use the passphrase "secret". */
    public static Path writeKey(Path file, PrivateKey key, KeyFormat format) {
        char[] passphrase = "secret".toCharArray();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            switch (format) {
                case PKCS8 -> pem.writeObject(new JcaPKCS8Generator(key, null));
                case TRADITIONAL -> pem.writeObject(traditional(key));
                case ENCRYPTED_PKCS8 -> pem.writeObject(new JcaPKCS8Generator(key,
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC).setPassword(passphrase).build()));
                case ENCRYPTED_TRADITIONAL -> pem.writeObject(new JcaMiscPEMGenerator(key,
                        new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(passphrase)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot encrypt a test key", e);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * PKCS#1 for RSA; for EC the SEC1 form OpenSSL writes, with the curve and public key inside. BouncyCastle's own
     * writer leaves both out when the JDK made the key, which neither OpenSSL nor the JDK can load back.
     */
    private static PemObject traditional(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        if (key instanceof ECPrivateKey ec) {
            X9ECParameters curve = ECNamedCurveTable.getByName("secp256r1");
            DERBitString publicKey = new DERBitString(curve.getG().multiply(ec.getS()).normalize().getEncoded(false));
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(curve.getN().bitLength(), ec.getS(), publicKey,
                    info.getPrivateKeyAlgorithm().getParameters());
            return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
        }
        return new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
    }

    private static PemSet write(Path dir, String certName, String keyName, String caName, Issued issued) {
        try {
            Files.createDirectories(dir);
            Path key = dir.resolve(keyName);
            PemFiles.writePrivateKey(key, issued.key());
            return new PemSet(writeCertificate(dir.resolve(certName), issued.certificate()), key,
                    writeCertificate(dir.resolve(caName), issued.issuer()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KeyPair keyPair(KeyType type) {
        try {
            if (type == KeyType.RSA) {
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(2048);
                return rsa.generateKeyPair();
            }
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            return ec.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + type + " keys", e);
        }
    }

    private static X509Certificate sign(X500Name subject, PublicKey publicKey, Instant notBefore, Instant notAfter,
                                        String[] names, boolean ca, X500Name issuer, PrivateKey issuerKey) {
        return sign(subject, publicKey, notBefore, notAfter, names.length > 0 ? alternativeNames(names) : null, ca,
                KeyPurposeId.id_kp_serverAuth, issuer, issuerKey);
    }

    private static X509Certificate sign(X500Name subject, PublicKey publicKey, Instant notBefore, Instant notAfter,
                                        GeneralNames names, boolean ca, KeyPurposeId purpose, X500Name issuer,
                                        PrivateKey issuerKey) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(127, new SecureRandom()), Date.from(notBefore), Date.from(notAfter), subject,
                    publicKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test certificate for " + subject, e);
        }
    }

    private static GeneralNames alternativeNames(String[] names) {
        GeneralName[] general = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            boolean ip = names[i].matches("[0-9.]+") || names[i].contains(":");
            general[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
        }
        return new GeneralNames(general);
    }
}
