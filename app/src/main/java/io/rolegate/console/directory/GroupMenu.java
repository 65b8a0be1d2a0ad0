package io.rolegate.console.directory;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The keyboard and context-menu path for every drag of a group onto a role: "Map to role…" (Ctrl+M, or Enter on a
 * group in the mapping view) opens a chooser of the roles it may go to, then the same dry run as a drop.
 */
public final class GroupMenu {
    /** Keys that map the selected group. */
    public static final List<KeyCombination> MAP_KEYS = List.of(new KeyCodeCombination(KeyCode.ENTER),
            new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN));

    private GroupMenu() {
    }

    /** A context menu whose "Map to role…" maps the group {@code groupDn} names when it is opened (none: disabled). */
    public static ContextMenu of(Supplier<String> groupDn, Consumer<String> mapToRole) {
        MenuItem map = new MenuItem("_Map to role…  (Ctrl+M)");
        map.setId("mapToRoleItem");
        // no accelerator: every cell has this menu, and a scene-wide Ctrl+M would fire each cell's item; the key
        // is handled by the list or tree that has the focus
        map.setOnAction(e -> {
            String dn = groupDn.get();
            if (dn != null) {
                mapToRole.accept(dn);
            }
        });
        ContextMenu menu = new ContextMenu(map);
        menu.setOnShowing(e -> map.setDisable(groupDn.get() == null));
        return menu;
    }
}
