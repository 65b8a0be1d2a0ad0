package io.rolegate.engine.store.migration;

import io.rolegate.engine.store.common.Sha256;
import io.rolegate.engine.store.common.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds {@code V<n>__<description>.sql} scripts under a classpath folder, from a directory (IDE, tests) or from a
 * jar (the shaded runnable). Versions must run 1..n without gaps: a missing script would otherwise be skipped
 * silently on a fresh store and leave it different from an upgraded one.
 */
public final class ClasspathMigrations {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private ClasspathMigrations() {
    }

    public static List<Migration> load(ClassLoader loader, String folder) {
        List<String> names = list(loader, folder);
        List<Migration> migrations = new ArrayList<>();
        for (String name : names) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new StoreException("migration script " + folder + "/" + name
                        + " is not named V<number>__<description>.sql");
            }
            String sql = read(loader, folder + "/" + name);
            String normalised = sql.replace("\r\n", "\n");
            migrations.add(new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), name,
                    normalised, Sha256.hex(normalised)));
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new StoreException("migration scripts in " + folder + " must be numbered 1, 2, 3, ... without"
                        + " gaps or duplicates; found " + migrations);
            }
        }
        return List.copyOf(migrations);
    }

    private static List<String> list(ClassLoader loader, String folder) {
        URL url = loader.getResource(folder);
        if (url == null) {
            throw new StoreException("no migration scripts on the classpath at " + folder + " (a jar must hold the"
                    + " directory entry " + folder + "/, as jars built by Maven do)");
        }
        try {
            if (url.getProtocol().equals("file")) {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList();
                }
            }
            if (url.getProtocol().equals("jar")) {
                return listJar((JarURLConnection) url.openConnection(), folder);
            }
        } catch (IOException | URISyntaxException e) {
            throw new StoreException("cannot list migration scripts at " + url + ": " + e.getMessage(), e);
        }
        throw new StoreException("cannot list migration scripts from a " + url.getProtocol() + " URL: " + url);
    }

    private static List<String> listJar(JarURLConnection connection, String folder) throws IOException {
        connection.setUseCaches(false);
        String prefix = folder + "/";
        List<String> names = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(prefix) && name.endsWith(".sql") && name.indexOf('/', prefix.length()) < 0) {
                    names.add(name.substring(prefix.length()));
                }
            }
        }
        return names;
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("migration script vanished from the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
