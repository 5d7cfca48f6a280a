/**
 * Where page bytes come from: {@link io.actelemetry.bridge.source.PageSource} with the game's shared
 * memory (Windows, JNA), a folder of page files, or the simulated game, chosen by
 * {@link io.actelemetry.bridge.source.PageSources#parse}. {@link io.actelemetry.bridge.source.ConsistentReader}
 * turns the game's unlocked pages into consistent copies; {@link io.actelemetry.bridge.source.PageFolder}
 * captures them to a folder.
 */
package io.actelemetry.bridge.source;
