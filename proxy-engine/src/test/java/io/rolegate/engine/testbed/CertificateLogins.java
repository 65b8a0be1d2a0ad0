package io.rolegate.engine.testbed;


import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/** pgjdbc logins through a proxy with a client certificate and no password. */
public final class CertificateLogins {
    private CertificateLogins() {
    }

    /** Over TLS, presenting {@code cert} and its key (PKCS#8 DER, as pgjdbc reads it), files written under dir. */
    public static Connection connect(TestProxy proxy, Path dir, TestCertificates.Issued cert, String user)
            throws Exception {
        Path certFile = Files.createTempFile(dir, "client", ".crt");
        Path keyFile = Files.createTempFile(dir, "client", ".pk8");
        TestCertificates.writeCertificate(certFile, cert.certificate());
        Files.write(keyFile, cert.key().getEncoded());
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("sslmode", "require");
        p.setProperty("sslcert", certFile.toString());
        p.setProperty("sslkey", keyFile.toString());
        return DriverManager.getConnection(proxy.jdbcUrl(TestPostgres.DATABASE), p);
    }
}
