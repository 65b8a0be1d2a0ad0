package io.rolegate.console.throughput;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * One line of a chart: points at seconds since the view's origin, trimmed to a window so a console left open for
 * days holds at most the window's worth of points.
 */
public final class TimeSeries {
    private final String name;
    private final ObservableList<XYChart.Data<Number, Number>> points = FXCollections.observableArrayList();

    public TimeSeries(String name) {
        this.name = name;
    }

    void add(double x, double y) {
        points.add(new XYChart.Data<>(x, y));
    }

    /** Drops points left of {@code minX}; one removeRange so the chart redraws once, not per point. */
    void trimBefore(double minX) {
        int drop = 0;
        while (drop < points.size() && points.get(drop).getXValue().doubleValue() < minX) {
            drop++;
        }
        if (drop > 0) {
            points.remove(0, drop);
        }
    }

    /** The point whose x is nearest to {@code x}, or null when there is none (points are in x order). */
    XYChart.Data<Number, Number> nearest(double x) {
        int lo = 0;
        int hi = points.size() - 1;
        if (hi < 0) {
            return null;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (points.get(mid).getXValue().doubleValue() < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo > 0 && x - points.get(lo - 1).getXValue().doubleValue()
                < points.get(lo).getXValue().doubleValue() - x) {
            lo--;
        }
        return points.get(lo);
    }

    void clear() {
        points.clear();
    }

    public String name() {
        return name;
    }

    public ObservableList<XYChart.Data<Number, Number>> points() {
        return points;
    }
}
