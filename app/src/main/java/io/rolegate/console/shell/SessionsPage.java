package io.rolegate.console.shell;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The Sessions page: the live sessions, and their history — for now the recorded sessions (Sessions ▸ History ▸
 * Recording). The history is read only when its tab is first opened: reading recordings is audited, and a console
 * user who never looks should leave no trace of looking.
 */
final class SessionsPage {
    private SessionsPage() {
    }

    static Node of(Node live, Node recording, Runnable firstOpened) {
        Tab liveTab = new Tab("Live", live);
        liveTab.setId("liveSessionsTab");
        Tab historyTab = new Tab("History ▸ Recording", recording);
        historyTab.setId("recordingTab");
        TabPane tabs = new TabPane(liveTab, historyTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("page-tabs");
        boolean[] opened = {false};
        historyTab.selectedProperty().addListener((o, was, is) -> {
            if (is && !opened[0]) {
                opened[0] = true;
                firstOpened.run();
            }
        });
        return tabs;
    }
}
