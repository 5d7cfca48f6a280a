/**
 * Lap analytics: frames of one (session, car) in, laps and lap segments out.
 *
 * <ul>
 *   <li>{@link io.actelemetry.job.laps.LapTracker} — plain Java, no Flink: {@code accept(frame, out)} in time
 *       order, {@code finish(out)} at the end of input. The rules of what a lap is are in its javadoc.</li>
 *   <li>{@link io.actelemetry.job.laps.LapTrackingFunction} — the keyed Flink function around it: key with
 *       {@code LapTrackingFunction.KEY}; main output {@link io.actelemetry.job.laps.LapRow}, side outputs
 *       {@code SEGMENTS} ({@link io.actelemetry.job.laps.SegmentRow}) and {@code NO_LAP_DATA}
 *       ({@link io.actelemetry.job.laps.NoLapData}); a counter metric {@code lateFrames}.</li>
 *   <li>{@link io.actelemetry.job.laps.LapOptions} — mini-sector count, tyres-out allowance, waits, tolerance.</li>
 * </ul>
 * Rows and state are Flink POJOs (public fields, no collections) so neither goes through Kryo.
 */
package io.actelemetry.job.laps;
