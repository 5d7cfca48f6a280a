/**
 * Decoded pages to the wire's {@code TelemetryFrame}: the game's raw semantics fixed (gear offset,
 * lap times from the integer milliseconds), sequence numbers, the check that the pages are Assetto
 * Corsa's, and flags for values outside their usual range.
 */
package io.actelemetry.bridge.mapping;
