/**
 * Where sampled frames go: {@link io.actelemetry.bridge.delivery.Delivery} hands each frame to the
 * {@link io.actelemetry.bridge.delivery.FrameRecorder} (a {@code .pb.gz} recording written on its
 * own thread, flushed every second) and to the {@link io.actelemetry.bridge.delivery.IngestClient}
 * (the {@code TelemetryIngest.StreamFrames} client: a bounded buffer of frames the server has not
 * committed, flow control, reconnects with backoff that re-send what is uncommitted, TLS and a
 * bearer token, configured by {@link io.actelemetry.bridge.delivery.IngestOptions}). Neither ever
 * blocks the sampler.
 */
package io.actelemetry.bridge.delivery;
