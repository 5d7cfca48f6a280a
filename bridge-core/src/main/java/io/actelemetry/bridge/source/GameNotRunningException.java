package io.actelemetry.bridge.source;

/** The game's pages are gone (the game exited, the page files were removed). */
public class GameNotRunningException extends RuntimeException {
    public GameNotRunningException(String message) {
        super(message);
    }
}
