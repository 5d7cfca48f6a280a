package io.actelemetry.job.source.grpc.split;

/** What the bridge numbers frames per: a session and a car ({@code ""} for the player's car). */
public record SessionCar(String sessionId, String carId) {}
