/**
 * The game's three shared-memory pages as records ({@link io.actelemetry.bridge.pages.PhysicsPage},
 * {@link io.actelemetry.bridge.pages.GraphicsPage}, {@link
 * io.actelemetry.bridge.pages.StaticPage}), raw values with the game's own semantics. Each record
 * carries its {@link io.actelemetry.bridge.pages.Layout}: the offsets of docs/ac-shared-memory.md
 * written down once, used to decode page bytes and to encode records back into bytes (the simulated
 * game, the tests).
 */
package io.actelemetry.bridge.pages;
