/**
 * Where page bytes come from: {@link io.actelemetry.bridge.source.PageSource}, implemented here by
 * a folder of page files and (in {@code sim}) the simulated game, and by the Windows bridge for the
 * game's shared memory. {@link io.actelemetry.bridge.source.ConsistentReader} turns the game's
 * unlocked pages into consistent copies; {@link io.actelemetry.bridge.source.PageFolder} captures
 * them to a folder.
 */
package io.actelemetry.bridge.source;
