package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;

import java.util.Locale;

/**
 * The stable identity of a directory entry, which is what Rolegate keys everything about a person on (login cache,
 * outage grace, the role an entry owns), never the name a client typed. In order of preference: Active Directory's
 * {@code objectGUID}, the {@code entryUUID} of RFC 4530 (OpenLDAP, UnboundID, ApacheDS), 389-DS/FreeIPA's
 * {@code nsUniqueId}; a server offering none of them falls back to the normalized DN, which survives nothing but
 * is never shared by two live entries. An id starts with its kind ({@code objectGUID:}, {@code entryUUID:},
 * {@code nsUniqueId:}, {@code dn:}) so two kinds can never be mistaken for each other.
 */
public final class EntryIds {
    /** Operational on most servers: returned only when asked for by name. */
    static final String[] ATTRIBUTES = {"objectGUID", "entryUUID", "nsUniqueId"};

    private EntryIds() {
    }

    /** The id of {@code entry}, read from the attributes {@link #ATTRIBUTES} asked for. */
    public static String of(Entry entry) {
        byte[] guid = entry.getAttributeValueBytes("objectGUID");
        if (guid != null && guid.length == 16) {
            return "objectGUID:" + guid(guid);
        }
        String uuid = entry.getAttributeValue("entryUUID");
        if (uuid != null && !uuid.isBlank()) {
            return "entryUUID:" + uuid.strip().toLowerCase(Locale.ROOT);
        }
        String nsUniqueId = entry.getAttributeValue("nsUniqueId");
        if (nsUniqueId != null && !nsUniqueId.isBlank()) {
            return "nsUniqueId:" + nsUniqueId.strip().toLowerCase(Locale.ROOT);
        }
        return ofDn(io.rolegate.engine.api.model.Dns.parse(entry.getDN()));
    }

    /** The fallback id: the DN in its normalized form (case, spacing and escaping do not matter). */
    public static String ofDn(DN dn) {
        return "dn:" + dn.toNormalizedString();
    }

    /** objectGUID as Windows writes it: the first three groups little-endian. */
    static String guid(byte[] b) {
        return String.format(Locale.ROOT, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    }
}
