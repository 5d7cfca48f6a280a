/**
 * The {@code ac-bridge} program ({@link io.actelemetry.bridge.cli.BridgeMain}): assembles a page
 * source ({@link io.actelemetry.bridge.cli.PageSources}), the sampler and delivery from the command
 * line, shows a status line, and stops cleanly on Ctrl+C. Launchers for Windows are in {@code
 * bridge/src/main/dist}.
 */
package io.actelemetry.bridge.cli;
