package io.actelemetry.deploy;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Recordings of the simulated game, written as the bridge writes them. */
public final class Recordings {
    private Recordings() {}

    /**
     * A simulated session's frames: a rolling start, then {@code laps} flying laps (about 31,000
     * frames a lap).
     */
    static List<TelemetryFrame> session(int laps, long seed) {
        try (Stream<TelemetryFrame> frames = SimulatedSession.frames(Scenario.laps(laps, seed))) {
            return frames.toList();
        }
    }

    /**
     * Writes {@code frames} as one recording into {@code folder}, appearing there at once (written
     * beside it, then moved in), as a finished bridge recording does for a job watching the folder.
     */
    public static Path write(Iterable<TelemetryFrame> frames, Path folder, String name)
            throws IOException {
        Files.createDirectories(folder);
        Path partial = folder.resolveSibling(folder.getFileName() + "-" + name + ".partial");
        try (RecordingWriter w = RecordingWriter.open(partial)) {
            for (TelemetryFrame f : frames) w.write(f);
        }
        return Files.move(partial, folder.resolve(name + ".pb.gz"), StandardCopyOption.ATOMIC_MOVE);
    }
}
