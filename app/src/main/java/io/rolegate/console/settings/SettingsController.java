package io.rolegate.console.settings;

import io.rolegate.engine.api.model.ConfigVersion;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Binds the settings view to its {@link SettingsViewModel}; builds one row per setting the view model lists. */
public final class SettingsController {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final SettingsViewModel vm;
    private final ZoneId zone;

    @FXML private Label pendingLabel;
    @FXML private VBox problemsBox;
    @FXML private VBox formBox;
    @FXML private TableView<ConfigVersion> historyTable;
    @FXML private TableColumn<ConfigVersion, Integer> versionColumn;
    @FXML private TableColumn<ConfigVersion, String> whenColumn;
    @FXML private TableColumn<ConfigVersion, String> authorColumn;
    @FXML private TableColumn<ConfigVersion, String> commentColumn;
    @FXML private Label diffTitle;
    @FXML private Button rollbackButton;
    @FXML private Button saveButton;
    @FXML private Button importButton;
    @FXML private ListView<DiffLine> diffList;
    @FXML private Label lastActionLabel;

    public SettingsController(SettingsViewModel vm, ZoneId zone) {
        this.vm = vm;
        this.zone = zone;
    }

    @FXML
    private void initialize() {
        pendingLabel.textProperty().bind(vm.pendingRestartProperty());
        pendingLabel.visibleProperty().bind(vm.pendingRestartProperty().isNotEmpty());
        pendingLabel.managedProperty().bind(pendingLabel.visibleProperty());
        vm.problems().addListener((ListChangeListener<String>) c -> problemsBox.getChildren().setAll(
                vm.problems().stream().map(p -> (Node) errorLabel(p)).toList()));
        for (SettingSection s : vm.sections()) {
            formBox.getChildren().add(section(s));
        }
        formBox.getChildren().add(readOnly("Mappings and per-group rules", "Change mappings in the Mapping view;"
                + " per-group rules (databases, session settings) by importing a YAML file.", policiesArea()));
        Label dataDir = new Label();
        dataDir.setId("dataDirectory");
        dataDir.textProperty().bind(vm.dataDirectoryProperty());
        dataDir.getStyleClass().add("mono");
        formBox.getChildren().add(readOnly("Data directory", "Chosen when the console starts: the store, keys and"
                + " certificates of this engine live here.", dataDir));

        versionColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().version()));
        whenColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(WHEN.format(c.getValue().createdAt()
                .atZone(zone))));
        authorColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().author()));
        commentColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().comment()));
        historyTable.setItems(vm.history());
        historyTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        historyTable.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (now != null) {
                vm.selectedVersionProperty().set(now);
            }
        });
        vm.selectedVersionProperty().addListener((o, old, now) -> {
            if (now != null && historyTable.getSelectionModel().getSelectedItem() != now) {
                historyTable.getSelectionModel().select(now);
            }
        });
        diffTitle.textProperty().bind(vm.diffTitleProperty());
        rollbackButton.disableProperty().bind(vm.canRollbackProperty().not());
        saveButton.disableProperty().bind(vm.mayChangeProperty().not());
        importButton.disableProperty().bind(vm.mayChangeProperty().not());
        diffList.setItems(vm.diff());
        diffList.setCellFactory(l -> new DiffCell());
        lastActionLabel.textProperty().bind(vm.lastActionProperty());
    }

    private Node section(SettingSection s) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("settings-grid");
        ColumnConstraints labels = new ColumnConstraints();
        // one fixed label column in every section, so the fields of all sections line up
        labels.setMinWidth(150);
        labels.setPrefWidth(190);
        ColumnConstraints controls = new ColumnConstraints();
        controls.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, controls);
        int row = 0;
        for (SettingField f : s.fields()) {
            Label label = new Label(f.label());
            label.getStyleClass().add("field-label");
            label.setWrapText(true); // a narrow window wraps a long label rather than squeezing the field
            Label error = errorLabel("");
            error.setId("error-" + id(f));
            error.textProperty().bind(f.errorProperty());
            error.visibleProperty().bind(f.errorProperty().isNotEmpty());
            error.managedProperty().bind(error.visibleProperty());
            VBox cell = new VBox(2, control(f), error);
            grid.add(label, 0, row);
            grid.add(cell, 1, row);
            row++;
        }
        VBox box = new VBox(6, title(s.title()), note(s.note()), grid);
        if (s.connectionTest() != null) {
            box.getChildren().add(testRow(s.connectionTest()));
        }
        box.getStyleClass().add("settings-section");
        return box;
    }

    private Node testRow(SettingSection.ConnectionTest which) {
        String name = which.name().toLowerCase(Locale.ROOT);
        Button test = new Button("Test connection");
        test.setId(name + "Test");
        ConnectionTestResult result = vm.testResult(which);
        test.disableProperty().bind(result.stateProperty().isEqualTo(ConnectionTestResult.State.RUNNING));
        test.setOnAction(e -> vm.test(which));
        Label message = new Label();
        message.setId(name + "TestResult");
        message.setWrapText(true);
        message.getStyleClass().add("test-result");
        message.textProperty().bind(result.messageProperty());
        result.stateProperty().addListener((o, old, now) -> {
            message.pseudoClassStateChanged(PseudoClass.getPseudoClass("ok"), now == ConnectionTestResult.State.OK);
            message.pseudoClassStateChanged(PseudoClass.getPseudoClass("failed"),
                    now == ConnectionTestResult.State.FAILED);
        });
        HBox row = new HBox(10, test, message);
        row.getStyleClass().add("toolbar");
        return row;
    }

    private static Node control(SettingField f) {
        return switch (f.kind()) {
            case FLAG -> {
                CheckBox box = new CheckBox();
                box.setId("setting-" + id(f));
                box.setSelected("true".equals(f.valueProperty().get()));
                box.selectedProperty().addListener((o, old, now) -> f.valueProperty().set(String.valueOf(now)));
                f.valueProperty().addListener((o, old, now) -> box.setSelected("true".equals(now)));
                yield box;
            }
            case CHOICE -> {
                ComboBox<String> combo = new ComboBox<>();
                combo.setId("setting-" + id(f));
                combo.getItems().setAll(f.choices());
                combo.valueProperty().bindBidirectional(f.valueProperty());
                yield combo;
            }
            default -> {
                TextInputControl field = f.kind() == SettingField.Kind.SECRET ? new PasswordField() : new TextField();
                field.setId("setting-" + id(f));
                field.setPromptText(f.prompt());
                field.textProperty().bindBidirectional(f.valueProperty());
                yield field;
            }
        };
    }

    /** A CSS-friendly id from a key path: upstream.admin.user becomes upstream-admin-user. */
    private static String id(SettingField f) {
        return f.path().replace('.', '-');
    }

    private Node policiesArea() {
        TextArea area = new TextArea();
        area.setId("policiesText");
        area.setEditable(false);
        area.setPrefRowCount(8);
        area.getStyleClass().add("mono");
        area.textProperty().bind(vm.policiesProperty());
        return area;
    }

    private static Node readOnly(String title, String note, Node content) {
        VBox box = new VBox(6, title(title), note(note), content);
        box.getStyleClass().add("settings-section");
        return box;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("placeholder");
        return l;
    }

    private static Label errorLabel(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("field-error");
        return l;
    }

    /** A diff line coloured by what it says. */
    private static final class DiffCell extends ListCell<DiffLine> {
        @Override
        protected void updateItem(DiffLine line, boolean empty) {
            super.updateItem(line, empty);
            for (DiffLine.Kind k : DiffLine.Kind.values()) {
                pseudoClassStateChanged(PseudoClass.getPseudoClass(k.name().toLowerCase(Locale.ROOT)),
                        !empty && line != null && line.kind() == k);
            }
            setText(empty || line == null ? null : line.text());
        }
    }

    @FXML
    private void save() {
        vm.save();
    }

    @FXML
    private void revert() {
        vm.load();
    }

    @FXML
    private void rollback() {
        vm.rollbackSelected();
    }

    @FXML
    private void importYaml() {
        vm.importYaml();
    }

    @FXML
    private void exportYaml() {
        vm.exportYaml();
    }
}
