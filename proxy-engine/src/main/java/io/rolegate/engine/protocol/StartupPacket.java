package io.rolegate.engine.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a client may send first (and, after SSL/GSS negotiation, again). One small immutable type per packet. */
public sealed interface StartupPacket {

    record SslRequest() implements StartupPacket {
    }

    record GssEncRequest() implements StartupPacket {
    }

    /** Key bytes are 4 for protocol 3.0 and up to 256 for 3.2. */
    record CancelRequest(int processId, byte[] secretKey) implements StartupPacket {
    }

    /**
     * A StartupMessage. Parameters keep the client's order and are forwarded as they came (dropping one breaks
     * drivers); {@code _pq_.} protocol options are kept apart because the proxy negotiates them away.
     */
    record StartupMessage(int majorVersion, int minorVersion, Map<String, String> parameters,
                          List<String> protocolOptions) implements StartupPacket {
        public StartupMessage {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            protocolOptions = List.copyOf(protocolOptions);
        }

        public String user() {
            return parameters.get("user");
        }

        /** Like the server: the database defaults to the user name. */
        public String database() {
            String db = parameters.get("database");
            return db == null || db.isEmpty() ? user() : db;
        }

        public String applicationName() {
            return parameters.getOrDefault("application_name", "");
        }

        public boolean isReplication() {
            String r = parameters.get("replication");
            return r != null && !r.equalsIgnoreCase("false") && !r.equalsIgnoreCase("off")
                    && !r.equalsIgnoreCase("no") && !r.equals("0");
        }
    }
}
