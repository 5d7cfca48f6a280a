package io.actelemetry.bridge.delivery;

import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where each sampled frame goes: the recording first (it keeps everything), then the ingest stream.
 * Either may be off. Called on the sampler thread and never blocks it.
 */
public final class Delivery implements Consumer<TelemetryFrame>, AutoCloseable {

    private final Optional<FrameRecorder> recorder;
    private final Optional<IngestClient> client;

    public Delivery(Optional<FrameRecorder> recorder, Optional<IngestClient> client) {
        this.recorder = recorder;
        this.client = client;
    }

    /** Serializes the frame once; the recording and the stream take the same bytes. */
    @Override
    public void accept(TelemetryFrame frame) {
        if (recorder.isEmpty() && client.isEmpty()) {
            return;
        }
        SerializedFrame serialized = SerializedFrame.of(frame);
        // No capturing lambdas on this path: each would be an object per frame, which C1-compiled
        // code allocates through the VM.
        if (recorder.isPresent()) {
            recorder.get().write(serialized);
        }
        if (client.isPresent()) {
            client.get().offer(serialized);
        }
    }

    public Optional<FrameRecorder> recorder() {
        return recorder;
    }

    public Optional<IngestClient> client() {
        return client;
    }

    /** Ends the stream (after its drain timeout), then closes the recording. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (client.isPresent()) {
                client.get().close();
            }
        } finally {
            recorder.ifPresent(FrameRecorder::close);
        }
    }
}
