package io.rolegate.engine.session;

import io.rolegate.engine.config.TargetSessionAttrs;
import io.rolegate.engine.config.UpstreamHost;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's walk through the upstream hosts: the next host to try, whether the server it logged in to fits,
 * and why each host before it did not — the client's error names them all when none fits.
 */
final class HostChoice {
    private final TargetSessionAttrs target;
    private final List<UpstreamHost> firstRound;
    private final List<UpstreamHost> secondRound;
    private final List<String> refusals = new ArrayList<>();
    private int next;
    private boolean inSecondRound;

    HostChoice(TargetSessionAttrs target, List<UpstreamHost> firstRound, List<UpstreamHost> secondRound) {
        this.target = target;
        this.firstRound = firstRound;
        this.secondRound = secondRound;
    }

    /** The next host to try, or null when every host was tried. */
    UpstreamHost next() {
        if (!inSecondRound && next == firstRound.size() && !secondRound.isEmpty()) {
            inSecondRound = true;
            next = 0;
        }
        List<UpstreamHost> round = inSecondRound ? secondRound : firstRound;
        return next < round.size() ? round.get(next++) : null;
    }

    /** True while a host is left to try, in this round or the next. */
    boolean hasMore() {
        return inSecondRound ? next < secondRound.size() : next < firstRound.size() || !secondRound.isEmpty();
    }

    /** True when the server must say what it is before the session may use it. */
    boolean checksServer() {
        return target != TargetSessionAttrs.ANY && !inSecondRound;
    }

    boolean fits(Boolean inHotStandby, boolean defaultReadOnly) {
        return target.fits(inHotStandby, defaultReadOnly, inSecondRound);
    }

    void refused(String why) {
        refusals.add(why);
    }

    /** Why no host could be used, for the client and the log. */
    String explanation() {
        if (refusals.size() == 1 && !checksServer()) {
            return refusals.get(0);
        }
        String what = target == TargetSessionAttrs.ANY ? "no upstream server could be used"
                : "no upstream server fits targetSessionAttrs " + target.yamlName();
        return "rolegate: " + what + ": " + String.join("; ", refusals.stream().map(r -> r.replaceFirst("^rolegate: ", "")).toList());
    }
}
