package io.rolegate.console.shell;

import io.rolegate.console.common.DialogService;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;

import java.util.EnumMap;
import java.util.Map;

/** Binds the window frame (menus, sidebar, banner, status bar) to {@link ShellViewModel}. */
public final class ShellController {
    private final ShellViewModel vm;
    private final DialogService dialogs;
    private final Runnable quit;
    private final Map<Page, Node> views = new EnumMap<>(Page.class);

    @FXML private StackPane content;
    @FXML private VBox progressPane;
    @FXML private ProgressIndicator progressIndicator;
    @FXML private Label progressLabel;
    @FXML private HBox connectBanner;
    @FXML private Label connectExplanation;
    @FXML private TextField connectCommand;
    @FXML private MenuItem copyCommandItem;
    @FXML private ToggleButton sessionsNav;
    @FXML private ToggleButton throughputNav;
    @FXML private ToggleButton directoryNav;
    @FXML private ToggleButton mappingNav;
    @FXML private MenuItem undoItem;
    @FXML private MenuItem redoItem;
    private Node login;
    private Runnable undo = () -> { };
    private Runnable redo = () -> { };
    @FXML private ToggleButton auditNav;
    @FXML private ToggleButton settingsNav;
    @FXML private MenuItem logOutItem;
    @FXML private MenuItem lockItem;
    /** The lock screen covers the views without dropping them. */
    private boolean locked;
    @FXML private MenuItem startEngineItem;
    @FXML private MenuItem stopEngineItem;
    @FXML private MenuItem restartEngineItem;
    @FXML private StatusBar statusBar;
    @FXML private javafx.scene.control.Menu viewMenu;
    @FXML private VBox sidebar;
    @FXML private javafx.scene.layout.BorderPane root;

    public ShellController(ShellViewModel vm, DialogService dialogs, Runnable quit) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.quit = quit;
    }

    @FXML
    private void initialize() {
        ToggleGroup nav = new ToggleGroup();
        sessionsNav.setToggleGroup(nav);
        throughputNav.setToggleGroup(nav);
        directoryNav.setToggleGroup(nav);
        mappingNav.setToggleGroup(nav);
        undoItem.setDisable(true);
        redoItem.setDisable(true);
        auditNav.setToggleGroup(nav);
        settingsNav.setToggleGroup(nav);
        // behind the login form there is no view to switch to
        for (MenuItem item : viewMenu.getItems()) {
            item.disableProperty().bind(vm.canChooseViewProperty().not());
        }
        for (ToggleButton entry : java.util.List.of(sessionsNav, throughputNav, directoryNav, mappingNav, auditNav,
                settingsNav)) {
            entry.disableProperty().bind(vm.canChooseViewProperty().not());
        }
        logOutItem.disableProperty().bind(vm.canLogOutProperty().not());
        lockItem.disableProperty().bind(vm.canLogOutProperty().not());
        startEngineItem.disableProperty().bind(vm.canStartProperty().not());
        stopEngineItem.disableProperty().bind(vm.canStopProperty().not());
        restartEngineItem.disableProperty().bind(vm.canStopProperty().not());
        // a group dragged from the directory view onto the Mapping entry opens the mapping view under the pointer,
        // so the drag can go on to a role there
        mappingNav.setOnDragEntered(e -> {
            if (io.rolegate.console.directory.GroupDrag.groupOf(e.getDragboard()).isPresent()) {
                showMapping();
            }
        });
        // a sidebar entry stays selected when clicked again, like a tab
        nav.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            }
        });
        vm.pageProperty().addListener((o, old, page) -> showPage());
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.F6 && root.getScene() != null) {
                focusSidebarOrView();
                e.consume();
            }
        });

        progressLabel.textProperty().bind(vm.progressProperty());
        progressIndicator.visibleProperty().bind(vm.healthProperty().isEqualTo(ShellViewModel.Health.STARTING)
                .or(vm.healthProperty().isEqualTo(ShellViewModel.Health.STOPPING)));
        connectBanner.visibleProperty().bind(vm.connectHintProperty().isNotNull());
        connectBanner.managedProperty().bind(connectBanner.visibleProperty());
        copyCommandItem.disableProperty().bind(vm.connectHintProperty().isNull());
        vm.connectHintProperty().addListener((o, old, hint) -> {
            connectExplanation.setText(hint == null ? "" : hint.explanation());
            connectCommand.setText(hint == null ? "" : hint.command());
        });
        statusBar.setText("");
        statusBar.getLeftItems().addAll(statusLabel("engineState", vm), new Separator(Orientation.VERTICAL),
                boundLabel("listenAddress", vm.listenAddressProperty()));
        statusBar.getLeftItems().addAll(new Separator(Orientation.VERTICAL),
                boundLabel("consoleUser", vm.userProperty()));
        statusBar.getRightItems().addAll(boundLabel("sessionCount", vm.sessionsProperty()), new Separator(Orientation.VERTICAL),
                boundLabel("throughputNow", vm.throughputNowProperty()));
        showPage();
    }

    private static Label statusLabel(String id, ShellViewModel vm) {
        Label l = boundLabel(id, vm.engineStateProperty());
        l.getStyleClass().add("engine-state");
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);   // the engine's state is never cut to "Engine run…"
        vm.healthProperty().addListener((o, old, now) -> {
            for (ShellViewModel.Health h : ShellViewModel.Health.values()) {
                l.pseudoClassStateChanged(PseudoClass.getPseudoClass(h.name().toLowerCase(java.util.Locale.ROOT)),
                        h == now);
            }
        });
        return l;
    }

    private static Label boundLabel(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        l.getStyleClass().add("status-item");
        return l;
    }

    /** Called once the engine runs and the views exist. */
    public void setViews(Map<Page, Node> pages) {
        views.clear();
        views.putAll(pages);
        login = null;
        locked = false;
        showPage();
    }

    /** Called when the engine stops: its views show a stopped engine no longer, the progress pane says why. */
    public void clearViews() {
        views.clear();
        showPage();
    }

    private void showPage() {
        Page page = vm.pageProperty().get();
        sessionsNav.setSelected(page == Page.SESSIONS);
        throughputNav.setSelected(page == Page.THROUGHPUT);
        directoryNav.setSelected(page == Page.DIRECTORY);
        mappingNav.setSelected(page == Page.MAPPING);
        auditNav.setSelected(page == Page.AUDIT);
        settingsNav.setSelected(page == Page.SETTINGS);
        Node view = locked ? null : views.get(page);
        if (view == null) {
            content.getChildren().setAll(login != null ? login : progressPane);
        } else {
            content.getChildren().setAll(view);
        }
    }

    @FXML
    private void showSessions() {
        vm.choose(Page.SESSIONS);
    }

    @FXML
    private void showThroughput() {
        vm.choose(Page.THROUGHPUT);
    }

    @FXML
    private void showDirectory() {
        vm.choose(Page.DIRECTORY);
    }

    @FXML
    private void showMapping() {
        vm.choose(Page.MAPPING);
    }

    /** Until somebody logs in, the login form fills the window and no view can be chosen. */
    public void showLogin(Node form) {
        login = form;
        locked = false;
        showPage();
    }

    /** Covers the views with {@code form} (the lock screen) and keeps them for {@link #unlock()}. */
    public void lock(Node form) {
        login = form;
        locked = true;
        showPage();
    }

    /** The person who locked is back: their views show again. */
    public void unlock() {
        login = null;
        locked = false;
        showPage();
    }

    @FXML
    private void connect() {
        vm.connect();
    }

    @FXML
    private void logOut() {
        vm.logOut();
    }

    @FXML
    private void lock() {
        vm.lock();
    }

    /** Edit > Undo/Redo act on the mapping view's history, enabled while it has something to undo or redo. */
    public void setUndoRedo(javafx.beans.value.ObservableBooleanValue canUndo, Runnable undo,
                            javafx.beans.value.ObservableBooleanValue canRedo, Runnable redo) {
        this.undo = undo;
        this.redo = redo;
        undoItem.disableProperty().bind(javafx.beans.binding.Bindings.not(canUndo));
        redoItem.disableProperty().bind(javafx.beans.binding.Bindings.not(canRedo));
    }

    @FXML
    private void undo() {
        undo.run();
    }

    @FXML
    private void redo() {
        redo.run();
    }

    @FXML
    private void showAudit() {
        vm.choose(Page.AUDIT);
    }

    @FXML
    private void showSettings() {
        vm.choose(Page.SETTINGS);
    }

    @FXML
    private void startEngine() {
        vm.startEngine();
    }

    @FXML
    private void stopEngine() {
        if (vm.canStopProperty().get() && confirmEnding("Stop the engine", "its clients get FATAL 57P01 after the"
                + " shutdown grace period, and nobody can connect until Engine ▸ Start.", "Stop")) {
            vm.stopEngine();
        }
    }

    @FXML
    private void restartEngine() {
        if (vm.canStopProperty().get() && confirmEnding("Restart the engine", "its clients get FATAL 57P01 after the"
                + " shutdown grace period and must connect again.", "Restart")) {
            vm.restartEngine();
        }
    }

    /** True when nothing live would end, or the person confirms that it may. */
    private boolean confirmEnding(String what, String consequence, String confirmLabel) {
        return vm.sessionsThatWouldEnd()
                .map(ending -> dialogs.confirm(what + "?", ending + ": " + consequence, confirmLabel))
                .orElse(true);
    }

    /** File ▸ Quit and the window's close box: asks first when live sessions would end with the engine. */
    public boolean mayQuit() {
        return confirmEnding("Quit the console", "the engine runs inside this window, so quitting stops it and its"
                + " clients get FATAL 57P01.", "Quit");
    }

    @FXML
    private void copyCommand() {
        ConnectHint hint = vm.connectHintProperty().get();
        if (hint != null) {
            ClipboardContent clip = new ClipboardContent();
            clip.putString(hint.command());
            Clipboard.getSystemClipboard().setContent(clip);
        }
    }

    @FXML
    private void keyboardHelp() {
        KeyboardHelp.show(root.getScene() == null ? null : root.getScene().getWindow());
    }

    /** F6: the focus goes to the sidebar's current entry, and from the sidebar back into the view. */
    private void focusSidebarOrView() {
        javafx.scene.Node owner = root.getScene().getFocusOwner();
        boolean inSidebar = owner != null && isInside(owner, sidebar);
        if (!inSidebar) {
            sidebar.getChildren().stream().filter(n -> n instanceof ToggleButton t && t.isSelected() && !t.isDisabled())
                    .findFirst().or(() -> sidebar.getChildren().stream()
                            .filter(n -> n instanceof ToggleButton t && !t.isDisabled()).findFirst())
                    .ifPresent(javafx.scene.Node::requestFocus);
        } else {
            firstFocusable(content).ifPresent(javafx.scene.Node::requestFocus);
        }
    }

    /** The first control in {@code node} (scene-graph order) that Tab could reach. */
    private static java.util.Optional<javafx.scene.Node> firstFocusable(javafx.scene.Node node) {
        if (!node.isVisible() || node.isDisabled()) {
            return java.util.Optional.empty();
        }
        if (node.isFocusTraversable()) {
            return java.util.Optional.of(node);
        }
        if (node instanceof javafx.scene.Parent p) {
            for (javafx.scene.Node child : p.getChildrenUnmodifiable()) {
                var found = firstFocusable(child);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static boolean isInside(javafx.scene.Node node, javafx.scene.Node parent) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (n == parent) {
                return true;
            }
        }
        return false;
    }

    @FXML
    private void about() {
        String version = ShellController.class.getPackage().getImplementationVersion();
        dialogs.showInformation("Rolegate " + (version == null ? "(development build)" : version),
                "A PostgreSQL wire-protocol proxy with a DBA console. The engine runs inside this window; "
                        + "closing the window stops it and ends its sessions.");
    }

    @FXML
    private void quit() {
        if (mayQuit()) {
            quit.run();
        }
    }
}
