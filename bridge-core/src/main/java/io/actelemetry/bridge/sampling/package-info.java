/**
 * The {@link io.actelemetry.bridge.sampling.Sampler}: polls a page source on an absolute schedule,
 * takes consistent copies when the physics step moves, knows live from paused, replay and off, and
 * hands frames to a sink. Time is a {@link io.actelemetry.bridge.sampling.TimeSource}: real for the
 * bridge, virtual for tests and simulated sessions.
 */
package io.actelemetry.bridge.sampling;
