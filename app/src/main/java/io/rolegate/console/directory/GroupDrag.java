package io.rolegate.console.directory;

import javafx.scene.Node;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

import java.util.Optional;

/** A directory group carried by drag and drop: its DN under a format of our own, and as plain text for other apps. */
public final class GroupDrag {
    public static final DataFormat GROUP_DN = new DataFormat("application/x-rolegate-group-dn");

    private GroupDrag() {
    }

    /** Starts dragging {@code groupDn} from {@code source}; call from its drag-detected handler. */
    public static void start(Node source, String groupDn) {
        Dragboard board = source.startDragAndDrop(TransferMode.COPY);
        ClipboardContent content = new ClipboardContent();
        content.put(GROUP_DN, groupDn);
        content.putString(groupDn);
        board.setContent(content);
    }

    /** The group being dragged, when the drag carries one. */
    public static Optional<String> groupOf(Dragboard board) {
        return board.hasContent(GROUP_DN) ? Optional.of((String) board.getContent(GROUP_DN)) : Optional.empty();
    }
}
