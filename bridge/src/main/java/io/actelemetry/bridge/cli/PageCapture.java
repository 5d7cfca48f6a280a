package io.actelemetry.bridge.cli;

import io.actelemetry.bridge.source.GameNotRunningException;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.bridge.source.PageFolder;
import io.actelemetry.bridge.source.PageSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code --capture-pages}: saves the game's three pages to a folder for a bug report. Waits for the
 * game, then for the physics to have started (packetId 0 is the game's warm-up and replays as
 * nothing), so the capture shows a car on track.
 */
final class PageCapture {

    /**
     * How long to wait for a session before taking the pages as they are (menus are worth a report
     * too).
     */
    private static final Duration SESSION_WAIT = Duration.ofSeconds(10);

    private PageCapture() {}

    static void capture(
            PageSource pages, Path folder, Optional<Duration> giveUpAfter, PrintWriter out)
            throws IOException, InterruptedException {
        long deadline =
                giveUpAfter.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        long sessionDeadline = Long.MAX_VALUE;
        boolean toldGame = false;
        boolean toldSession = false;
        while (true) {
            try {
                if (pages.attach()) {
                    sessionDeadline =
                            Math.min(sessionDeadline, System.nanoTime() + SESSION_WAIT.toNanos());
                    if (pages.readInt(Page.PHYSICS, 0) != 0
                            || System.nanoTime() >= sessionDeadline) {
                        PageFolder.capture(pages, folder);
                        say(
                                out,
                                "Captured the physics, graphics and static pages of "
                                        + pages.describe()
                                        + " to "
                                        + folder.toAbsolutePath()
                                        + " (replay them with --source dir:"
                                        + folder
                                        + ")");
                        return;
                    }
                    if (!toldSession) {
                        say(
                                out,
                                "Found the game; waiting up to "
                                        + SESSION_WAIT.toSeconds()
                                        + " s for a session to start...");
                        toldSession = true;
                    }
                } else if (!toldGame) {
                    say(
                            out,
                            "Waiting for Assetto Corsa to capture its pages (Ctrl+C to give"
                                    + " up)...");
                    toldGame = true;
                }
            } catch (GameNotRunningException gone) {
                sessionDeadline = Long.MAX_VALUE; // it went away while we looked: wait for it again
            }
            if (System.nanoTime() >= deadline) {
                throw new IOException(
                        "the game did not start within "
                                + giveUpAfter.get()
                                + ": nothing captured");
            }
            Thread.sleep(100);
        }
    }

    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
