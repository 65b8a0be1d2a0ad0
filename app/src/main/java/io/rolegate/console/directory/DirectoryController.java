package io.rolegate.console.directory;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

/** Binds the directory view to {@link DirectoryViewModel}; groups in either tree can be dragged onto a role. */
public final class DirectoryController {
    private final DirectoryViewModel vm;

    @FXML private TextField searchField;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Label statusLabel;
    @FXML private TreeView<GroupNode> ouTree;
    @FXML private TreeView<GroupNode> nestingTree;
    @FXML private Label groupTitle;
    @FXML private Label groupDetail;
    @FXML private ListView<String> membersList;
    @FXML private TextField lookupField;
    @FXML private Label userHeading;
    @FXML private Label userAccount;
    @FXML private ListView<String> userGroups;

    public DirectoryController(DirectoryViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        searchField.textProperty().bindBidirectional(vm.searchProperty());
        lookupField.textProperty().bindBidirectional(vm.lookupNameProperty());
        busyIndicator.visibleProperty().bind(vm.busyProperty());
        statusLabel.textProperty().bind(vm.statusProperty());
        membersList.setItems(vm.members());
        for (TreeView<GroupNode> tree : java.util.List.of(ouTree, nestingTree)) {
            tree.setShowRoot(false);
            tree.setCellFactory(t -> new GroupCell());
            tree.getSelectionModel().selectedItemProperty().addListener((o, old, item) ->
                    vm.select(item == null ? null : item.getValue()));
        }
        vm.byOuProperty().addListener((o, old, root) -> ouTree.setRoot(toItem(root)));
        vm.byNestingProperty().addListener((o, old, root) -> nestingTree.setRoot(toItem(root)));
        vm.selectedProperty().addListener((o, old, node) -> showGroup(node));
        vm.userProperty().addListener((o, old, report) -> {
            userHeading.setText(report == null ? "" : report.heading());
            userAccount.setText(report == null ? "" : report.account());
            userAccount.getStyleClass().removeAll("account-ok", "account-bad");
            if (report != null && !report.account().isEmpty()) {
                userAccount.getStyleClass().add(report.usable() ? "account-ok" : "account-bad");
            }
            userGroups.getItems().setAll(report == null ? java.util.List.of() : report.groups());
        });
        showGroup(null);
    }

    private void showGroup(GroupNode node) {
        if (node == null || !node.isGroup()) {
            groupTitle.setText("Select a group");
            groupDetail.setText("Its members and the roles it maps to show here. Drag a group onto a role in the "
                    + "Mapping view to map it.");
            return;
        }
        groupTitle.setText(node.label());
        String description = node.group().description() == null ? "" : node.group().description() + "\n";
        groupDetail.setText(description + node.group().dn() + "\nMaps to: "
                + (node.roles().isEmpty() ? "no role" : String.join(", ", node.roles())));
    }

    private static TreeItem<GroupNode> toItem(GroupNode node) {
        TreeItem<GroupNode> item = new TreeItem<>(node);
        item.setExpanded(true);
        for (GroupNode child : node.children()) {
            item.getChildren().add(toItem(child));
        }
        return item;
    }

    @FXML
    private void search() {
        vm.search();
    }

    @FXML
    private void lookUp() {
        vm.lookUp();
    }

    /** A group line that can be dragged onto a role. */
    private static final class GroupCell extends TreeCell<GroupNode> {
        GroupCell() {
            setOnDragDetected(e -> {
                GroupNode node = getItem();
                if (node != null && node.isGroup()) {
                    GroupDrag.start(this, node.group().dn());
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(GroupNode node, boolean empty) {
            super.updateItem(node, empty);
            getStyleClass().remove("ou-node");
            if (empty || node == null) {
                setText(null);
                return;
            }
            setText(node.text());
            if (!node.isGroup()) {
                getStyleClass().add("ou-node");
            }
        }
    }
}
