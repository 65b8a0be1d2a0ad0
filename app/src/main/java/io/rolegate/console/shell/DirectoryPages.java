package io.rolegate.console.shell;

import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.console.common.ViewLoader;
import io.rolegate.console.directory.DirectoryController;
import io.rolegate.console.directory.DirectoryViewModel;
import io.rolegate.console.login.ConsoleUser;
import io.rolegate.console.mapping.DryRunDialog;
import io.rolegate.console.mapping.FxRoleChooser;
import io.rolegate.console.mapping.MappingController;
import io.rolegate.console.mapping.MappingGateway;
import io.rolegate.console.mapping.MappingViewModel;
import io.rolegate.engine.api.Engine;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Window;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The Directory and Mapping pages of an engine in this process, wired to its directory (Edit ▸ Undo goes to the
 * mapping's history); without a directory (auth.mode: passthrough) both say there is nothing to browse or map.
 */
record DirectoryPages(DirectoryViewModel directory, MappingViewModel mapping, Map<Page, Node> views) {

    static DirectoryPages of(Engine engine, TaskExecutor executor, DialogService dialogs, DryRunDialog dryRuns,
                             Supplier<Window> window, Supplier<ConsoleUser> user, ShellController controller) {
        if (!engine.configuration().usesDirectory()) {
            String none = "This engine does not authenticate against a directory (auth.mode: passthrough), so"
                    + " there are no groups to browse or map.";
            return new DirectoryPages(null, null, Map.of(Page.DIRECTORY, placeholder(none, null),
                    Page.MAPPING, placeholder(none, null)));
        }
        DirectoryViewModel directory = new DirectoryViewModel(engine.directory(), executor);
        MappingViewModel mapping = new MappingViewModel(MappingGateway.of(engine.directory()), executor, dialogs,
                dryRuns, new FxRoleChooser(window::get), user);
        controller.setUndoRedo(mapping.history().canUndoProperty(), mapping::undo,
                mapping.history().canRedoProperty(), mapping::redo);
        Node directoryView = ViewLoader.load(DirectoryController.class, "DirectoryView.fxml",
                new DirectoryController(directory, mapping::chooseRoleFor));
        Node mappingView = ViewLoader.load(MappingController.class, "MappingView.fxml",
                new MappingController(mapping));
        directory.search();
        mapping.refresh();
        return new DirectoryPages(directory, mapping, Map.of(Page.DIRECTORY, directoryView, Page.MAPPING,
                mappingView));
    }

    /** A page with only words on it; {@code id} for tests to find, or null. */
    static Label placeholder(String text, String id) {
        Label l = new Label(text);
        if (id != null) {
            l.setId(id);
        }
        l.setWrapText(true);
        l.getStyleClass().addAll("placeholder", "view");
        return l;
    }
}
