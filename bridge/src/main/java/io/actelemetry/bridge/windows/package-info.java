/**
 * What only Windows has, through JNA: the game's shared memory ({@link
 * io.actelemetry.bridge.windows.SharedMemoryPageSource}) and the 1 ms timer resolution the sampler
 * needs there ({@link io.actelemetry.bridge.windows.WindowsTimerResolution}). Nothing else in the
 * project depends on this package.
 */
package io.actelemetry.bridge.windows;
