/**
 * A simulated Assetto Corsa that writes the same page bytes as the game: a GT3-like car lapping a 5
 * km circuit, with AC's timing quirks and scripted events ({@link
 * io.actelemetry.bridge.sim.Scenario}). As a page source ({@code sim:seed=7,scenario=demo}) it
 * feeds the live bridge in real time; {@link io.actelemetry.bridge.sim.SimulatedSession} gives its
 * frames through the real sampler in virtual time, for tests, demos and load generation.
 *
 * <p>Scenario syntax: {@code seed=N}, {@code scenario=demo|laps}, {@code laps=N}, {@code
 * events=KIND@LAP.FRACTION[/SECONDS]+...} with KIND one of off_track, pit_stop, restart,
 * teleport_to_pits, pause, replay, game_exit, stall, glitch; e.g. {@code
 * sim:seed=3,scenario=laps,laps=4,events=pause@2.5/3+stall@3.2/4+glitch@3.6}.
 */
package io.actelemetry.bridge.sim;
