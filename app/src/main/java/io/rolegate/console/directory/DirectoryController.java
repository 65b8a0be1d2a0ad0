package io.rolegate.console.directory;

import io.rolegate.engine.api.model.UserSummary;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

/**
 * Binds the directory view to {@link DirectoryViewModel}; groups in either tree can be dragged onto a role, or
 * mapped with "Map to role…" (context menu, Ctrl+M).
 */
public final class DirectoryController {
    private final DirectoryViewModel vm;
    private final java.util.function.Consumer<String> mapToRole;

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
    @FXML private ListView<UserSummary> userResults;
    @FXML private javafx.scene.control.TabPane treeTabs;
    @FXML private ListView<String> unitList;
    @FXML private ListView<UserSummary> unitUsers;

    public DirectoryController(DirectoryViewModel vm) {
        this(vm, dn -> { });
    }

    /** @param mapToRole "Map to role…" on a group: the mapping view's chooser, then its dry run */
    public DirectoryController(DirectoryViewModel vm, java.util.function.Consumer<String> mapToRole) {
        this.vm = vm;
        this.mapToRole = mapToRole;
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
            tree.setCellFactory(t -> new GroupCell(mapToRole));
            tree.getSelectionModel().selectedItemProperty().addListener((o, old, item) ->
                    vm.select(item == null ? null : item.getValue()));
            tree.setOnKeyPressed(e -> {
                TreeItem<GroupNode> item = tree.getSelectionModel().getSelectedItem();
                if (item != null && item.getValue().isGroup() && GroupMenu.MAP_KEYS.get(1).match(e)) {
                    mapToRole.accept(item.getValue().group().dn());
                    e.consume();
                }
            });
        }
        vm.groupToShowProperty().addListener((o, old, dn) -> showGroupInTree(dn));
        membersList.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.openMember(membersList.getSelectionModel().getSelectedIndex());
            }
        });
        membersList.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                vm.openMember(membersList.getSelectionModel().getSelectedIndex());
            }
        });
        userResults.setItems(vm.userResults());
        userResults.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.userResults()));
        userResults.managedProperty().bind(userResults.visibleProperty());
        userResults.setCellFactory(l -> new UserCell());
        userResults.getSelectionModel().selectedItemProperty().addListener((o, old, u) -> vm.show(u));
        unitList.setItems(vm.units());
        unitList.getSelectionModel().selectedItemProperty().addListener((o, old, unit) -> vm.showUnit(unit));
        unitUsers.setItems(vm.unitUsers());
        unitUsers.setCellFactory(l -> new UserCell());
        unitUsers.getSelectionModel().selectedItemProperty().addListener((o, old, u) -> {
            if (u != null) {
                lookupField.setText(u.username() == null ? "" : u.username());
                vm.show(u);
            }
        });
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
        groupDetail.setText(description + node.group().dn() + "\n" + vm.accessOf(node));
    }

    /** Selects the group with {@code dn} in the tree on show (a nested group opened from the members list). */
    private void showGroupInTree(String dn) {
        if (dn == null) {
            return;
        }
        if (treeTabs.getSelectionModel().getSelectedIndex() != 1) {
            treeTabs.getSelectionModel().select(0);
        }
        TreeView<GroupNode> tree = treeTabs.getSelectionModel().getSelectedIndex() == 1 ? nestingTree : ouTree;
        TreeItem<GroupNode> item = find(tree.getRoot(), dn);
        if (item != null) {
            tree.getSelectionModel().select(item);
            tree.scrollTo(tree.getRow(item));
        }
    }

    private static TreeItem<GroupNode> find(TreeItem<GroupNode> item, String dn) {
        if (item == null) {
            return null;
        }
        if (item.getValue() != null && item.getValue().isGroup()
                && io.rolegate.engine.api.model.Dns.same(item.getValue().group().dn(), dn)) {
            return item;
        }
        for (TreeItem<GroupNode> child : item.getChildren()) {
            TreeItem<GroupNode> found = find(child, dn);
            if (found != null) {
                return found;
            }
        }
        return null;
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

    /** A user found: "alice · Alice Martin · alice@example.org". */
    private static final class UserCell extends javafx.scene.control.ListCell<UserSummary> {
        @Override
        protected void updateItem(UserSummary u, boolean empty) {
            super.updateItem(u, empty);
            if (empty || u == null) {
                setText(null);
                return;
            }
            StringBuilder text = new StringBuilder(u.username() == null ? u.dn() : u.username());
            if (u.name() != null) {
                text.append(" · ").append(u.name());
            }
            if (u.mail() != null) {
                text.append(" · ").append(u.mail());
            }
            setText(text.toString());
        }
    }

    /** A group line that can be dragged onto a role, or mapped from its context menu. */
    private static final class GroupCell extends TreeCell<GroupNode> {
        GroupCell(java.util.function.Consumer<String> mapToRole) {
            setOnDragDetected(e -> {
                GroupNode node = getItem();
                if (node != null && node.isGroup()) {
                    GroupDrag.start(this, node.group().dn());
                    e.consume();
                }
            });
            setContextMenu(GroupMenu.of(() -> getItem() != null && getItem().isGroup() ? getItem().group().dn()
                    : null, mapToRole));
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
