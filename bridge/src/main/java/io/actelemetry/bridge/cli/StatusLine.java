package io.actelemetry.bridge.cli;

import io.actelemetry.bridge.delivery.DeliveryStats;
import io.actelemetry.bridge.delivery.FrameRecorder;
import io.actelemetry.bridge.delivery.IngestClient;
import io.actelemetry.bridge.sampling.Sampler;
import io.actelemetry.bridge.sampling.SamplerState;
import io.actelemetry.bridge.sampling.SamplerStats;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The console: one status line refreshed every second, and messages (connected, lost, waiting for
 * the game...) printed above it with the time. On a terminal the status line overwrites itself;
 * when the output is a file or a pipe, it is printed as a plain line every ten seconds instead.
 */
final class StatusLine {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter out;
    private final boolean terminal;
    private final String sourceName;
    private int lastWidth;
    private long lastFrames;
    private long lastNanos = System.nanoTime();
    private long ticks;
    private SamplerState lastState;

    StatusLine(PrintWriter out, boolean terminal, String sourceName) {
        this.out = out;
        this.terminal = terminal;
        this.sourceName = sourceName;
    }

    /** A message for the user, on its own line. */
    synchronized void message(String text) {
        clearLine();
        out.println(LocalTime.now().format(CLOCK) + "  " + text);
        out.flush();
    }

    /** Called once a second. */
    void tick(Sampler sampler, Optional<IngestClient> client, Optional<FrameRecorder> recorder) {
        SamplerStats stats = sampler.stats();
        if (stats.state() != lastState) {
            String change = describe(stats);
            lastState = stats.state();
            if (!change.isEmpty()) {
                message(change);
            }
        }
        long now = System.nanoTime();
        double rate = (stats.frames() - lastFrames) * 1e9 / Math.max(1, now - lastNanos);
        lastFrames = stats.frames();
        lastNanos = now;
        String line =
                format(
                        stats.state(),
                        rate,
                        client.map(IngestClient::stats),
                        client.map(IngestClient::target),
                        recorder);
        synchronized (this) {
            ticks++;
            if (terminal) {
                out.print("\r" + pad(line));
                lastWidth = line.length();
                out.flush();
            } else if (ticks % 10 == 0) {
                out.println(LocalTime.now().format(CLOCK) + "  " + line);
                out.flush();
            }
        }
    }

    /** Leaves the status line as the last line of the run. */
    synchronized void finish() {
        if (terminal && lastWidth > 0) {
            out.println();
            out.flush();
            lastWidth = 0;
        }
    }

    static String format(
            SamplerState state,
            double framesPerSecond,
            Optional<DeliveryStats> delivery,
            Optional<String> target,
            Optional<FrameRecorder> recorder) {
        StringBuilder line = new StringBuilder();
        line.append(state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        line.append(String.format(Locale.ROOT, " | %.0f fr/s", framesPerSecond));
        if (delivery.isPresent()) {
            DeliveryStats d = delivery.get();
            line.append(" | ")
                    .append(target.orElse(""))
                    .append(' ')
                    .append(d.state().name().toLowerCase(Locale.ROOT));
            line.append(" | buffered ").append(d.buffered());
            line.append(" | acked ").append(d.acked());
            if (d.evicted() > 0) {
                line.append(" | evicted ").append(d.evicted());
            }
        } else {
            line.append(" | streaming off");
        }
        if (recorder.isPresent()) {
            FrameRecorder r = recorder.get();
            line.append(" | rec ").append(r.frames()).append(" fr ").append(megabytes(r.bytes()));
            if (r.dropped() > 0) {
                line.append(" (").append(r.dropped()).append(" left out: disk too slow)");
            }
        } else {
            line.append(" | recording off");
        }
        return line.toString();
    }

    private String describe(SamplerStats stats) {
        return switch (stats.state()) {
            case WAITING_FOR_GAME ->
                    "Waiting for Assetto Corsa ("
                            + sourceName
                            + "): start the game and drive out of the pits.";
            case STARTING -> "Found the game's pages; waiting for the physics to move.";
            case LIVE -> "Live: sampling.";
            case PAUSED -> "Paused: not streaming until you drive again.";
            case REPLAY -> "Replay: not streaming replays.";
            case OFF -> "In the menus or the session ended: not streaming.";
            case NOT_ASSETTO_CORSA ->
                    "Not streaming: "
                            + (stats.problem().isEmpty()
                                    ? "these pages are not Assetto Corsa's"
                                    : stats.problem());
        };
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private void clearLine() {
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    private String pad(String line) {
        return line.length() >= lastWidth ? line : line + " ".repeat(lastWidth - line.length());
    }
}
