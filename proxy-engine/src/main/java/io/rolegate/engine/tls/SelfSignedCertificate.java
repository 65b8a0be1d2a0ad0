package io.rolegate.engine.tls;

import io.rolegate.engine.api.model.EngineException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificate the listener uses when the operator asked for TLS but brought none. Kept in
 * {@code <dataDir>/tls/} so clients that pinned it (sslrootcert, a fingerprint) keep working across restarts, and
 * renewed a month before it expires so it never lapses on a long-running engine's next restart.
 */
public final class SelfSignedCertificate {

    static final String DIRECTORY = "tls";
    static final String CERTIFICATE_FILE = "self-signed.crt";
    static final String KEY_FILE = "self-signed.key";
    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    // Tolerates a client clock a little behind ours right after generation.
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);

    private SelfSignedCertificate() {
    }

    /** The certificate and key in {@code <dataDir>/tls/}, generated (again) when absent, unusable or expiring. */
    public static KeyMaterial loadOrCreate(Path dataDir, Clock clock) {
        Path dir = dataDir.resolve(DIRECTORY);
        Path certFile = dir.resolve(CERTIFICATE_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        String host = localHostName();
        if (Files.exists(certFile) || Files.exists(keyFile)) {
            String problem;
            try {
                KeyMaterial stored = new KeyMaterial(PemFiles.readPrivateKey(keyFile), PemFiles.readCertificates(certFile));
                problem = reuseProblem(stored, host, clock.instant());
                if (problem == null) {
                    return stored;
                }
            } catch (EngineException e) {
                // Our own files, so damage is repaired rather than reported as an operator error.
                problem = e.getMessage();
            }
            log.info("Generating a new self-signed certificate in {}: {}", dir, problem);
        } else {
            log.info("Generating a self-signed certificate in {} for host {}", dir, host);
        }
        KeyMaterial created = generate(host, clock.instant());
        try {
            PemFiles.createPrivateDirectory(dir);
            PemFiles.writePrivateKey(keyFile, created.key());
            PemFiles.writeCertificates(certFile, created.chain());
        } catch (IOException e) {
            throw new EngineException("cannot store the self-signed certificate in " + dir + ": " + e.getMessage(), e);
        }
        return created;
    }

    /** Why the stored pair cannot be used any more, or null when it can. */
    private static String reuseProblem(KeyMaterial stored, String host, Instant now) {
        X509Certificate cert = stored.certificate();
        if (!PemFiles.keyMatches(stored.key(), cert)) {
            return "the stored key does not belong to the stored certificate";
        }
        Instant notAfter = cert.getNotAfter().toInstant();
        if (cert.getNotBefore().toInstant().isAfter(now)) {
            return "the stored certificate is not valid before " + cert.getNotBefore().toInstant();
        }
        if (notAfter.minus(RENEW_BEFORE).isBefore(now)) {
            return "the stored certificate expires " + notAfter + ", less than " + RENEW_BEFORE.toDays() + " days away";
        }
        if (!dnsNames(cert).contains(host)) {
            return "the stored certificate does not name this host (" + host + ")";
        }
        return null;
    }

    static KeyMaterial generate(String host, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build();
            // 127 random bits: positive, unique in practice, within the 20-octet limit of RFC 5280.
            BigInteger serial = new BigInteger(127, new SecureRandom());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            // No KeyUsage extension: OpenSSL treats a self-issued certificate as self-signed (usable as
            // sslrootcert) only if KeyUsage is absent or allows keyCertSign.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(host));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new KeyMaterial(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new EngineException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(String host) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost", host));
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    static Set<String> dnsNames(X509Certificate cert) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> entries = cert.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    if (Integer.valueOf(GeneralName.dNSName).equals(entry.get(0))) {
                        names.add((String) entry.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A certificate whose SAN cannot be parsed names no host we could match; it is regenerated.
            log.warn("Cannot read the subject alternative names of the stored certificate: {}", e.getMessage());
        }
        return names;
    }

    /** The machine's name for CN and SAN; "localhost" when the system cannot tell. */
    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.warn("Cannot resolve this machine's host name ({}); the self-signed certificate names localhost only",
                    e.getMessage());
            return "localhost";
        }
    }
}
