package io.rolegate.engine.trace;

/** The protocol's names for message types; the same letter means different things from client and server. */
final class MessageNames {
    private MessageNames() {
    }

    static String of(boolean fromClient, byte type) {
        return fromClient ? frontend(type) : backend(type);
    }

    private static String frontend(byte type) {
        return switch (type) {
            case 'Q' -> "Query";
            case 'P' -> "Parse";
            case 'B' -> "Bind";
            case 'D' -> "Describe";
            case 'E' -> "Execute";
            case 'C' -> "Close";
            case 'S' -> "Sync";
            case 'H' -> "Flush";
            case 'X' -> "Terminate";
            case 'F' -> "FunctionCall";
            case 'd' -> "CopyData";
            case 'c' -> "CopyDone";
            case 'f' -> "CopyFail";
            case 'p' -> "PasswordMessage";
            default -> unknown(type);
        };
    }

    private static String backend(byte type) {
        return switch (type) {
            case 'T' -> "RowDescription";
            case 'D' -> "DataRow";
            case 'C' -> "CommandComplete";
            case 'E' -> "ErrorResponse";
            case 'N' -> "NoticeResponse";
            case 'S' -> "ParameterStatus";
            case 'Z' -> "ReadyForQuery";
            case '1' -> "ParseComplete";
            case '2' -> "BindComplete";
            case '3' -> "CloseComplete";
            case 'n' -> "NoData";
            case 's' -> "PortalSuspended";
            case 'I' -> "EmptyQueryResponse";
            case 't' -> "ParameterDescription";
            case 'G' -> "CopyInResponse";
            case 'H' -> "CopyOutResponse";
            case 'W' -> "CopyBothResponse";
            case 'd' -> "CopyData";
            case 'c' -> "CopyDone";
            case 'A' -> "NotificationResponse";
            case 'V' -> "FunctionCallResponse";
            case 'K' -> "BackendKeyData";
            case 'R' -> "Authentication";
            case 'v' -> "NegotiateProtocolVersion";
            default -> unknown(type);
        };
    }

    private static String unknown(byte type) {
        return type >= 0x21 && type < 0x7f ? "Unknown '" + (char) type + "'" : "Unknown 0x"
                + Integer.toHexString(type & 0xFF);
    }
}
