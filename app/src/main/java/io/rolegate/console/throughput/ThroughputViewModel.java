package io.rolegate.console.throughput;

import io.rolegate.console.common.Formats;
import io.rolegate.console.engine.EngineTick;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.ThroughputSample;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.StringConverter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The throughput charts' data: engine-wide per-second samples over the last 15 minutes, and rates of one selected
 * session computed from the deltas between its 1 s snapshots. X values are seconds since {@link #origin()}, so the
 * axis moves by changing two bounds instead of re-plotting every point.
 */
public final class ThroughputViewModel {
    public static final Duration WINDOW = Duration.ofMinutes(15);
    private static final double MIN_SPAN_SECONDS = 60;

    private final Instant origin;
    private final TimeSeries bytesIn = new TimeSeries("in (from clients)");
    private final TimeSeries bytesOut = new TimeSeries("out (to clients)");
    private final TimeSeries messagesIn = new TimeSeries("in (from clients)");
    private final TimeSeries messagesOut = new TimeSeries("out (to clients)");
    private final TimeSeries sessions = new TimeSeries("sessions");
    private final TimeSeries errors = new TimeSeries("errors/s");
    private final List<TimeSeries> engineSeries = List.of(bytesIn, bytesOut, messagesIn, messagesOut, sessions,
            errors);
    private final TimeSeries sessionBytesIn = new TimeSeries("in (from client)");
    private final TimeSeries sessionBytesOut = new TimeSeries("out (to client)");
    private final List<TimeSeries> sessionSeries = List.of(sessionBytesIn, sessionBytesOut);
    private final DoubleProperty lowerBound = new SimpleDoubleProperty(-MIN_SPAN_SECONDS);
    private final DoubleProperty upperBound = new SimpleDoubleProperty(0);
    private final DoubleProperty tickUnit = new SimpleDoubleProperty(15);
    private final ObservableList<SessionChoice> sessionChoices = FXCollections.observableArrayList();
    private final ObjectProperty<SessionChoice> selectedSession = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper sessionSummary = new ReadOnlyStringWrapper("Pick a session to chart it.");
    private final ReadOnlyStringWrapper engineSummary = new ReadOnlyStringWrapper("Waiting for the first sample…");
    private final SessionRates rates = new SessionRates();
    /** The session the per-session chart holds points of; -1 before one was picked. */
    private long charted = -1;
    /** Set while the picker's list is replaced: the picker's passing null is not the person's choice. */
    private boolean replacingChoices;

    /** {@code origin} is cut to the minute, so time-axis ticks fall on round wall-clock times (:00, :15, :30). */
    public ThroughputViewModel(Instant origin) {
        this.origin = origin.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        selectedSession.addListener((o, old, now) -> {
            // a list change, or the same session put back: the chart keeps its history
            if (replacingChoices || now == null || now.sessionId() == charted) {
                return;
            }
            charted = now.sessionId();
            rates.reset();
            sessionSeries.forEach(TimeSeries::clear);
            sessionSummary.set("Rates of session #" + now.sessionId() + " since you picked it…");
        });
    }

    /** Fills the engine charts with the history the engine kept before the console opened this view. */
    public void load(List<ThroughputSample> history) {
        history.forEach(this::addEngineSample);
        trimAndScale();
    }

    public void onTick(EngineTick tick) {
        tick.samples().forEach(this::addEngineSample);
        updateSessions(tick.sessions(), tick.at());
        trimAndScale();
    }

    private void addEngineSample(ThroughputSample s) {
        double x = x(s.second());
        bytesIn.add(x, s.bytesIn());
        bytesOut.add(x, s.bytesOut());
        messagesIn.add(x, s.messagesIn());
        messagesOut.add(x, s.messagesOut());
        sessions.add(x, s.sessions());
        errors.add(x, s.errors());
        upperBound.set(Math.max(upperBound.get(), x));
        engineSummary.set("Now: " + Formats.bytesPerSecond(s.bytesIn()) + " in, "
                + Formats.bytesPerSecond(s.bytesOut()) + " out · " + Formats.count(s.messagesIn() + s.messagesOut())
                + " messages/s · " + Formats.count(s.queries()) + " queries/s · " + s.sessions() + " sessions · "
                + s.errors() + " errors/s");
    }

    private void updateSessions(List<SessionSnapshot> live, Instant at) {
        List<SessionChoice> choices = live.stream().map(SessionChoice::of).toList();
        if (!choices.equals(sessionChoices)) {
            replacingChoices = true;
            try {
                sessionChoices.setAll(choices);
                // setAll may clear a ComboBox's value; put the selection back while its session still lives
                Optional<SessionChoice> same = choices.stream().filter(c -> c.sessionId() == charted).findFirst();
                if (same.isPresent() && selectedSession.get() != same.get()) {
                    selectedSession.set(same.get());
                }
            } finally {
                replacingChoices = false;
            }
        }
        if (charted < 0) {
            return;
        }
        Optional<SessionSnapshot> snapshot = live.stream().filter(s -> s.id() == charted).findFirst();
        if (snapshot.isEmpty()) {
            sessionSummary.set("Session #" + charted + " has ended; its chart stays until you pick another.");
            return;
        }
        rates.next(snapshot.get(), at).ifPresent(this::addSessionRate);
    }

    private void addSessionRate(SessionRate r) {
        double x = x(r.at());
        sessionBytesIn.add(x, r.bytesIn());
        sessionBytesOut.add(x, r.bytesOut());
        upperBound.set(Math.max(upperBound.get(), x));
        sessionSummary.set("Session #" + r.sessionId() + ": " + Formats.bytesPerSecond(r.bytesIn()) + " in, "
                + Formats.bytesPerSecond(r.bytesOut()) + " out · " + String.format(java.util.Locale.ROOT,
                "%.0f messages/s · %.0f queries/s", r.messagesIn() + r.messagesOut(), r.queries()));
    }

    /**
     * Keeps 15 minutes of points, and lets the time axis span only what there is (at least a minute) so a young
     * engine's first minute fills the chart instead of a sliver at its right edge.
     */
    private void trimAndScale() {
        double upper = upperBound.get();
        double oldest = upper - WINDOW.toSeconds();
        engineSeries.forEach(s -> s.trimBefore(oldest));
        sessionSeries.forEach(s -> s.trimBefore(oldest));
        double first = bytesIn.points().isEmpty() ? upper : bytesIn.points().get(0).getXValue().doubleValue();
        double lower = Math.min(Math.max(first, oldest), upper - MIN_SPAN_SECONDS);
        double span = upper - lower;
        double unit = span <= 120 ? 15 : span <= 300 ? 30 : span <= 600 ? 60 : 120;
        tickUnit.set(unit);
        // the axis ticks from its lower bound: start it on a multiple of the unit (the origin is on a minute), at
        // most a unit later than the oldest point, and keep the axis a minute wide
        double aligned = Math.ceil(lower / unit) * unit;
        lowerBound.set(upper - aligned < MIN_SPAN_SECONDS ? aligned - unit : aligned);
    }

    /**
     * What a chart's lines read at {@code x} (the point nearest to it), for the hover label: "23:41:15 · in (from
     * clients) 1.2 KB/s · out (to clients) 3.4 KB/s"; empty when the lines have no points.
     */
    public String valuesAt(double x, java.util.function.DoubleFunction<String> format, TimeSeries... lines) {
        StringBuilder out = new StringBuilder();
        double at = Double.NaN;
        for (TimeSeries line : lines) {
            var p = line.nearest(x);
            if (p == null) {
                continue;
            }
            at = p.getXValue().doubleValue();
            out.append(" · ").append(line.name()).append(' ').append(format.apply(p.getYValue().doubleValue()));
        }
        return Double.isNaN(at) ? "" : timeLabels().toString(at) + out;
    }

    private double x(Instant t) {
        return Duration.between(origin, t).toMillis() / 1000.0;
    }

    public Instant origin() {
        return origin;
    }

    /** Axis labels as wall-clock times. */
    public StringConverter<Number> timeLabels() {
        return new StringConverter<>() {
            @Override
            public String toString(Number x) {
                return Formats.clock(origin.plusMillis(Math.round(x.doubleValue() * 1000)));
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("axis labels are read-only");
            }
        };
    }

    public TimeSeries bytesIn() { return bytesIn; }
    public TimeSeries bytesOut() { return bytesOut; }
    public TimeSeries messagesIn() { return messagesIn; }
    public TimeSeries messagesOut() { return messagesOut; }
    public TimeSeries sessions() { return sessions; }
    public TimeSeries errors() { return errors; }
    public TimeSeries sessionBytesIn() { return sessionBytesIn; }
    public TimeSeries sessionBytesOut() { return sessionBytesOut; }
    public DoubleProperty lowerBoundProperty() { return lowerBound; }
    public DoubleProperty upperBoundProperty() { return upperBound; }
    /** Seconds between labelled ticks on the time axis, about eight labels whatever the span. */
    public DoubleProperty tickUnitProperty() { return tickUnit; }
    public ObservableList<SessionChoice> sessionChoices() { return sessionChoices; }
    public ObjectProperty<SessionChoice> selectedSessionProperty() { return selectedSession; }
    public ReadOnlyStringProperty sessionSummaryProperty() { return sessionSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty engineSummaryProperty() { return engineSummary.getReadOnlyProperty(); }
}
