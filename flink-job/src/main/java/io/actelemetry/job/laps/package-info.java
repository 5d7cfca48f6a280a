/**
 * Lap analytics: frames of one (session, car) in, laps and lap segments out.
 *
 * <ul>
 *   <li>{@link io.actelemetry.job.laps.LapTracker} — plain Java, no Flink: {@code accept(frame,
 *       ahead, out)} in time order with the frames known to follow, {@code finish(out)} at the end
 *       of input. The rules of what a lap is are in its javadoc; {@link
 *       io.actelemetry.job.laps.Glitches} replaces one bad sample's values, and {@link
 *       io.actelemetry.job.laps.LapFieldEvidence} decides whether a key's lap fields are the
 *       game's.
 *   <li>{@link io.actelemetry.job.laps.LapTrackingFunction} — the keyed Flink function around it:
 *       key with {@code LapTrackingFunction.KEY}; main output {@link
 *       io.actelemetry.job.laps.LapRow}, side outputs {@code SEGMENTS} ({@link
 *       io.actelemetry.job.laps.SegmentRow}) and {@code LAP_FIELDS} ({@link
 *       io.actelemetry.job.laps.LapFieldsVerdict}); counter metrics {@code lateFrames}, {@code
 *       duplicateFrames}.
 *   <li>{@link io.actelemetry.job.laps.LapOptions} — mini-sector count, tyres-out allowance, waits,
 *       tolerance.
 * </ul>
 *
 * Rows and state are Flink POJOs (public fields, no collections) so neither goes through Kryo.
 */
package io.actelemetry.job.laps;
