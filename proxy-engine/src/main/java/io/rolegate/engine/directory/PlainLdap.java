package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Directory URLs that would carry passwords in clear across a network: {@code ldap://} without StartTLS to a host
 * that is not loopback. Every login sends the user's directory password in its bind, and the service account's
 * bind sends its own, so such a URL needs {@code directory.allowPlainLdap: true} (and is logged as dangerous each
 * time the directory is opened). Loopback is decided from the URL's text, without DNS: {@code localhost} or a
 * loopback address literal; a name that merely resolves to loopback today does not count.
 */
public final class PlainLdap {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private PlainLdap() {
    }

    /** The URLs among {@code urls} that would send binds in clear to a host off this machine. */
    public static List<String> exposed(List<String> urls, boolean startTls) {
        return urls.stream().filter(u -> !startTls && isPlain(u) && !isLoopback(host(u))).toList();
    }

    public static List<String> exposed(DirectorySettings settings) {
        return exposed(settings.urls(), settings.startTls());
    }

    /** Why such a URL is dangerous, for the refusal and the warning alike. */
    public static String danger(List<String> exposed) {
        return String.join(", ", exposed) + " without TLS: every login's directory password and the service"
                + " account's password cross the network in clear, and anyone on the path can read them or answer"
                + " in the directory's place (deciding who gets in)";
    }

    /** The refusal when the operator did not opt in. */
    public static String refusal(List<String> exposed) {
        return danger(exposed) + ". Use ldaps:// or startTls: true (with trustCa), or, on a network you trust,"
                + " set directory.allowPlainLdap: true";
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false; // a name: only DNS could say, and DNS is not proof
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isPlain(String url) {
        return url.trim().toLowerCase(Locale.ROOT).startsWith("ldap:");
    }

    private static String host(String url) {
        try {
            return new LDAPURL(url.trim()).getHost();
        } catch (LDAPException e) {
            return null;
        }
    }
}
