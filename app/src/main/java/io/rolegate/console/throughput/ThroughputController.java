package io.rolegate.console.throughput;

import io.rolegate.console.common.Formats;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.util.StringConverter;

/** Binds the throughput charts to {@link ThroughputViewModel}; the charts never compute anything themselves. */
public final class ThroughputController {
    private final ThroughputViewModel vm;

    @FXML private LineChart<Number, Number> bytesChart;
    @FXML private LineChart<Number, Number> messagesChart;
    @FXML private LineChart<Number, Number> sessionsChart;
    @FXML private LineChart<Number, Number> sessionChart;
    @FXML private NumberAxis bytesTime;
    @FXML private NumberAxis messagesTime;
    @FXML private NumberAxis sessionsTime;
    @FXML private NumberAxis sessionTime;
    @FXML private NumberAxis bytesAxis;
    @FXML private NumberAxis sessionAxis;
    @FXML private ComboBox<SessionChoice> sessionPicker;
    @FXML private Label engineSummary;
    @FXML private Label sessionSummary;

    public ThroughputController(ThroughputViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        plot(bytesChart, bytesTime, vm.bytesIn(), vm.bytesOut());
        plot(messagesChart, messagesTime, vm.messagesIn(), vm.messagesOut());
        plot(sessionsChart, sessionsTime, vm.sessions(), vm.errors());
        plot(sessionChart, sessionTime, vm.sessionBytesIn(), vm.sessionBytesOut());
        StringConverter<Number> bytes = new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Formats.bytes(n.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("axis labels are read-only");
            }
        };
        bytesAxis.setTickLabelFormatter(bytes);
        sessionAxis.setTickLabelFormatter(bytes);
        sessionPicker.setItems(vm.sessionChoices());
        sessionPicker.valueProperty().bindBidirectional(vm.selectedSessionProperty());
        engineSummary.textProperty().bind(vm.engineSummaryProperty());
        sessionSummary.textProperty().bind(vm.sessionSummaryProperty());
    }

    @SafeVarargs
    private void plot(LineChart<Number, Number> chart, NumberAxis time, TimeSeries... lines) {
        // animation and per-point symbols are what make a once-a-second chart stutter
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setVerticalZeroLineVisible(false);
        time.setAutoRanging(false);
        time.lowerBoundProperty().bind(vm.lowerBoundProperty());
        time.upperBoundProperty().bind(vm.upperBoundProperty());
        time.tickUnitProperty().bind(vm.tickUnitProperty());
        time.setMinorTickVisible(false);
        time.setTickLabelFormatter(vm.timeLabels());
        for (TimeSeries line : lines) {
            chart.getData().add(new XYChart.Series<>(line.name(), line.points()));
        }
    }
}
