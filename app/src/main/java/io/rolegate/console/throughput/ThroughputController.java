package io.rolegate.console.throughput;

import io.rolegate.console.common.Formats;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
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
    @FXML private NumberAxis messagesAxis;
    @FXML private NumberAxis sessionsAxis;
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
                // ticks are round: "20 KB", not "20.0 KB"
                return Formats.bytes(n.doubleValue()).replace(".0 ", " ");
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("axis labels are read-only");
            }
        };
        bytesAxis.setTickLabelFormatter(bytes);
        sessionAxis.setTickLabelFormatter(bytes);
        roundAxis(bytesAxis, 1024, vm.bytesIn(), vm.bytesOut());
        roundAxis(sessionAxis, 1024, vm.sessionBytesIn(), vm.sessionBytesOut());
        roundAxis(messagesAxis, 1000, vm.messagesIn(), vm.messagesOut());
        roundAxis(sessionsAxis, 1000, vm.sessions(), vm.errors());
        hover(bytesChart, bytesTime, Formats::bytesPerSecond, vm.bytesIn(), vm.bytesOut());
        hover(messagesChart, messagesTime, v -> Formats.count(Math.round(v)) + "/s", vm.messagesIn(),
                vm.messagesOut());
        hover(sessionsChart, sessionsTime, v -> Formats.count(Math.round(v)), vm.sessions(), vm.errors());
        hover(sessionChart, sessionTime, Formats::bytesPerSecond, vm.sessionBytesIn(), vm.sessionBytesOut());
        sessionPicker.setItems(vm.sessionChoices());
        sessionPicker.valueProperty().bindBidirectional(vm.selectedSessionProperty());
        engineSummary.textProperty().bind(vm.engineSummaryProperty());
        sessionSummary.textProperty().bind(vm.sessionSummaryProperty());
    }

    /** Ticks on round values (whole KB, 5, 10, ...) instead of wherever auto-ranging puts them. */
    private static void roundAxis(NumberAxis axis, double base, TimeSeries... lines) {
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        axis.setMinorTickVisible(false);
        Runnable rescale = () -> {
            double max = 0;
            for (TimeSeries line : lines) {
                for (XYChart.Data<Number, Number> p : line.points()) {
                    max = Math.max(max, p.getYValue().doubleValue());
                }
            }
            RoundTicks ticks = RoundTicks.upTo(max, base);
            axis.setUpperBound(ticks.upper());
            axis.setTickUnit(ticks.unit());
        };
        for (TimeSeries line : lines) {
            line.points().addListener((javafx.collections.ListChangeListener<XYChart.Data<Number, Number>>) c ->
                    rescale.run());
        }
        rescale.run();
    }

    /** The values under the pointer, in a tooltip that follows it across the chart. */
    private void hover(LineChart<Number, Number> chart, NumberAxis time, java.util.function.DoubleFunction<String> format,
                       TimeSeries... lines) {
        Tooltip tip = new Tooltip();
        tip.setShowDelay(javafx.util.Duration.millis(100));
        tip.setHideDelay(javafx.util.Duration.millis(100));
        chart.setOnMouseMoved(e -> {
            double x = time.getValueForDisplay(time.sceneToLocal(e.getSceneX(), e.getSceneY()).getX()).doubleValue();
            String text = vm.valuesAt(x, format, lines);
            tip.setText(text.isEmpty() ? "No data yet" : text);
            chart.getProperties().put(HOVER_TEXT, tip.getText());
        });
        Tooltip.install(chart, tip);
    }

    /** Where a chart keeps the hover text it shows now (tests read it). */
    public static final String HOVER_TEXT = "rolegate.hoverText";

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
