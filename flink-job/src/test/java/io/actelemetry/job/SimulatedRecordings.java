package io.actelemetry.job;

import io.actelemetry.bridge.sim.Scenario;
import io.actelemetry.bridge.sim.SimulatedSession;
import io.actelemetry.proto.v1.TelemetryFrame;
import io.actelemetry.recording.RecordingWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Recordings of the bridge's simulated game, for tests. */
public final class SimulatedRecordings {

    private SimulatedRecordings() {}

    /** Writes {@code scenario}'s frames, each passed through {@code edit}, to {@code file}; returns the count. */
    public static long write(Path file, Scenario scenario, UnaryOperator<TelemetryFrame> edit) throws IOException {
        try (Stream<TelemetryFrame> frames = SimulatedSession.frames(scenario);
             RecordingWriter w = RecordingWriter.open(file)) {
            for (TelemetryFrame f : (Iterable<TelemetryFrame>) frames::iterator) w.write(edit.apply(f));
            return w.framesWritten();
        }
    }

    public static long write(Path file, Scenario scenario) throws IOException {
        return write(file, scenario, UnaryOperator.identity());
    }
}
